"""Reading a JSON body with the websocket protocol's limits.

The body is an object of the same fields the websocket message has (without ``type`` and
``id``); the hub's protocol checks, run by ``Hub.execute``, are the one place those fields
are validated.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from console.api.context import ApiContext
from console.api.problems import TooLarge, UnsupportedMediaType
from console.errors import InvalidInput
from console.hub import protocol


async def json_object(request: Request, ctx: ApiContext, *,
                      allow_empty: bool = False) -> dict[str, Any]:
    """The body as a JSON object, refusing oversized, non-JSON or non-object bodies
    (an empty body is ``{}`` where ``allow_empty``)."""
    limit = ctx.limits.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the body is {declared} bytes; the limit is {limit}", limit=limit)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and ctype != "application/json" and not ctype.endswith("+json"):
        raise UnsupportedMediaType(f"send application/json, not {ctype}")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise TooLarge(f"the body is larger than {limit} bytes", limit=limit)
    if allow_empty and not raw.strip():
        return {}
    try:
        value = json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise protocol.BadMessage(f"the body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise protocol.BadMessage(f"the body must be a JSON object, got {type(value).__name__}")
    return value


def fields(body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A websocket message's fields from a body plus what the URL or headers carry; the
    hub checks them (``Hub.execute``). ``type`` and ``id`` belong to the websocket frame
    and, like a field given twice, are unknown here."""
    reserved = sorted(k for k in body if k in ("type", "id", *extra))
    if reserved:
        raise InvalidInput(f"unknown field(s): {', '.join(reserved)}", field=reserved[0])
    return {**body, **extra}
