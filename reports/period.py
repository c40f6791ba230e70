"""Report periods in the call center's local time, and where the local clock's offset is fixed.

A week is ISO week Monday 00:00 local to the next Monday 00:00 local; each boundary is
converted to UTC on its own, so a week that crosses a DST change is 167 or 169 hours long and
still starts at local midnight. Queries that bucket by local hour or weekday add a fixed UTC
offset in SQL; :func:`offset_segments` splits a period where that offset changes (DST), and
each segment is queried with its own offset and the buckets are summed. Asia/Shanghai has no
DST, so its weeks are one segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reports.errors import ReportError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open UTC interval [start, end) with its local description."""

    start: datetime
    end: datetime
    tz: ZoneInfo
    label: str  # "2026-W47"

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.tz)


@dataclass(frozen=True, slots=True)
class Segment:
    """Part of a period during which local time = UTC + ``offset`` seconds."""

    start: datetime
    end: datetime
    offset: int


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReportError(
            f"unknown time zone {name!r} (use an IANA name like Asia/Shanghai)"
        ) from None


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(UTC)


def parse_week(week: str, tz: ZoneInfo) -> Period:
    """``2026-W47`` -> the ISO week in ``tz``; anything else is a clear error."""
    m = _WEEK.match(week.strip()) if isinstance(week, str) else None
    if not m:
        raise ReportError(f"week {week!r} is not an ISO week like 2026-W47")
    year, num = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, num, 1)
    except ValueError:
        raise ReportError(f"week {week!r} does not exist: {year} has no ISO week {num}") from None
    return week_of(monday, tz)


def week_of(monday: date, tz: ZoneInfo) -> Period:
    iso = monday.isocalendar()
    label = f"{iso.year}-W{iso.week:02d}"
    return Period(
        _local_midnight(monday, tz), _local_midnight(monday + timedelta(7), tz), tz, label
    )


def previous_week(period: Period) -> Period:
    monday = period.local_start.date() - timedelta(days=7)
    return week_of(monday, period.tz)


def parse_date(value: str | date) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReportError(f"date {value!r} is not a date like 2026-11-26") from None


def overnight(day: date, tz: ZoneInfo) -> Period:
    """The handover window: 18:00 local the day before ``day`` to 08:00 local on ``day``."""
    start = datetime.combine(day - timedelta(1), time(18, 0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day, time(8, 0), tzinfo=tz).astimezone(UTC)
    return Period(start, end, tz, day.isoformat())


def _offset(at: datetime, tz: ZoneInfo) -> int:
    delta = at.astimezone(tz).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def offset_segments(start: datetime, end: datetime, tz: ZoneInfo) -> list[Segment]:
    """Split [start, end) where the zone's UTC offset changes (found hourly, then bisected)."""
    segments: list[Segment] = []
    seg_start, current = start, _offset(start, tz)
    probe = start
    while probe < end:
        nxt = min(probe + timedelta(hours=1), end)
        point = nxt if nxt < end else end - timedelta(microseconds=1)
        if _offset(point, tz) != current:
            lo, hi = probe, point  # offset(lo) == current, offset(hi) differs
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if _offset(mid, tz) == current else (lo, mid)
            change = hi.replace(microsecond=0)
            segments.append(Segment(seg_start, change, current))
            seg_start, current = change, _offset(change, tz)
        probe = nxt
    segments.append(Segment(seg_start, end, current))
    return segments


NIGHT_START, NIGHT_END = 22, 6


def is_night_hour(hour: int) -> bool:
    """Night is 22:00-06:00 local (hours 22, 23, 0..5)."""
    return hour >= NIGHT_START or hour < NIGHT_END
