"""OpenAPI schemas derived from the websocket protocol's field table, so the HTTP document
and the checks that run can never disagree (one table, the rest derived)."""

from __future__ import annotations

from typing import Any

from console.fields import Field
from console.operations import schemas_for

_TYPES = {"int": "integer", "id": "integer", "num": "number", "str": "string",
          "bool": "boolean", "list": "array", "obj": "object", "time": "string"}


def field_schema(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _TYPES[f.kind]}
    if f.kind == "str":
        out["maxLength"] = f.max_len
    elif f.kind == "list":
        out["maxItems"] = f.max_len
    elif f.kind == "id":
        out.update(minimum=1, maximum=2**31)
    elif f.kind == "time":
        out["format"] = "date-time"
    if f.kind in ("int", "num"):
        if f.lo is not None:
            out["minimum"] = f.lo
        if f.hi is not None:
            out["maximum"] = f.hi
    return out


def message_schema(kind: str, type_: str, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """JSON schema of a websocket message's fields as an HTTP body."""
    spec = [f for f in schemas_for(kind)[type_] if f.name not in without]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in spec if f.required],
        "properties": {f.name: field_schema(f) for f in spec},
    }


def json_body(kind: str, type_: str, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """``openapi_extra`` for a route whose body is read by ``body.json_object``."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": message_schema(kind, type_, without=without)}}}}


PROBLEM = {
    "description": "RFC 9457 problem document; `code` is the websocket protocol's error code",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
