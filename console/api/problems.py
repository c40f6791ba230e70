"""RFC 9457 problem documents carrying the websocket protocol's error codes.

A refusal is the same DispatchError the hub would send on a websocket; here it becomes an
``application/problem+json`` body whose ``code`` (and details such as ``field``) match
docs/protocol.md, with the HTTP status that code means.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from console.errors import DispatchError, InvalidInput
from console.hub.protocol import BadMessage

MEDIA_TYPE = "application/problem+json"

STATUS: dict[str, int] = {
    "bad_message": 400,
    "invalid": 422,
    "unknown_type": 404,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "illegal_transition": 409,
    "refused": 409,
    "rate_limited": 429,
    "expired": 410,
    "too_large": 413,
    "unsupported_media_type": 415,
    "internal": 500,
}

TITLES: dict[str, str] = {
    "bad_message": "Malformed request",
    "invalid": "Invalid field",
    "unknown_type": "Unknown operation",
    "unauthorized": "Missing or unknown credentials",
    "forbidden": "Not allowed",
    "not_found": "Not found",
    "conflict": "Changed by someone else",
    "illegal_transition": "Not allowed in this status",
    "refused": "Refused by policy",
    "rate_limited": "Too many requests",
    "expired": "Link expired",
    "too_large": "Request body too large",
    "unsupported_media_type": "Body must be JSON",
    "internal": "Server error",
}


class TooLarge(DispatchError):
    code = "too_large"


class UnsupportedMediaType(DispatchError):
    code = "unsupported_media_type"


class Internal(DispatchError):
    code = "internal"


def problem(exc: DispatchError, instance: str, status: int | None = None) -> JSONResponse:
    """The response for one refusal."""
    status = status or STATUS.get(exc.code, 400)
    doc: dict[str, Any] = {
        "type": f"/v1/problems/{exc.code}",
        "title": TITLES.get(exc.code, "Refused"),
        "status": status,
        "detail": exc.message,
        "instance": instance,
        **exc.to_wire(),
    }
    doc.pop("reason", None)
    headers: dict[str, str] = {}
    retry = exc.details.get("retry_after")
    if status == 429 and isinstance(retry, int | float):
        headers["Retry-After"] = str(max(1, math.ceil(retry)))
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="dispatch-console"'
    return JSONResponse(doc, status_code=status, media_type=MEDIA_TYPE, headers=headers)


async def on_dispatch_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DispatchError)
    return problem(exc, request.url.path)


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own checks (query parameters, headers) become ``invalid`` with a field."""
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "header", "path", "body")]
    name = loc[0] if loc else "request"
    msg = str(first.get("msg", "is invalid"))
    return problem(InvalidInput(f"{name}: {msg}", field=name), request.url.path)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Routing errors (no such path, wrong method) as problem documents too."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        err: DispatchError = DispatchError(f"no resource at {request.url.path}")
        err.code = "not_found"
    elif exc.status_code == 405:
        err = BadMessage(f"{request.method} is not allowed on {request.url.path}")
    else:
        err = DispatchError(str(exc.detail))
        err.code = "bad_message"
    return problem(err, request.url.path, exc.status_code)
