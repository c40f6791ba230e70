"""The hub's JSON codec: orjson, with the standard library as the fallback.

Profiling ``bench hub`` at 10,000 field apps put ``json.loads``/``json.dumps`` among the
largest costs of the hub process (every fix is decoded once and re-encoded in a broadcast).
orjson does both in C, several times faster; it is a core dependency, and the standard
library path is kept for ``--codec json`` (the bench's comparison) and for a platform
without an orjson wheel.

Both paths behave the same on the wire: compact separators, text (``str``) out, anything
JSON cannot encode turned into ``str(value)`` (as ``json.dumps(..., default=str)`` does),
and every malformed input — not JSON, bad UTF-8, nested too deeply — raises
``MalformedJSON`` (a ValueError), so callers answer with the same error code either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

try:  # an optional speed-up, not one of our own modules: fall back to the stdlib
    import orjson
except ImportError:  # pragma: no cover - exercised by the fallback test via use_stdlib()
    orjson = None  # type: ignore[assignment]

class MalformedJSON(ValueError):
    """The frame is not JSON we accept; ``reason`` is fit for an error answer."""

    def __init__(self, reason: str, *, too_deep: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_deep = too_deep


def _std_loads(raw: str | bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedJSON(f"message is not valid JSON: {exc}") from None
    except RecursionError:  # json raises it, not ValueError, on a few thousand '['
        raise MalformedJSON("message is nested too deeply", too_deep=True) from None


def _std_dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), default=str)


if orjson is not None:
    # subclasses of str, int and dict (StrEnum values) are written as json writes them
    _OPTS = (
        orjson.OPT_NON_STR_KEYS  # like json: {1: x} -> {"1": x}
        | orjson.OPT_PASSTHROUGH_DATETIME  # like json + default=str, not RFC 3339
        | orjson.OPT_PASSTHROUGH_DATACLASS
    )
    _orjson_loads = orjson.loads
    _orjson_dumps = orjson.dumps
    _Error = orjson.JSONDecodeError

    def _fast_loads(raw: str | bytes) -> Any:
        try:
            return _orjson_loads(raw)
        except _Error as exc:
            text = str(exc)
            if "depth limit" in text or "recursion" in text.lower():
                raise MalformedJSON("message is nested too deeply", too_deep=True) from None
            raise MalformedJSON(f"message is not valid JSON: {text}") from None

    def _fast_dumps(obj: Any) -> str:
        try:
            return _orjson_dumps(obj, default=str, option=_OPTS).decode()
        except TypeError:  # e.g. an integer past 64 bits: the stdlib encodes it
            return _std_dumps(obj)


loads: Callable[[str | bytes], Any]
dumps: Callable[[Any], str]
#: Which implementation is in use ("orjson" or "json"), reported by the benches.
BACKEND: str


def use_stdlib(stdlib: bool = True) -> None:
    """Switch implementation (tests compare both; ``stdlib=False`` needs orjson)."""
    global loads, dumps, BACKEND
    if stdlib or orjson is None:
        loads, dumps, BACKEND = _std_loads, _std_dumps, "json"
    else:
        loads, dumps, BACKEND = _fast_loads, _fast_dumps, "orjson"


use_stdlib(orjson is None)
