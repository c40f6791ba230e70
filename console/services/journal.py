"""Audit records and events, written inside the caller's transaction.

Sequence numbers come from one counter row: ``UPDATE ... SET last_seq = last_seq + n
RETURNING`` holds that row's lock until commit, so writers are serialised at the moment
they log, sequence numbers never skip (a rolled-back transaction gives its numbers back)
and events commit in sequence order. On PostgreSQL a NOTIFY naming the last sequence is
queued in the same transaction and delivered only at commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from console.db.models import AuditRecord, Event, EventCounter
from console.services.actors import Actor

NOTIFY_CHANNEL = "dispatch_events"


@dataclass(slots=True)
class PendingEvent:
    type: str
    payload: dict[str, Any]
    call_id: int | None = None
    technician_id: int | None = None


@dataclass(slots=True)
class Journal:
    """Collects one transaction's audit rows and events, then writes them together."""

    session: Session
    actor: Actor
    at: datetime
    events: list[PendingEvent] = field(default_factory=list)

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reason: str | None = None,
    ) -> None:
        self.session.add(
            AuditRecord(
                at=self.at,
                actor=self.actor.label,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=before,
                after=after,
                reason=reason,
            )
        )

    def event(
        self,
        type_: str,
        payload: dict[str, Any],
        *,
        call_id: int | None = None,
        technician_id: int | None = None,
    ) -> None:
        self.events.append(PendingEvent(type_, payload, call_id, technician_id))

    def flush(self) -> list[int]:
        """Write the collected events with the next sequence numbers; return them."""
        if not self.events:
            return []
        self.session.flush()
        n = len(self.events)
        last = self.session.execute(
            update(EventCounter)
            .where(EventCounter.id == 1)
            .values(last_seq=EventCounter.last_seq + n)
            .returning(EventCounter.last_seq)
        ).scalar_one()
        first = last - n + 1
        seqs = list(range(first, last + 1))
        for seq, ev in zip(seqs, self.events, strict=True):
            payload = {**ev.payload, "actor": self.actor.to_wire()}
            self.session.add(
                Event(
                    seq=seq,
                    at=self.at,
                    type=ev.type,
                    call_id=ev.call_id,
                    technician_id=ev.technician_id,
                    payload=payload,
                )
            )
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": NOTIFY_CHANNEL, "payload": str(last)},
            )
        self.events.clear()
        self.session.flush()
        return seqs


def last_seq(session: Session) -> int:
    value = session.execute(select(EventCounter.last_seq).where(EventCounter.id == 1)).scalar()
    return int(value or 0)
