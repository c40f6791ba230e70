"""Wire protocol v1: message shapes, field checks and error codes (docs/protocol.md).

Every frame is one JSON object with a ``type``. Checks here are pure (no database), so a bad
message is answered before it costs a thread or a transaction. Each failure is a
DispatchError whose ``to_wire()`` names a stable code and a readable reason.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from console.errors import DispatchError, InvalidInput
from console.fields import Field
from console.fields import field as _f
from console.hub import codec

VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
#: ``command_id``: optional on every request (old clients omit it); a write that carries
#: one is done once and a repeat is answered with the first result (console.hub.commands).
MAX_COMMAND_ID = 64
#: Fixes stamped further ahead of the hub's clock than this are refused.
MAX_FUTURE = timedelta(minutes=5)
#: Fixes older than this are refused (a phone's clock is wrong, or a stale queue).
MAX_PAST = timedelta(hours=24)


class BadMessage(DispatchError):
    """Not JSON, not an object, or no usable ``type``; ``rid`` is the request's id when the
    frame had a usable one, so the answer still reaches the right request."""

    code = "bad_message"

    def __init__(self, message: str, *, rid: object = None, **details: object) -> None:
        super().__init__(message, **details)
        self.rid = rid


class UnknownType(DispatchError):
    code = "unknown_type"


class UnsupportedVersion(DispatchError):
    code = "unsupported_version"


class RateLimited(DispatchError):
    code = "rate_limited"


HELLO = [
    _f("v", "int"),
    _f("kind", "str", max_len=16),
    _f("token", "str", False, max_len=200),
    _f("username", "str", False, max_len=64),
    _f("password", "str", False, max_len=200),
    _f("session", "str", False, max_len=400),
    _f("resume_from", "int", False, lo=0, hi=2**62),
]


#: The longest ``type`` any message may carry (the longest real one is far shorter).
MAX_TYPE_LEN = 32


def decode(raw: str | bytes) -> dict[str, Any]:
    """Parse one frame into an object with a string ``type``. The request's ``id`` is
    checked first, so an error about anything else still carries it back."""
    try:
        msg = codec.loads(raw)  # orjson or json; both raise MalformedJSON (see codec.py)
    except codec.MalformedJSON as exc:
        raise BadMessage(exc.reason) from None
    if not isinstance(msg, dict):
        raise BadMessage(f"message must be a JSON object, got {type(msg).__name__}")
    rid = msg.get("id")
    if rid is not None and not _valid_id(rid):
        msg["id"] = None
        raise BadMessage("'id' must be a string of at most 64 characters or an integer")
    kind = msg.get("type")
    if not isinstance(kind, str) or not kind:
        raise BadMessage("message needs a non-empty string 'type'", rid=rid)
    if len(kind) > MAX_TYPE_LEN:
        raise BadMessage(
            f"'type' is {len(kind)} characters long; no message type is longer than "
            f"{MAX_TYPE_LEN}",
            rid=rid,
        )
    return msg


def _valid_id(rid: object) -> bool:
    if isinstance(rid, bool):
        return False
    return (isinstance(rid, int) and abs(rid) < 2**53) or (isinstance(rid, str) and len(rid) <= 64)


#: kind -> type -> fields, read from the operation table (console.operations) on first use.
_SCHEMAS: dict[str, dict[str, list[Field]]] = {}


def check(kind: str, msg: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Validate ``msg`` for a connection of ``kind``; return its fields (absent ones omitted)."""
    schemas = _SCHEMAS.get(kind)
    if schemas is None:
        # The table names the hub's service functions, and importing those runs console.hub's
        # package (which imports this module): look it up on first use, then keep it.
        from console.operations import schemas_for

        schemas = _SCHEMAS[kind] = schemas_for(kind)
    spec = schemas.get(msg["type"])
    if spec is None:
        allowed = ", ".join(sorted(schemas))
        raise UnknownType(
            f"unknown message type {msg['type']!r} for a {kind} connection; "
            f"expected one of: {allowed}",
            message_type=msg["type"],
        )
    command_id = msg.get("command_id")
    if command_id is None:
        return fields(msg, spec, now)
    out = fields({k: v for k, v in msg.items() if k != "command_id"}, spec, now)
    if not isinstance(command_id, str) or not 0 < len(command_id) <= MAX_COMMAND_ID:
        raise InvalidInput(
            f"command_id must be text of 1 to {MAX_COMMAND_ID} characters", field="command_id"
        )
    out["command_id"] = command_id
    return out


#: id(spec) -> (spec, names a message may carry): built once per spec, not per message
#: (profiled: the field checks were the largest cost of a position fix in the hub).
_KNOWN: dict[int, tuple[list[Field], frozenset[str]]] = {}


_PLAIN_NUMBERS = (float, int)


def _known(spec: list[Field]) -> frozenset[str]:
    entry = _KNOWN.get(id(spec))
    if entry is None or entry[0] is not spec:
        entry = _KNOWN[id(spec)] = (spec, frozenset({f.name for f in spec} | {"type", "id"}))
    return entry[1]


def fields(msg: dict[str, Any], spec: list[Field], now: datetime) -> dict[str, Any]:
    known = _known(spec)
    if not known.issuperset(msg):
        extra = sorted(k for k in msg if k not in known)
        raise InvalidInput(
            f"unknown field(s) for {msg['type']}: {', '.join(extra[:5])}", field=extra[0]
        )
    out: dict[str, Any] = {}
    get = msg.get
    for f in spec:
        value = get(f.name)
        if value is None:
            if f.required:
                raise InvalidInput(f"{msg['type']} needs '{f.name}'", field=f.name)
            continue
        if (
            f.kind == "num"
            and type(value) in _PLAIN_NUMBERS  # exact types: bool is not let through
            and f.lo is not None
            and f.hi is not None
        ):
            # the common case (coordinates, speeds), checked inline
            if not (f.lo <= value <= f.hi):  # NaN fails this too
                if not math.isfinite(value):
                    raise InvalidInput(f"{f.name} must be a finite number", field=f.name)
                _range(f.name, value, f.lo, f.hi)
            out[f.name] = float(value)
            continue
        out[f.name] = _value(f, value, now)
    return out


def _value(f: Field, value: Any, now: datetime) -> Any:
    if f.kind in ("int", "id"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{f.name} must be a whole number", field=f.name)
        lo, hi = (1, 2**31) if f.kind == "id" else (f.lo, f.hi)
        _range(f.name, value, lo, hi)
        return value
    if f.kind == "num":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InvalidInput(f"{f.name} must be a finite number", field=f.name)
        _range(f.name, value, f.lo, f.hi)
        return float(value)
    if f.kind == "str":
        if not isinstance(value, str):
            raise InvalidInput(f"{f.name} must be text", field=f.name)
        if len(value) > f.max_len:
            raise InvalidInput(f"{f.name} is longer than {f.max_len} characters", field=f.name)
        return value
    if f.kind == "bool":
        if not isinstance(value, bool):
            raise InvalidInput(f"{f.name} must be true or false", field=f.name)
        return value
    if f.kind == "list":
        if not isinstance(value, list):
            raise InvalidInput(f"{f.name} must be a list", field=f.name)
        if len(value) > f.max_len:
            raise InvalidInput(f"{f.name} has more than {f.max_len} items", field=f.name)
        return value
    if f.kind == "time":
        return parse_time(f.name, value, now)
    raise InvalidInput(f"{f.name} has an unsupported kind", field=f.name)  # pragma: no cover


def _range(name: str, value: float, lo: float | None, hi: float | None) -> None:
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InvalidInput(f"{name} {value} is outside {lo:g}..{hi:g}", field=name)


def parse_time(name: str, value: Any, now: datetime) -> datetime:
    """An ISO 8601 timestamp with an offset, not far in the future nor a day old."""
    if not isinstance(value, str) or len(value) > 40:
        raise InvalidInput(f"{name} must be an ISO 8601 timestamp string", field=name)
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} {value!r} is not an ISO 8601 timestamp", field=name) from None
    if at.tzinfo is None:
        raise InvalidInput(f"{name} needs a UTC offset (e.g. 'Z' or '+08:00')", field=name)
    if at > now + MAX_FUTURE:
        raise InvalidInput(
            f"{name} {value} is more than 5 minutes ahead of the hub clock", field=name
        )
    if at < now - MAX_PAST:
        raise InvalidInput(f"{name} {value} is more than a day old", field=name)
    return at


def ok(rid: object, **result: Any) -> str:
    return codec.dumps({"type": "ok", "id": rid, **result})


def error(rid: object, exc: DispatchError) -> str:
    if rid is None and isinstance(exc, BadMessage):
        rid = exc.rid
    return codec.dumps({**exc.to_wire(), "type": "error", "id": rid})


def dumps(msg: dict[str, Any]) -> str:
    return codec.dumps(msg)


class HubUnavailable(DispatchError):
    """The hub cannot be reached (offline, reconnecting or no answer in time)."""

    code = "unavailable"


def _error_classes() -> dict[str, type[DispatchError]]:
    from console import errors
    from console.hub.auth import AuthFailed

    classes: list[type[DispatchError]] = [
        errors.NotFound,
        errors.InvalidInput,
        errors.IllegalTransition,
        errors.Conflict,
        errors.Refused,
        errors.Forbidden,
        BadMessage,
        UnknownType,
        UnsupportedVersion,
        RateLimited,
        HubUnavailable,
        AuthFailed,
    ]
    return {c.code: c for c in classes}


def error_from_wire(msg: dict[str, Any]) -> DispatchError:
    """Rebuild the hub's error on the client side, with the same class and code."""
    code = str(msg.get("code", "error"))
    details = {k: v for k, v in msg.items() if k not in ("type", "id", "code", "reason")}
    cls = _error_classes().get(code)
    exc = (cls or DispatchError)(str(msg.get("reason", "")), **details)
    if cls is None:
        exc.code = code
    return exc
