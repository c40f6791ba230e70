"""Reading a hand-edited TOML file: field checks that say what is wrong, and finding the
line a problem is on (tomllib reports lines for syntax errors only; for a bad value we scan
the text for the table and key that hold it)."""

from __future__ import annotations

import math
import re
from datetime import time
from typing import Any

KeyPath = tuple[str | int, ...]


class Problem(Exception):
    """A bad value at ``path`` (keys and array indices from the top of the file)."""

    def __init__(self, path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def locate(text: str, path: KeyPath) -> int:
    """The 1-based line that defines the deepest part of ``path`` (a key, an inline table
    entry or a ``[table]`` header); 1 when nothing in the file matches."""
    want = tuple(str(p) for p in path)
    best_line, best_len = 1, 0
    table: tuple[str, ...] = ()
    arrays: dict[tuple[str, ...], int] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        candidates: list[tuple[str, ...]] = []
        if line.startswith("[["):
            name = _keys(line.strip("[] \t").split("#")[0])
            arrays[name] = arrays.get(name, -1) + 1
            table = (*name, str(arrays[name]))
            candidates.append(table)
        elif line.startswith("["):
            table = _keys(line.split("]")[0].strip("[ \t"))
            candidates.append(table)
        elif "=" in line and not line.startswith("#"):
            key, rest = line.split("=", 1)
            full = (*table, *_keys(key))
            candidates.append(full)
            candidates += [(*full, _unquote(k)) for k in re.findall(r"([\w\"'-]+)\s*=", rest)]
        for cand in candidates:
            if len(cand) > best_len and want[: len(cand)] == cand:
                best_line, best_len = lineno, len(cand)
    return best_line


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(_unquote(k) for k in dotted.split(".") if k.strip())


def _unquote(key: str) -> str:
    return key.strip().strip("\"'")


def only(table: dict[str, Any], allowed: set[str], p: KeyPath) -> None:
    for key in table:
        if key not in allowed:
            raise Problem(
                (*p, key), f"unknown key {key!r}; expected one of: {', '.join(sorted(allowed))}"
            )


def table(d: dict[str, Any], key: str, p: KeyPath) -> dict[str, Any]:
    value = d.get(key)
    if value is None:
        raise Problem(p, f"missing [{'.'.join(map(str, (*p, key)))}] table")
    if not isinstance(value, dict):
        raise Problem((*p, key), f"{key} must be a table")
    return value


def string(d: dict[str, Any], key: str, p: KeyPath, default: str | None = None) -> str:
    value = d.get(key, default)
    if value is None:
        raise Problem(p, f"missing required key {key!r}")
    if not isinstance(value, str):
        raise Problem((*p, key), f"{key} must be text, got {type(value).__name__}")
    return value


def number(
    d: dict[str, Any],
    key: str,
    p: KeyPath,
    *,
    lo: float,
    hi: float,
    default: float | None = None,
    whole: bool = False,
) -> float:
    value = d.get(key, default)
    if value is None:
        raise Problem(p, f"missing required key {key!r}")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Problem((*p, key), f"{key} must be a number, got {value!r}")
    if whole and not float(value).is_integer():
        raise Problem((*p, key), f"{key} must be a whole number, got {value}")
    if not lo <= value <= hi:
        raise Problem((*p, key), f"{key} must be between {lo:g} and {hi:g}, got {value}")
    return float(value)


def hhmm(d: dict[str, Any], key: str, p: KeyPath) -> time:
    value = string(d, key, p)
    if not re.fullmatch(r"\d{2}:\d{2}", value):
        raise Problem((*p, key), f"{key} {value!r} is not a local time HH:MM")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise Problem((*p, key), f"{key} {value!r} is not a valid time of day") from None


def weights(d: dict[str, Any], key: str, p: KeyPath, allowed: list[str]) -> dict[str, float]:
    found = table(d, key, p)
    out: dict[str, float] = {}
    for name in found:
        if name not in allowed:
            raise Problem((*p, key, name), f"{key}: {name!r} is not one of: {', '.join(allowed)}")
        out[name] = number(found, name, (*p, key), lo=0, hi=1e6)
    if sum(out.values()) <= 0:
        raise Problem((*p, key), f"{key} needs at least one weight above 0")
    return out
