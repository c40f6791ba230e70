"""Cost entries: travel, labor, parts and platform fees, against a call."""

from __future__ import annotations

from console.db.engine import Database
from console.db.models import Call, CostEntry, Technician
from console.domain import CostKind
from console.errors import InvalidInput, NotFound
from console.services import validate
from console.services.actors import Actor
from console.services.journal import Journal


def add_cost_entry(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    kind: str | CostKind,
    amount: float,
    quantity: float = 0.0,
    technician_id: int | None = None,
    note: str = "",
) -> int:
    """Record a cost (amount in currency units; quantity is km for travel, minutes for labor)."""
    cost_kind = validate.choice("kind", CostKind, kind)
    cents = validate.money_cents("amount", amount)
    if cents is None:
        raise InvalidInput("amount is required", field="amount")
    if isinstance(quantity, bool) or not isinstance(quantity, int | float) or quantity < 0:
        raise InvalidInput("quantity must be a number of at least 0", field="quantity")
    text = validate.text("note", note, max_len=500, allow_empty=True)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        if session.get(Call, call_id) is None:
            raise NotFound(f"call {call_id} does not exist", call_id=call_id)
        if technician_id is not None and session.get(Technician, technician_id) is None:
            raise NotFound(f"technician {technician_id} does not exist",
                           technician_id=technician_id)
        entry = CostEntry(call_id=call_id, technician_id=technician_id, kind=cost_kind.value,
                          quantity=float(quantity), amount_cents=cents, note=text,
                          created_at=journal.at)
        session.add(entry)
        session.flush()
        record = {"kind": cost_kind.value, "amount_cents": cents, "quantity": float(quantity),
                  "technician_id": technician_id, "note": text}
        journal.audit("add_cost", "cost_entry", entry.id, None, record)
        journal.event("cost.added", {"cost_id": entry.id, "call_id": call_id, **record},
                      call_id=call_id, technician_id=technician_id)
        journal.flush()
        return entry.id
