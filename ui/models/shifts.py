"""The night the shift timeline draws, in the call center's time zone."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.timezone import CENTER_TZ

NIGHT_START = time(18, 0)
NIGHT_HOURS = 14  # 18:00 -> 08:00


def night_window(now: datetime, tz: str = CENTER_TZ) -> tuple[datetime, datetime]:
    """Tonight from 18:00 to 08:00 local, crossing midnight: before 08:00 that is the night
    that began yesterday evening."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    day = local.date() if local.hour >= 8 else (local - timedelta(days=1)).date()
    start = datetime.combine(day, NIGHT_START, zone)
    return start, start + timedelta(hours=NIGHT_HOURS)
