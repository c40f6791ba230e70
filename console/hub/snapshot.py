"""What a console needs on connect, read in one consistent transaction and stamped with the
seq it reflects; plus the console's read-only look-ups (customer by phone, call detail).

These run on the hub's reader threads. On PostgreSQL the snapshot uses REPEATABLE READ so the
rows and the seq come from the same moment; SQLite's deferred read transaction already does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from console.db.engine import Database
from console.db.models import Assignment, Call, CallNote, CostEntry, Customer, Technician
from console.domain import TERMINAL_STATUSES
from console.errors import NotFound
from console.services.journal import last_seq
from console.views import assignment_view, call_view, technician_view
from console.wire import assignment_to_wire, call_to_wire, technician_to_wire

_TERMINAL = [s.value for s in TERMINAL_STATUSES]


def _consistent(session: Session, db: Database) -> None:
    if db.is_postgres:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def build_snapshot(
    db: Database, window: timedelta, positions: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """Technicians, open calls (and those of the last ``window``) and their assignments."""
    since = db.now() - window
    with db.reading() as session:
        _consistent(session, db)
        seq = last_seq(session)
        techs = (
            session.execute(
                select(Technician)
                .where(Technician.active.is_(True))
                .options(selectinload(Technician.shifts))
                .order_by(Technician.id)
            )
            .scalars()
            .all()
        )
        calls = (
            session.execute(
                select(Call)
                .where(or_(Call.status.not_in(_TERMINAL), Call.created_at >= since))
                .options(selectinload(Call.assignments), selectinload(Call.customer))
                .order_by(Call.id)
            )
            .scalars()
            .all()
        )
        assignments = (
            session.execute(
                select(Assignment)
                .where(or_(Assignment.active.is_(True), Assignment.assigned_at >= since))
                .order_by(Assignment.id)
            )
            .scalars()
            .all()
        )
        tech_wire = [technician_to_wire(technician_view(t)) for t in techs]
        for t in tech_wire:
            _overlay(t, positions.get(t["id"]))
        return {
            "type": "snapshot",
            "seq": seq,
            "at": db.now().isoformat(),
            "technicians": tech_wire,
            "calls": [call_to_wire(call_view(c)) for c in calls],
            "assignments": [assignment_to_wire(assignment_view(a)) for a in assignments],
        }


def _overlay(tech: dict[str, Any], latest: dict[str, Any] | None) -> None:
    """Prefer the hub's in-memory fix when it is newer than the batched database copy."""
    if latest is None:
        return
    stored = tech.get("position")
    if (
        stored
        and stored.get("at")
        and datetime.fromisoformat(stored["at"]) >= datetime.fromisoformat(latest["at"])
    ):
        return
    tech["position"] = {k: latest[k] for k in ("lat", "lon", "at", "accuracy", "heading", "speed")}


def lookup_customer(db: Database, phone: str) -> dict[str, Any] | None:
    """A caller's record and recent calls, so the call-taker sees history while answering."""
    with db.reading() as session:
        customer = session.execute(
            select(Customer).where(Customer.phone == phone.strip())
        ).scalar_one_or_none()
        if customer is None:
            return None
        calls = (
            session.execute(
                select(Call)
                .where(Call.customer_id == customer.id)
                .options(selectinload(Call.assignments), selectinload(Call.customer))
                .order_by(Call.created_at.desc())
                .limit(50)
            )
            .scalars()
            .all()
        )
        return {
            "customer": _customer_wire(customer),
            "calls": [call_to_wire(call_view(c)) for c in calls],
        }


def _customer_wire(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "phone": c.phone,
        "address": c.address,
        "district": c.district,
        "lat": c.lat,
        "lon": c.lon,
        "created_at": c.created_at.isoformat(),
    }


def call_detail(db: Database, call_id: int) -> dict[str, Any]:
    """One call with its assignment history, notes, costs and the customer's other calls."""
    with db.reading() as session:
        call = session.execute(
            select(Call)
            .where(Call.id == call_id)
            .options(selectinload(Call.assignments), selectinload(Call.customer))
        ).scalar_one_or_none()
        if call is None:
            raise NotFound(f"call {call_id} does not exist", call_id=call_id)
        notes = (
            session.execute(
                select(CallNote).where(CallNote.call_id == call_id).order_by(CallNote.id)
            )
            .scalars()
            .all()
        )
        costs = (
            session.execute(
                select(CostEntry).where(CostEntry.call_id == call_id).order_by(CostEntry.id)
            )
            .scalars()
            .all()
        )
        history = (
            session.execute(
                select(Call)
                .where(Call.customer_id == call.customer_id, Call.id != call_id)
                .options(selectinload(Call.assignments), selectinload(Call.customer))
                .order_by(Call.created_at.desc())
                .limit(20)
            )
            .scalars()
            .all()
        )
        return {
            "call": call_to_wire(call_view(call)),
            "customer": _customer_wire(call.customer),
            "assignments": [assignment_to_wire(assignment_view(a)) for a in call.assignments],
            "notes": [
                {"id": n.id, "author": n.author, "text": n.text, "at": n.created_at.isoformat()}
                for n in notes
            ],
            "costs": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "amount": c.amount_cents / 100,
                    "quantity": c.quantity,
                    "technician_id": c.technician_id,
                    "note": c.note,
                    "at": c.created_at.isoformat(),
                }
                for c in costs
            ],
            "history": [call_to_wire(call_view(c)) for c in history],
        }
