"""Call lifecycle use cases: create, assign, reassign, unassign, advance, complete, fail,
cancel, rate, note. Each is one transaction with its audit record and events.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from console.db.engine import Database
from console.db.models import Assignment, Call, CallNote, CostEntry, Customer, Technician
from console.domain import (
    CATEGORY_SKILLS,
    SLA_MINUTES,
    CallStatus,
    CallView,
    Channel,
    CostKind,
    Priority,
    TechStatus,
    can_transition,
)
from console.errors import Conflict, IllegalTransition, InvalidInput, NotFound, Refused
from console.services import validate
from console.services.actors import Actor
from console.services.journal import Journal
from console.services.technicians import refresh_technician_status
from console.views import call_view
from console.wire import call_to_wire

_STEP_COLUMN = {
    CallStatus.ASSIGNED: "assigned_at",
    CallStatus.ACCEPTED: "accepted_at",
    CallStatus.EN_ROUTE: "en_route_at",
    CallStatus.ON_SITE: "on_site_at",
    CallStatus.COMPLETED: "completed_at",
    CallStatus.CANCELLED: "cancelled_at",
    CallStatus.FAILED: "failed_at",
}


# --- helpers -------------------------------------------------------------------------


def _load_call(session: Session, call_id: object) -> Call:
    if isinstance(call_id, bool) or not isinstance(call_id, int):
        raise InvalidInput("call_id must be a whole number", field="call_id")
    call = session.execute(
        select(Call)
        .where(Call.id == call_id)
        .options(selectinload(Call.assignments), selectinload(Call.customer))
    ).scalar_one_or_none()
    if call is None:
        raise NotFound(f"call {call_id} does not exist", call_id=call_id)
    return call


def _load_technician(session: Session, tech_id: object) -> Technician:
    if isinstance(tech_id, bool) or not isinstance(tech_id, int):
        raise InvalidInput("technician_id must be a whole number", field="technician_id")
    tech = session.get(Technician, tech_id)
    if tech is None or not tech.active:
        raise NotFound(f"technician {tech_id} does not exist", technician_id=tech_id)
    return tech


def _active(call: Call) -> list[Assignment]:
    return [a for a in call.assignments if a.active]


def _winner(session: Session, call_id: int) -> dict[str, Any]:
    """Describe the assignment that beat us to a call (for a conflict error)."""
    row = session.execute(
        select(Assignment, Technician.name)
        .join(Technician, Technician.id == Assignment.technician_id)
        .where(Assignment.call_id == call_id)
        .order_by(Assignment.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return {}
    a, name = row
    return {
        "assignment_id": a.id,
        "technician_id": a.technician_id,
        "technician_name": name,
        "assigned_by": a.assigned_by,
        "assigned_at": a.assigned_at.isoformat(),
    }


def _conflict(session: Session, call: Call, seen: int | None) -> Conflict:
    session.expire_all()
    current = session.get(Call, call.id)
    winner = _winner(session, call.id)
    who = (
        f"{winner['technician_name']} (assignment {winner['assignment_id']}, "
        f"by {winner['assigned_by']})"
        if winner
        else "another change"
    )
    status = current.status if current else "?"
    return Conflict(
        f"call {call.id} was changed by someone else first: now {status}, assigned to {who}",
        call_id=call.id,
        seen_version=seen,
        current_version=current.version if current else None,
        winner=winner,
    )


def _bump(session: Session, call: Call, seen: int | None, **values: Any) -> None:
    """Write ``values`` only if the call is still at the version we read (optimistic lock)."""
    expected = call.version if seen is None else seen
    if call.version != expected:
        raise _conflict(session, call, seen)
    result = session.execute(
        update(Call)
        .where(Call.id == call.id, Call.version == expected)
        .values(version=expected + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _conflict(session, call, seen)
    session.refresh(call)


def _check_step(call: Call, target: CallStatus, step: str) -> None:
    current = CallStatus(call.status)
    if not can_transition(current, target):
        raise IllegalTransition(
            f"call {call.id} is {current.value}; it cannot go to {step}",
            call_id=call.id,
            status=current.value,
            refused=step,
        )


def _snapshot(call: Call) -> dict[str, Any]:
    return {"status": call.status, "version": call.version, "technicians": _tech_ids(call)}


def _tech_ids(call: Call) -> list[int]:
    return [a.technician_id for a in call.assignments if a.active]


def _emit_call(journal: Journal, type_: str, call: Call, **extra: Any) -> CallView:
    view = call_view(call)
    journal.event(type_, {"call": call_to_wire(view), **extra}, call_id=call.id)
    return view


def _end_assignments(
    journal: Journal, call: Call, reason: str, only: int | None = None
) -> list[int]:
    ended: list[int] = []
    for a in _active(call):
        if only is not None and a.technician_id != only:
            continue
        a.active = False
        a.ended_at = journal.at
        a.end_reason = reason
        ended.append(a.technician_id)
    journal.session.flush()
    return ended


def _release(journal: Journal, tech_ids: list[int]) -> None:
    for tech_id in tech_ids:
        refresh_technician_status(journal, tech_id)


# --- create --------------------------------------------------------------------------


def create_call(
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
) -> CallView:
    """Record a new call; a repeated (channel, idempotency key) returns the first call."""
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
            return existing
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
            journal.audit("create_call", "call", call.id, None, _snapshot(call))
            view = _emit_call(journal, "call.created", call)
            journal.flush()
            return view
    except IntegrityError:
        # Two deliveries of the same key raced; the other one committed first.
        if idempotency_key is not None:
            existing = _by_key(db, chan, idempotency_key)
            if existing is not None:
                return existing
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
            name=name, phone=tel, address=addr, district=district, lat=lat, lon=lon,
            created_at=journal.at,
        )
        session.add(customer)
        session.flush()
        journal.audit("create_customer", "customer", customer.id, None, {"name": name})
    return customer


# --- assignment ----------------------------------------------------------------------


def _policy(call: Call, tech: Technician, override_reason: str | None) -> str | None:
    """Refuse an off-duty or unskilled technician unless the dispatcher overrides."""
    problems = []
    if tech.status in (TechStatus.OFF_DUTY.value, TechStatus.ON_BREAK.value):
        problems.append(f"{tech.name} is {tech.status.replace('_', ' ')}")
    missing = sorted(set(call.required_skills) - set(tech.skills))
    if missing:
        problems.append(f"{tech.name} lacks {', '.join(missing)}")
    if not problems:
        return None
    if override_reason and override_reason.strip():
        return override_reason.strip()
    raise Refused(
        "; ".join(problems) + " (assign with an override reason to insist)",
        call_id=call.id,
        technician_id=tech.id,
        problems=problems,
    )


def assign_call(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    technician_id: int,
    expected_version: int | None = None,
    override_reason: str | None = None,
) -> CallView:
    """Send a technician; exactly one of several racing dispatchers wins."""
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        if expected_version is not None and call.version != expected_version:
            raise _conflict(session, call, expected_version)
        if call.status not in (CallStatus.NEW.value, CallStatus.ASSIGNED.value):
            _check_step(call, CallStatus.ASSIGNED, "assigned")
        tech = _load_technician(session, technician_id)
        if technician_id in _tech_ids(call):
            raise InvalidInput(f"{tech.name} is already on call {call.id}", call_id=call.id)
        if len(_active(call)) >= call.crew_size:
            raise _conflict(session, call, expected_version)
        override = _policy(call, tech, override_reason)
        before = _snapshot(call)
        _bump(
            session,
            call,
            expected_version,
            status=CallStatus.ASSIGNED.value,
            assigned_at=call.assigned_at or journal.at,
        )
        assignment = Assignment(
            call_id=call.id,
            technician_id=tech.id,
            assigned_by=actor.label,
            assigned_at=journal.at,
            active=True,
            override_reason=override,
        )
        session.add(assignment)
        session.flush()
        session.refresh(call, ["assignments"])
        journal.audit("assign_call", "call", call.id, before, _snapshot(call), reason=override)
        view = _emit_call(
            journal, "call.assigned", call, assignment_id=assignment.id, technician_id=tech.id
        )
        journal.flush()
        return view


def unassign_call(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    technician_id: int | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> CallView:
    """Take a technician (or the whole crew) off a call; with nobody left it is new again."""
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        if not _active(call):
            raise IllegalTransition(
                f"call {call.id} is {call.status}; it cannot be unassigned: nobody is on it",
                call_id=call.id, status=call.status, refused="unassigned",
            )
        if technician_id is not None and technician_id not in _tech_ids(call):
            raise InvalidInput(
                f"technician {technician_id} is not on call {call.id}", call_id=call.id
            )
        _check_step(call, CallStatus.NEW, "unassigned")
        before = _snapshot(call)
        ended = _end_assignments(journal, call, "unassigned", only=technician_id)
        session.refresh(call, ["assignments"])
        values: dict[str, Any] = {}
        if not _active(call):
            values = {"status": CallStatus.NEW.value, "assigned_at": None,
                      "accepted_at": None, "en_route_at": None}
        _bump(session, call, expected_version, **values)
        session.refresh(call, ["assignments"])
        _release(journal, ended)
        journal.audit("unassign_call", "call", call.id, before, _snapshot(call), reason=reason)
        view = _emit_call(journal, "call.unassigned", call, technician_ids=ended)
        journal.flush()
        return view


def reassign_call(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    technician_id: int,
    from_technician_id: int | None = None,
    expected_version: int | None = None,
    override_reason: str | None = None,
) -> CallView:
    """Move a call to another technician in one step; the old assignment stays in history."""
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        if expected_version is not None and call.version != expected_version:
            raise _conflict(session, call, expected_version)
        current = _tech_ids(call)
        if not current:
            raise IllegalTransition(
                f"call {call.id} is {call.status}; it cannot be reassigned: nobody is on it",
                call_id=call.id, status=call.status, refused="reassigned",
            )
        source = from_technician_id if from_technician_id is not None else current[0]
        if source not in current:
            raise InvalidInput(f"technician {source} is not on call {call.id}", call_id=call.id)
        _check_step(call, CallStatus.NEW, "reassigned")
        tech = _load_technician(session, technician_id)
        if technician_id in current:
            raise InvalidInput(f"{tech.name} is already on call {call.id}", call_id=call.id)
        override = _policy(call, tech, override_reason)
        before = _snapshot(call)
        ended = _end_assignments(journal, call, "reassigned", only=source)
        _bump(session, call, expected_version, status=CallStatus.ASSIGNED.value,
              accepted_at=None, en_route_at=None)
        assignment = Assignment(
            call_id=call.id, technician_id=tech.id, assigned_by=actor.label,
            assigned_at=journal.at, active=True, override_reason=override,
        )
        session.add(assignment)
        session.flush()
        session.refresh(call, ["assignments"])
        _release(journal, ended)
        journal.audit("reassign_call", "call", call.id, before, _snapshot(call), reason=override)
        view = _emit_call(
            journal, "call.reassigned", call, assignment_id=assignment.id,
            technician_id=tech.id, from_technician_id=source,
        )
        journal.flush()
        return view


# --- progress ------------------------------------------------------------------------


def advance_status(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    to: str | CallStatus,
    expected_version: int | None = None,
) -> CallView:
    """Accepted, en route, on site: the field steps between assignment and the outcome."""
    target = validate.choice("to", CallStatus, to)
    if target not in (CallStatus.ACCEPTED, CallStatus.EN_ROUTE, CallStatus.ON_SITE):
        raise InvalidInput(
            f"advance_status goes to accepted, en_route or on_site, not {target.value}",
            field="to",
        )
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        _check_step(call, target, target.value)
        before = _snapshot(call)
        _bump(session, call, expected_version, status=target.value,
              **{_STEP_COLUMN[target]: journal.at})
        tech_status = {CallStatus.EN_ROUTE: TechStatus.EN_ROUTE,
                       CallStatus.ON_SITE: TechStatus.ON_SITE}.get(target)
        if tech_status is not None:
            for tech_id in _tech_ids(call):
                refresh_technician_status(journal, tech_id, force=tech_status)
        journal.audit(f"call_{target.value}", "call", call.id, before, _snapshot(call))
        view = _emit_call(journal, "call.status", call, step=target.value)
        journal.flush()
        return view


def _finish(
    journal: Journal,
    call: Call,
    target: CallStatus,
    seen: int | None,
    reason: str,
    **values: Any,
) -> list[int]:
    _check_step(call, target, target.value)
    ended = _end_assignments(journal, call, target.value)
    _bump(journal.session, call, seen, status=target.value,
          **{_STEP_COLUMN[target]: journal.at}, **values)
    journal.session.refresh(call, ["assignments"])
    _release(journal, ended)
    return ended


def complete_call(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    price_charged: float | None = None,
    rating: int | None = None,
    feedback: str | None = None,
    notes: str = "",
    parts: list[dict[str, Any]] | None = None,
    expected_version: int | None = None,
) -> CallView:
    """Close a job on site: charge, parts used (as cost entries) and optionally a rating."""
    charged = validate.money_cents("price_charged", price_charged)
    if rating is not None:
        validate.integer("rating", rating, 1, 5)
    fb = validate.text("feedback", feedback, max_len=2000, allow_empty=True) if feedback else None
    note = validate.text("notes", notes, max_len=4000, allow_empty=True)
    part_rows = [_part(p) for p in parts or []]
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        before = _snapshot(call)
        techs = _tech_ids(call)
        _finish(journal, call, CallStatus.COMPLETED, expected_version, "completed",
                price_charged_cents=charged, rating=rating, feedback=fb)
        for name, cents in part_rows:
            session.add(CostEntry(call_id=call.id, technician_id=techs[0] if techs else None,
                                  kind=CostKind.PARTS.value, quantity=1, amount_cents=cents,
                                  note=name, created_at=journal.at))
        if note:
            session.add(CallNote(call_id=call.id, author=actor.label, text=note,
                                 created_at=journal.at))
        journal.audit("complete_call", "call", call.id, before, _snapshot(call))
        view = _emit_call(journal, "call.completed", call, technician_ids=techs)
        journal.flush()
        return view


def _part(p: object) -> tuple[str, int]:
    if not isinstance(p, dict):
        raise InvalidInput("each part must be an object with name and amount", field="parts")
    name = validate.text("parts.name", p.get("name"), max_len=200)
    cents = validate.money_cents("parts.amount", p.get("amount"))
    if cents is None:
        raise InvalidInput(f"part {name!r} needs an amount", field="parts")
    return name, cents


def fail_call(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    reason: str,
    revisit: bool = True,
    expected_version: int | None = None,
) -> CallView:
    """The job could not be done; by default a revisit call is opened for the same customer."""
    why = validate.text("reason", reason, max_len=2000)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        before = _snapshot(call)
        techs = _tech_ids(call)
        _finish(journal, call, CallStatus.FAILED, expected_version, why, failure_reason=why)
        journal.audit("fail_call", "call", call.id, before, _snapshot(call), reason=why)
        view = _emit_call(journal, "call.failed", call, technician_ids=techs, reason=why)
        if revisit:
            _open_revisit(journal, call)
        journal.flush()
        return view


def _open_revisit(journal: Journal, call: Call) -> None:
    prio = Priority(call.priority)
    again = Call(
        customer_id=call.customer_id, address=call.address, district=call.district,
        lat=call.lat, lon=call.lon, category=call.category,
        required_skills=list(call.required_skills), priority=prio.value, channel=call.channel,
        crew_size=call.crew_size, status=CallStatus.NEW.value,
        notes=f"Revisit of call {call.id}: {call.failure_reason}", created_at=journal.at,
        sla_deadline=journal.at + timedelta(minutes=SLA_MINUTES[prio]),
        price_quoted_cents=call.price_quoted_cents, revisit_of_id=call.id, version=1,
    )
    journal.session.add(again)
    journal.session.flush()
    journal.session.refresh(again, ["assignments", "customer"])
    journal.audit("create_call", "call", again.id, None, _snapshot(again),
                  reason=f"revisit of {call.id}")
    _emit_call(journal, "call.created", again, revisit_of=call.id)


def cancel_call(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    reason: str = "",
    expected_version: int | None = None,
) -> CallView:
    why = validate.text("reason", reason, max_len=2000, allow_empty=True)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        before = _snapshot(call)
        techs = _tech_ids(call)
        _finish(journal, call, CallStatus.CANCELLED, expected_version, why, cancel_reason=why)
        journal.audit("cancel_call", "call", call.id, before, _snapshot(call), reason=why)
        view = _emit_call(journal, "call.cancelled", call, technician_ids=techs, reason=why)
        journal.flush()
        return view


def rate_call(
    db: Database, *, actor: Actor, call_id: int, rating: int, feedback: str | None = None
) -> CallView:
    """The customer's rating, usually arriving after completion."""
    validate.integer("rating", rating, 1, 5)
    fb = validate.text("feedback", feedback, max_len=2000, allow_empty=True) if feedback else None
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        if call.status != CallStatus.COMPLETED.value:
            raise IllegalTransition(
                f"call {call.id} is {call.status}; only a completed call can be rated",
                call_id=call.id, status=call.status, refused="rated",
            )
        before = {"rating": call.rating, "feedback": call.feedback}
        _bump(session, call, None, rating=rating, feedback=fb)
        journal.audit("rate_call", "call", call.id, before, {"rating": rating, "feedback": fb})
        view = _emit_call(journal, "call.rated", call)
        journal.flush()
        return view


def add_note(db: Database, *, actor: Actor, call_id: int, text: str) -> CallView:
    body = validate.text("text", text, max_len=4000)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _load_call(session, call_id)
        note = CallNote(call_id=call.id, author=actor.label, text=body, created_at=journal.at)
        session.add(note)
        session.flush()
        journal.audit("add_note", "call", call.id, None, {"note_id": note.id, "text": body})
        view = _emit_call(journal, "call.note", call, note={"id": note.id, "author": actor.label,
                                                            "text": body,
                                                            "at": journal.at.isoformat()})
        journal.flush()
        return view
