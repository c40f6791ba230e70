"""Taking a call: validate, find or create the customer, honour the channel's idempotency
key, open the call with its SLA deadline. One transaction with its audit record and event.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from console.db.engine import Database
from console.db.models import Call, Customer
from console.domain import (
    CATEGORY_SKILLS,
    SLA_MINUTES,
    CallStatus,
    CallView,
    Channel,
    Priority,
)
from console.errors import InvalidInput
from console.services import validate
from console.services.actors import Actor
from console.services.call_rows import (
    emit_call,
    snapshot,
)
from console.services.journal import Journal
from console.views import call_view


class Taken(NamedTuple):
    """A call as intake answers it: ``duplicate`` is true for every delivery of a key but
    the one whose transaction created the call."""

    call: CallView
    duplicate: bool


def create_call(db: Database, **kw: Any) -> CallView:
    """Record a new call; a repeated (channel, idempotency key) returns the first call."""
    return take_call(db, **kw).call


def take_call(
    db: Database,
    *,
    actor: Actor,
    customer_name: str,
    phone: str,
    address: str,
    lat: float,
    lon: float,
    category: str,
    priority: str | Priority = Priority.NORMAL,
    channel: str | Channel = Channel.PHONE,
    district: str = "",
    required_skills: list[str] | None = None,
    crew_size: int = 1,
    notes: str = "",
    price_quoted: float | None = None,
    idempotency_key: str | None = None,
    revisit_of: int | None = None,
) -> Taken:
    """Record a new call and say whether this delivery created it. Only the transaction
    that inserts the row answers ``duplicate=False``; a delivery that finds the key, or loses
    the unique-key race to an overlapping one, answers ``True``."""
    name = validate.text("customer_name", customer_name, max_len=120)
    tel = validate.phone(phone)
    addr = validate.text("address", address)
    lat_f, lon_f = validate.coordinate(lat, lon)
    if category not in CATEGORY_SKILLS:
        raise InvalidInput(
            f"category {category!r} is not one of: {', '.join(CATEGORY_SKILLS)}",
            field="category",
        )
    prio = validate.choice("priority", Priority, priority)
    chan = validate.choice("channel", Channel, channel)
    crew = validate.integer("crew_size", crew_size, 1, 4)
    quoted = validate.money_cents("price_quoted", price_quoted)
    note_text = validate.text("notes", notes, max_len=4000, allow_empty=True)
    skills = list(required_skills or (s.value for s in CATEGORY_SKILLS[category]))
    if idempotency_key is not None:
        idempotency_key = validate.text("idempotency_key", idempotency_key, max_len=128)
        existing = _by_key(db, chan, idempotency_key)
        if existing is not None:
            return Taken(existing, True)
    try:
        with db.transaction() as session:
            journal = Journal(session, actor, db.now())
            customer = _customer(session, journal, name, tel, addr, district, lat_f, lon_f)
            call = Call(
                customer=customer,
                address=addr,
                district=district,
                lat=lat_f,
                lon=lon_f,
                category=category,
                required_skills=skills,
                priority=prio.value,
                channel=chan.value,
                idempotency_key=idempotency_key,
                crew_size=crew,
                status=CallStatus.NEW.value,
                notes=note_text,
                created_at=journal.at,
                sla_deadline=journal.at + timedelta(minutes=SLA_MINUTES[prio]),
                price_quoted_cents=quoted,
                revisit_of_id=revisit_of,
                version=1,
            )
            session.add(call)
            session.flush()
            session.refresh(call, ["assignments"])
            journal.audit("create_call", "call", call.id, None, snapshot(call))
            view = emit_call(journal, "call.created", call)
            journal.flush()
        return Taken(view, False)
    except IntegrityError:
        # Two deliveries of the same key raced; the other one committed first.
        if idempotency_key is not None:
            existing = _by_key(db, chan, idempotency_key)
            if existing is not None:
                return Taken(existing, True)
        raise


def _by_key(db: Database, channel: Channel, key: str) -> CallView | None:
    with db.reading() as session:
        call = session.execute(
            select(Call)
            .where(Call.channel == channel.value, Call.idempotency_key == key)
            .options(selectinload(Call.assignments), selectinload(Call.customer))
        ).scalar_one_or_none()
        return call_view(call) if call else None


def _customer(
    session: Session,
    journal: Journal,
    name: str,
    tel: str,
    addr: str,
    district: str,
    lat: float,
    lon: float,
) -> Customer:
    customer = session.execute(select(Customer).where(Customer.phone == tel)).scalar_one_or_none()
    if customer is None:
        customer = Customer(
            name=name,
            phone=tel,
            address=addr,
            district=district,
            lat=lat,
            lon=lon,
            created_at=journal.at,
        )
        session.add(customer)
        session.flush()
        journal.audit("create_customer", "customer", customer.id, None, {"name": name})
    return customer
