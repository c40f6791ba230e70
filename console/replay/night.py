"""Which stretch of history to replay: a night (18:00 to 08:00 local) or an explicit range."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.errors import InvalidInput

#: A replay holds its range in memory; two nights is the most anyone debriefs at once.
MAX_RANGE = timedelta(hours=48)
NIGHT_START = time(18, 0)
NIGHT_END = time(8, 0)


class ReplayError(InvalidInput):
    """Why a replay cannot be shown (empty night, range too long, old schema, bad date)."""


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReplayError(f"time zone {tz!r} is not a known IANA zone", field="tz") from None


def night_range(day: date, tz: str) -> tuple[datetime, datetime]:
    """18:00 on ``day`` to 08:00 the next morning, in the center's zone, as UTC."""
    zone = _zone(tz)
    start = datetime.combine(day, NIGHT_START, zone)
    end = datetime.combine(day + timedelta(days=1), NIGHT_END, zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def _parse_moment(text: str, tz: str, what: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ReplayError(
            f"{what} {text!r} is not a date and time like 2026-11-26T18:00", field=what
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone(tz))
    return value.astimezone(UTC)


def parse_range(
    night: str | None, start: str | None, end: str | None, tz: str
) -> tuple[datetime, datetime]:
    """``--replay DATE`` or ``--from``/``--to`` (local times unless they carry an offset)."""
    if night:
        try:
            day = date.fromisoformat(night.strip())
        except ValueError:
            raise ReplayError(
                f"night {night!r} is not a date like 2026-11-26", field="night"
            ) from None
        lo, hi = night_range(day, tz)
        lo = _parse_moment(start, tz, "from") if start else lo
        hi = _parse_moment(end, tz, "to") if end else hi
    else:
        if not (start and end):
            raise ReplayError("give a night (--replay 2026-11-26) or both --from and --to",
                              field="night")
        lo, hi = _parse_moment(start, tz, "from"), _parse_moment(end, tz, "to")
    check_range(lo, hi)
    return lo, hi


def check_range(start: datetime, end: datetime) -> None:
    if end <= start:
        raise ReplayError(f"the range ends ({end:%Y-%m-%d %H:%M} UTC) before it starts "
                          f"({start:%Y-%m-%d %H:%M} UTC)", field="to")
    if end - start > MAX_RANGE:
        hours = (end - start).total_seconds() / 3600
        raise ReplayError(
            f"the range is {hours:.0f} h long; a replay covers at most "
            f"{MAX_RANGE.total_seconds() / 3600:.0f} h (pick a night or a shorter --from/--to)",
            field="to",
        )
