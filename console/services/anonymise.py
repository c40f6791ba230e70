"""What anonymising a customer rewrites, everywhere their data was copied.

Name and phone are replaced ("Anonymised #12", ``anon-12``), the address is cut to the
district and the location rounded to about a kilometre — in the customer row, their calls,
the events of those calls, the webhook deliveries that carried those events, and the audit
rows. Free text written about their calls (the intake notes, dispatchers' notes, the
customer's feedback) can hold anything — a gate code, a neighbour's name — so it is removed,
not guessed at. Counts, times, money, ratings, districts and technicians stay, so every
report adds up the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.db.models import AuditRecord, Call, CallNote, Customer, Event, WebhookDelivery
from console.domain import TERMINAL_STATUSES

#: What removed free text reads as (notes, feedback).
REMOVED = "[removed: customer anonymised]"
_TERMINAL = [s.value for s in TERMINAL_STATUSES]
_CHUNK = 500


def due_customers(session: Session, cutoff: datetime) -> list[Customer]:
    """Customers not yet anonymised whose last call began before ``cutoff`` and who have no
    open call."""
    last_call = (
        select(Call.customer_id, func.max(Call.created_at).label("last"))
        .group_by(Call.customer_id)
        .subquery()
    )
    open_customers = select(Call.customer_id).where(Call.status.not_in(_TERMINAL))
    return list(
        session.execute(
            select(Customer)
            .outerjoin(last_call, last_call.c.customer_id == Customer.id)
            .where(
                Customer.anonymised_at.is_(None),
                func.coalesce(last_call.c.last, Customer.created_at) < cutoff,
                Customer.id.not_in(open_customers),
            )
            .order_by(Customer.id)
        ).scalars()
    )


def anonymise(session: Session, c: Customer, now: datetime) -> None:
    c.name, c.phone = f"Anonymised #{c.id}", f"anon-{c.id}"
    c.address, c.lat, c.lon = c.district or "", round(c.lat, 2), round(c.lon, 2)
    c.anonymised_at = now
    calls = session.execute(select(Call).where(Call.customer_id == c.id)).scalars().all()
    call_ids = [call.id for call in calls]
    for call in calls:
        call.address = call.district or c.district or ""
        call.lat, call.lon = round(call.lat, 2), round(call.lon, 2)
        call.notes = REMOVED if call.notes else ""
        call.feedback = REMOVED if call.feedback else call.feedback
    for chunk in _chunks(call_ids):
        for note in session.execute(select(CallNote).where(CallNote.call_id.in_(chunk))).scalars():
            note.text = REMOVED
    scrubbed = _scrub_events(session, c, call_ids)
    _scrub_deliveries(session, scrubbed)
    _scrub_audit(session, c, call_ids)


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def scrub_payload(payload: dict[str, Any], c: Customer) -> dict[str, Any]:
    """An event's payload with the customer's data replaced (other calls' left alone)."""
    out = dict(payload)
    call = payload.get("call")
    if isinstance(call, dict) and call.get("customer_id") == c.id:
        out["call"] = {
            **call,
            "customer_name": c.name,
            "phone": c.phone,
            "address": call.get("district") or c.address,
            "lat": round(float(call.get("lat", c.lat)), 2),
            "lon": round(float(call.get("lon", c.lon)), 2),
            **({"notes": REMOVED} if call.get("notes") else {}),
            **({"feedback": REMOVED} if call.get("feedback") else {}),
        }
    note = payload.get("note")
    if isinstance(note, dict) and "text" in note:
        out["note"] = {**note, "text": REMOVED}
    return out


def _scrub_events(session: Session, c: Customer, call_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rewrite the customer's data inside the events of their calls; the new payloads by
    event ``seq``."""
    scrubbed: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(call_ids):
        for ev in session.execute(select(Event).where(Event.call_id.in_(chunk))).scalars():
            new = scrub_payload(ev.payload, c)
            if new != ev.payload:
                ev.payload = new
                scrubbed[ev.seq] = new
    return scrubbed


def _scrub_deliveries(session: Session, scrubbed: dict[int, dict[str, Any]]) -> None:
    """A webhook delivery carries a copy of its event: it gets the rewritten copy (a
    delivery still pending is sent anonymised)."""
    seqs = sorted(scrubbed)
    for chunk in _chunks(seqs):
        for d in session.execute(
            select(WebhookDelivery).where(WebhookDelivery.event_seq.in_(chunk))
        ).scalars():
            d.payload = {**d.payload, "data": scrubbed[d.event_seq]}


def _scrub_audit(session: Session, c: Customer, call_ids: list[int]) -> None:
    for row in session.execute(
        select(AuditRecord).where(AuditRecord.entity == "customer", AuditRecord.entity_id == c.id)
    ).scalars():
        row.after = {**(row.after or {}), "name": c.name} if row.after else row.after
    for chunk in _chunks(call_ids):
        for row in session.execute(
            select(AuditRecord).where(
                AuditRecord.entity == "call",
                AuditRecord.entity_id.in_(chunk),
                AuditRecord.action.in_(("add_note", "rate_call")),
            )
        ).scalars():
            row.before = _without_text(row.before)
            row.after = _without_text(row.after)


def _without_text(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if not values:
        return values
    return {k: (REMOVED if k in ("text", "feedback") and v else v) for k, v in values.items()}
