"""After assignment: the field steps (accepted, en route, on site) and the outcomes
(completed, failed with a revisit, cancelled), ratings and notes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from console.db.engine import Database
from console.db.models import Call, CallNote, CostEntry
from console.domain import (
    SLA_MINUTES,
    CallStatus,
    CallView,
    CostKind,
    Priority,
    TechStatus,
)
from console.errors import IllegalTransition, InvalidInput
from console.services import validate
from console.services.actors import Actor
from console.services.call_rows import (
    STEP_COLUMN,
    bump_version,
    check_step,
    emit_call,
    end_assignments,
    load_call,
    release_technicians,
    retry_unversioned,
    snapshot,
    tech_ids,
)
from console.services.field_time import step_at
from console.services.journal import Journal
from console.services.technicians import refresh_technician_status


@retry_unversioned
def advance_status(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    to: str | CallStatus,
    expected_version: int | None = None,
    at: datetime | None = None,
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
        call = load_call(session, call_id)
        check_step(call, target, target.value)
        step_at(journal, call, at)
        before = snapshot(call)
        bump_version(
            session,
            call,
            expected_version,
            status=target.value,
            **{STEP_COLUMN[target]: journal.at},
        )
        tech_status = {
            CallStatus.EN_ROUTE: TechStatus.EN_ROUTE,
            CallStatus.ON_SITE: TechStatus.ON_SITE,
        }.get(target)
        if tech_status is not None:
            for tech_id in tech_ids(call):
                refresh_technician_status(journal, tech_id, force=tech_status)
        journal.audit(f"call_{target.value}", "call", call.id, before, snapshot(call))
        view = emit_call(journal, "call.status", call, step=target.value)
        journal.flush()
        return view


def _finish(
    journal: Journal,
    call: Call,
    target: CallStatus,
    seen: int | None,
    **values: Any,
) -> list[int]:
    check_step(call, target, target.value)
    ended = end_assignments(journal, call, target.value)
    bump_version(
        journal.session,
        call,
        seen,
        status=target.value,
        **{STEP_COLUMN[target]: journal.at},
        **values,
    )
    journal.session.refresh(call, ["assignments"])
    release_technicians(journal, ended)
    return ended


@retry_unversioned
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
    at: datetime | None = None,
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
        call = load_call(session, call_id)
        step_at(journal, call, at)
        before = snapshot(call)
        techs = tech_ids(call)
        _finish(
            journal,
            call,
            CallStatus.COMPLETED,
            expected_version,
            price_charged_cents=charged,
            rating=rating,
            feedback=fb,
        )
        for name, cents in part_rows:
            session.add(
                CostEntry(
                    call_id=call.id,
                    technician_id=techs[0] if techs else None,
                    kind=CostKind.PARTS.value,
                    quantity=1,
                    amount_cents=cents,
                    note=name,
                    created_at=journal.at,
                )
            )
        if note:
            session.add(
                CallNote(call_id=call.id, author=actor.label, text=note, created_at=journal.at)
            )
        journal.audit("complete_call", "call", call.id, before, snapshot(call))
        view = emit_call(journal, "call.completed", call, technician_ids=techs)
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


@retry_unversioned
def fail_call(
    db: Database,
    *,
    actor: Actor,
    call_id: int,
    reason: str,
    revisit: bool = True,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> CallView:
    """The job could not be done; by default a revisit call is opened for the same customer."""
    why = validate.text("reason", reason, max_len=2000)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = load_call(session, call_id)
        step_at(journal, call, at)
        before = snapshot(call)
        techs = tech_ids(call)
        _finish(journal, call, CallStatus.FAILED, expected_version, failure_reason=why)
        journal.audit("fail_call", "call", call.id, before, snapshot(call), reason=why)
        view = emit_call(journal, "call.failed", call, technician_ids=techs, reason=why)
        if revisit:
            _open_revisit(journal, call)
        journal.flush()
        return view


def _open_revisit(journal: Journal, call: Call) -> None:
    prio = Priority(call.priority)
    again = Call(
        customer_id=call.customer_id,
        address=call.address,
        district=call.district,
        lat=call.lat,
        lon=call.lon,
        category=call.category,
        required_skills=list(call.required_skills),
        priority=prio.value,
        channel=call.channel,
        crew_size=call.crew_size,
        status=CallStatus.NEW.value,
        notes=f"Revisit of call {call.id}: {call.failure_reason}",
        created_at=journal.at,
        sla_deadline=journal.at + timedelta(minutes=SLA_MINUTES[prio]),
        price_quoted_cents=call.price_quoted_cents,
        revisit_of_id=call.id,
        version=1,
    )
    journal.session.add(again)
    journal.session.flush()
    journal.session.refresh(again, ["assignments", "customer"])
    journal.audit(
        "create_call", "call", again.id, None, snapshot(again), reason=f"revisit of {call.id}"
    )
    emit_call(journal, "call.created", again, revisit_of=call.id)


@retry_unversioned
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
        call = load_call(session, call_id)
        before = snapshot(call)
        techs = tech_ids(call)
        _finish(journal, call, CallStatus.CANCELLED, expected_version, cancel_reason=why)
        journal.audit("cancel_call", "call", call.id, before, snapshot(call), reason=why)
        view = emit_call(journal, "call.cancelled", call, technician_ids=techs, reason=why)
        journal.flush()
        return view


@retry_unversioned
def rate_call(
    db: Database, *, actor: Actor, call_id: int, rating: int, feedback: str | None = None
) -> CallView:
    """The customer's rating, usually arriving after completion."""
    validate.integer("rating", rating, 1, 5)
    fb = validate.text("feedback", feedback, max_len=2000, allow_empty=True) if feedback else None
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = load_call(session, call_id)
        if call.status != CallStatus.COMPLETED.value:
            raise IllegalTransition(
                f"call {call.id} is {call.status}; only a completed call can be rated",
                call_id=call.id,
                status=call.status,
                refused="rated",
            )
        before = {"rating": call.rating, "feedback": call.feedback}
        bump_version(session, call, None, rating=rating, feedback=fb)
        journal.audit("rate_call", "call", call.id, before, {"rating": rating, "feedback": fb})
        view = emit_call(journal, "call.rated", call)
        journal.flush()
        return view


def add_note(db: Database, *, actor: Actor, call_id: int, text: str) -> CallView:
    body = validate.text("text", text, max_len=4000)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = load_call(session, call_id)
        note = CallNote(call_id=call.id, author=actor.label, text=body, created_at=journal.at)
        session.add(note)
        session.flush()
        journal.audit("add_note", "call", call.id, None, {"note_id": note.id, "text": body})
        view = emit_call(
            journal,
            "call.note",
            call,
            note={"id": note.id, "author": actor.label, "text": body, "at": journal.at.isoformat()},
        )
        journal.flush()
        return view
