"""How figures are printed: money, durations, rates and changes, with a dash for "no data"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

DASH = "–"


def money(cents: float | None, currency: str = "¥") -> str:
    if cents is None:
        return DASH
    sign = "-" if cents < 0 else ""
    return f"{sign}{currency}{abs(cents) / 100:,.2f}"


def minutes(seconds: float | None) -> str:
    """Durations in minutes with one decimal: '23.4 min'."""
    return DASH if seconds is None else f"{seconds / 60:.1f} min"


def hours(seconds: float | None) -> str:
    return DASH if seconds is None else f"{seconds / 3600:.1f}"


def pct(rate: float | None) -> str:
    return DASH if rate is None else f"{rate * 100:.1f}%"


def count(n: int | None) -> str:
    return DASH if n is None else f"{n:,}"


def rating(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}"


def km(value: float | None) -> str:
    return DASH if value is None else f"{value:,.1f}"


def change(now: float | None, before: float | None, *, kind: str = "rel", new: str = "new") -> str:
    """The change from last week: relative % for counts and money, points for rates."""
    if now is None or before is None:
        return DASH
    if kind == "pts":
        return f"{(now - before) * 100:+.1f} pts"
    if kind == "abs_min":
        return f"{(now - before) / 60:+.1f} min"
    if kind == "abs":
        return f"{now - before:+.2f}"
    if before == 0:
        return DASH if now == 0 else new
    return f"{(now - before) / abs(before) * 100:+.1f}%"


def local(at: datetime | None, tz: ZoneInfo, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return DASH if at is None else at.astimezone(tz).strftime(pattern)


def age(seconds: float) -> str:
    """'35 min', '2 h 05 min', or '3 d 4 h' past two days."""
    total = max(0, int(seconds // 60))
    h, m = divmod(total, 60)
    if h >= 48:
        return f"{h // 24} d {h % 24} h"
    return f"{h} h {m:02d} min" if h else f"{m} min"


def clip(text: str, limit: int) -> str:
    """One table line: long names are cut with an ellipsis instead of overflowing."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
