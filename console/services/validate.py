"""Input checks shared by the services; each failure names the field and the reason."""

from __future__ import annotations

import math
import re
from enum import Enum
from typing import TypeVar

from console.errors import InvalidInput

E = TypeVar("E", bound=Enum)

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")
#: The phone rule in words, for the error reason and docs/protocol.md (a test keeps them equal).
PHONE_RULE = (
    "an optional leading +, then 5 to 25 digits, spaces, hyphens and parentheses that start "
    "with a digit and hold at least 5 digits"
)


def text(field: str, value: object, *, max_len: int = 300, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text, got {type(value).__name__}", field=field)
    value = value.strip()
    if not value and not allow_empty:
        raise InvalidInput(f"{field} must not be empty", field=field)
    if len(value) > max_len:
        raise InvalidInput(f"{field} is longer than {max_len} characters", field=field)
    return value


def phone(value: object) -> str:
    value = text("phone", value, max_len=32)
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or digits < 5:
        raise InvalidInput(
            f"phone {value!r} is not a phone number: use {PHONE_RULE}", field="phone"
        )
    return value


def coordinate(lat: object, lon: object) -> tuple[float, float]:
    for name, val, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        if isinstance(val, bool) or not isinstance(val, int | float) or not math.isfinite(val):
            raise InvalidInput(f"{name} must be a finite number", field=name)
        if not -limit <= float(val) <= limit:
            raise InvalidInput(f"{name} {val} is outside -{limit}..{limit}", field=name)
    return float(lat), float(lon)  # type: ignore[arg-type]


def choice(field: str, enum: type[E], value: object) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum)
        raise InvalidInput(f"{field} {value!r} is not one of: {allowed}", field=field) from None


def money_cents(field: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"{field} must be a number", field=field)
    if value < 0:
        raise InvalidInput(f"{field} must not be negative, got {value}", field=field)
    if value > 1_000_000:
        raise InvalidInput(f"{field} {value} is implausibly large", field=field)
    return round(float(value) * 100)


def integer(field: str, value: object, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be a whole number", field=field)
    if not lo <= value <= hi:
        raise InvalidInput(f"{field} must be between {lo} and {hi}, got {value}", field=field)
    return value
