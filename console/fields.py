"""One field of a request: its name, wire kind and bounds.

Declared in the operation table (``console.operations``) and checked by the hub protocol
(``console.hub.protocol.fields``); kept apart from both so each front door shares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a message: name, wire kind and bounds (``str``: max length)."""

    name: str
    kind: str  # int, num, str, bool, time, list, obj, id
    required: bool = True
    lo: float | None = None
    hi: float | None = None
    max_len: int = 300


def field(name: str, kind: str, required: bool = True, **kw: Any) -> Field:
    return Field(name, kind, required, **kw)
