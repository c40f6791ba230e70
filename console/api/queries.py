"""Read-only look-ups the HTTP API answers: a call's public status, pages of calls and of
completed jobs with their costs, technicians. Run on reader threads.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from console.db.engine import Database
from console.db.models import Assignment, Call, Technician
from console.domain import CallStatus
from console.errors import InvalidInput, NotFound
from console.timezone import CENTER_TZ
from console.travel import GreatCircleTravel
from console.views import call_view
from console.wire import call_to_wire, iso

_TRAVEL = GreatCircleTravel(tz=CENTER_TZ)
_COMING = {CallStatus.ASSIGNED.value, CallStatus.ACCEPTED.value, CallStatus.EN_ROUTE.value}
_PUBLIC = ("id", "status", "category", "priority", "channel", "address", "district", "lat",
           "lon", "customer_name", "created_at", "sla_deadline", "crew_size", "version",
           "price_quoted", "price_charged", "rating", "feedback", "step_times")


def first_name(name: str) -> str:
    """What a customer is told: 'James' for James Smith, '王师傅' for 王伟 (Master Wang)."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        return name.split()[0]
    return name if name.endswith("师傅") else name[0] + "师傅"


def technician(call: Call) -> Technician | None:
    """Who is on the job; after it is done, who did it."""
    active = [a for a in call.assignments if a.active]
    if active:
        return active[0].technician
    if call.status == CallStatus.COMPLETED.value and call.assignments:
        return max(call.assignments, key=lambda a: a.assigned_at).technician
    return None


def eta(call: Call, now: datetime) -> datetime | None:
    """When the technician should arrive, from the van's last fix (or base) on the travel
    model; None unless someone is assigned and not yet there."""
    tech = technician(call)
    if tech is None or call.status not in _COMING:
        return None
    if tech.last_lat is not None and tech.last_lon is not None:
        here = (tech.last_lat, tech.last_lon)
    else:
        here = (tech.home_lat, tech.home_lon)
    minutes = _TRAVEL.travel_minutes(here, (call.lat, call.lon), now)
    return now + timedelta(minutes=minutes)


def public_call(call: Call, now: datetime) -> dict[str, Any]:
    wire = call_to_wire(call_view(call))
    doc = {k: wire[k] for k in _PUBLIC}
    tech = technician(call)
    doc["technician_first_name"] = first_name(tech.name) if tech else None
    doc["eta"] = iso(eta(call, now))
    return doc


def fresh_call(wire: dict[str, Any]) -> dict[str, Any]:
    """The public view of a call just created: nobody is assigned yet, so no ETA."""
    return {**{k: wire[k] for k in _PUBLIC}, "technician_first_name": None, "eta": None}


def load(session: Session, call_id: int) -> Call | None:
    return session.execute(
        select(Call).where(Call.id == call_id).options(
            selectinload(Call.customer),
            selectinload(Call.assignments).selectinload(Assignment.technician),
        )
    ).scalar_one_or_none()


def _channel_prefix(channel_id: int) -> str:
    return f"{channel_id}:"


def read_call(db: Database, call_id: int, channel_id: int | None) -> dict[str, Any]:
    """One call; ``channel_id`` limits the answer to that channel's own calls."""
    with db.reading() as session:
        call = load(session, call_id)
        if call is None or (
            channel_id is not None
            and not (call.idempotency_key or "").startswith(_channel_prefix(channel_id))
        ):
            raise NotFound(f"call {call_id} does not exist", call_id=call_id)
        return public_call(call, db.now())


# --- pages -----------------------------------------------------------------------------


def encode_cursor(at: datetime, row_id: int) -> str:
    raw = json.dumps([at.isoformat(), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at_s, row_id = json.loads(raw)
        at = datetime.fromisoformat(at_s)
        if not isinstance(row_id, int) or at.tzinfo is None:
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidInput("cursor is not one this API gave out", field="cursor") from None
    return at, row_id


def _range(start: datetime, end: datetime) -> None:
    for name, value in (("from", start), ("to", end)):
        if value.tzinfo is None:
            raise InvalidInput(f"{name} needs a UTC offset (e.g. 'Z' or '+08:00')", field=name)
    if end <= start:
        raise InvalidInput("'to' must be after 'from'", field="to")


def list_calls(db: Database, start: datetime, end: datetime, cursor: str | None, limit: int,
               channel_id: int | None) -> dict[str, Any]:
    """Calls created in [start, end), oldest first, ``limit`` per page."""
    _range(start, end)
    q = select(Call).where(Call.created_at >= start, Call.created_at < end)
    if channel_id is not None:
        q = q.where(Call.idempotency_key.startswith(_channel_prefix(channel_id)))
    if cursor:
        at, last = decode_cursor(cursor)
        q = q.where(or_(Call.created_at > at, and_(Call.created_at == at, Call.id > last)))
    q = q.order_by(Call.created_at, Call.id).limit(limit + 1).options(
        selectinload(Call.customer),
        selectinload(Call.assignments).selectinload(Assignment.technician),
    )
    with db.reading() as session:
        rows = list(session.execute(q).scalars())
        now = db.now()
        page = [public_call(c, now) for c in rows[:limit]]
        nxt = encode_cursor(rows[limit - 1].created_at, rows[limit - 1].id) \
            if len(rows) > limit else None
    return {"calls": page, "next_cursor": nxt}


def _job(call: Call) -> dict[str, Any]:
    costs: dict[str, float] = {}
    for entry in call.cost_entries:
        costs[entry.kind] = costs.get(entry.kind, 0.0) + entry.amount_cents / 100
    techs = sorted({a.technician_id for a in call.assignments if a.end_reason != "unassigned"})
    charged = (call.price_charged_cents or 0) / 100
    total = round(sum(costs.values()), 2)
    return {
        "call_id": call.id,
        "completed_at": iso(call.completed_at),
        "created_at": iso(call.created_at),
        "category": call.category,
        "priority": call.priority,
        "channel": call.channel,
        "district": call.district,
        "technician_ids": techs,
        "price_charged": charged if call.price_charged_cents is not None else None,
        "costs": {k: round(v, 2) for k, v in sorted(costs.items())},
        "cost_total": total,
        "margin": round(charged - total, 2),
        "rating": call.rating,
    }


def list_jobs(db: Database, start: datetime, end: datetime, cursor: str | None,
              limit: int) -> dict[str, Any]:
    """Completed jobs in [start, end) by completion time, with cost entries by kind."""
    _range(start, end)
    q = select(Call).where(Call.status == CallStatus.COMPLETED.value,
                           Call.completed_at >= start, Call.completed_at < end)
    if cursor:
        at, last = decode_cursor(cursor)
        q = q.where(or_(Call.completed_at > at, and_(Call.completed_at == at, Call.id > last)))
    q = q.order_by(Call.completed_at, Call.id).limit(limit + 1).options(
        selectinload(Call.cost_entries), selectinload(Call.assignments))
    with db.reading() as session:
        rows = list(session.execute(q).scalars())
        page = [_job(c) for c in rows[:limit]]
        last_row = rows[limit - 1] if len(rows) > limit else None
        nxt = encode_cursor(last_row.completed_at, last_row.id) \
            if last_row is not None and last_row.completed_at is not None else None
    return {"jobs": page, "next_cursor": nxt}


def list_technicians(db: Database) -> dict[str, Any]:
    with db.reading() as session:
        rows = session.execute(
            select(Technician).where(Technician.active.is_(True)).order_by(Technician.id)
        ).scalars()
        return {"technicians": [
            {"id": t.id, "name": t.name, "first_name": first_name(t.name),
             "skills": list(t.skills), "status": t.status, "home_base": t.home_base}
            for t in rows
        ]}
