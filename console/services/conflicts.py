"""A dispatcher who lost a race for a call: recorded, so a night's review can show it.

The losing request writes nothing of its own (optimistic locking refuses it before any
change), so without this row a replay could not mark the moment two people reached for one
call. One audit row per refusal, ``dispatch_conflict`` on the call, written in its own
transaction after the refusal; the refusal itself is answered as before.
"""

from __future__ import annotations

from typing import Any

from console.db.engine import Database
from console.services.actors import Actor
from console.services.journal import Journal

ACTION = "dispatch_conflict"


def record(
    db: Database, *, actor: Actor, op: str, call_id: int, details: dict[str, Any], message: str
) -> None:
    with db.transaction() as session:
        Journal(session, actor, db.now()).audit(
            ACTION, "call", call_id, None, {"op": op, **_plain(details)}, reason=message
        )


def _plain(details: dict[str, Any]) -> dict[str, Any]:
    """The refusal's details as JSON-safe values (they name the winner)."""
    return {k: v if isinstance(v, str | int | float | bool | None) else str(v)
            for k, v in details.items()}
