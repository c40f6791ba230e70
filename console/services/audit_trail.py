"""The audit trail as the viewer reads it: filtered by person, action, call and time, newest
first, in pages (a cursor is the last row id seen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import AuditRecord

PAGE_MAX = 500


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str | None = None  # part of the actor label ("user:3 Ann", "cli", …)
    action: str | None = None  # exact action name
    call_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def row_to_wire(r: AuditRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "at": r.at.isoformat(),
        "actor": r.actor,
        "action": r.action,
        "entity": r.entity,
        "entity_id": r.entity_id,
        "before": r.before,
        "after": r.after,
        "reason": r.reason,
    }


def audit_page(
    db: Database, flt: AuditFilter, *, before_id: int | None = None, limit: int = 200
) -> dict[str, Any]:
    """Up to ``limit`` rows older than ``before_id``, newest first; ``next`` is the cursor
    for the following page (None after the last)."""
    limit = max(1, min(limit, PAGE_MAX))
    q = select(AuditRecord)
    if flt.actor:
        q = q.where(AuditRecord.actor.contains(flt.actor, autoescape=True))
    if flt.action:
        q = q.where(AuditRecord.action == flt.action)
    if flt.call_id is not None:
        q = q.where(AuditRecord.entity == "call", AuditRecord.entity_id == flt.call_id)
    if flt.since is not None:
        q = q.where(AuditRecord.at >= flt.since)
    if flt.until is not None:
        q = q.where(AuditRecord.at < flt.until)
    if before_id is not None:
        q = q.where(AuditRecord.id < before_id)
    with db.reading() as session:
        rows = session.execute(q.order_by(AuditRecord.id.desc()).limit(limit + 1)).scalars().all()
        page = [row_to_wire(r) for r in rows[:limit]]
    return {"rows": page, "next": page[-1]["id"] if len(rows) > limit else None}
