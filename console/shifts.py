"""Shift windows in the call center's time zone, including shifts that cross midnight."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.domain import ShiftWindowView


def _hhmm(value: str) -> time:
    return time.fromisoformat(value)


def shift_bounds(
    shift: ShiftWindowView, day: datetime, tz: ZoneInfo
) -> tuple[datetime, datetime]:
    """Start and end (aware) of ``shift`` when it starts on ``day``'s local date."""
    local_day = day.astimezone(tz).date()
    start = datetime.combine(local_day, _hhmm(shift.start), tz)
    end = datetime.combine(local_day, _hhmm(shift.end), tz)
    if end <= start:
        end += timedelta(days=1)
    return start, end


def current_shift_end(
    shifts: Iterable[ShiftWindowView], now: datetime, tz: str
) -> datetime | None:
    """When the shift covering ``now`` ends, or None if the technician is not on shift.

    A shift that started yesterday evening and crosses midnight still covers 03:00 today,
    so both today's and yesterday's windows are checked.
    """
    zone = ZoneInfo(tz)
    local_now = now.astimezone(zone)
    for back in (0, 1):
        day = local_now - timedelta(days=back)
        for shift in shifts:
            if shift.weekday != day.weekday():
                continue
            start, end = shift_bounds(shift, day, zone)
            if start <= local_now < end:
                return end
    return None


def minutes_left(
    shifts: Iterable[ShiftWindowView], now: datetime, tz: str
) -> float | None:
    end = current_shift_end(shifts, now, tz)
    return None if end is None else (end - now).total_seconds() / 60.0
