"""Who goes: assign, unassign and reassign, with the off-duty and skill policy, and
optimistic locking so that exactly one of several racing dispatchers wins.
"""

from __future__ import annotations

from typing import Any

from console.db.engine import Database
from console.db.models import Assignment, Call, Technician
from console.domain import (
    CallStatus,
    CallView,
    TechStatus,
)
from console.errors import IllegalTransition, InvalidInput, Refused
from console.services.actors import Actor
from console.services.call_rows import (
    active_assignments,
    bump_version,
    check_step,
    conflict_error,
    emit_call,
    end_assignments,
    load_call,
    load_technician,
    release_technicians,
    retry_unversioned,
    snapshot,
    tech_ids,
)
from console.services.journal import Journal


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


@retry_unversioned
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
        call = load_call(session, call_id)
        if expected_version is not None and call.version != expected_version:
            raise conflict_error(session, call, expected_version)
        if call.status not in (CallStatus.NEW.value, CallStatus.ASSIGNED.value):
            check_step(call, CallStatus.ASSIGNED, "assigned")
        tech = load_technician(session, technician_id)
        if technician_id in tech_ids(call):
            raise InvalidInput(f"{tech.name} is already on call {call.id}", call_id=call.id)
        if len(active_assignments(call)) >= call.crew_size:
            full = f"already has its full crew of {call.crew_size}" if call.crew_size > 1 else ""
            raise conflict_error(session, call, expected_version, why=full)
        override = _policy(call, tech, override_reason)
        before = snapshot(call)
        bump_version(
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
        journal.audit("assign_call", "call", call.id, before, snapshot(call), reason=override)
        view = emit_call(
            journal, "call.assigned", call, assignment_id=assignment.id, technician_id=tech.id
        )
        journal.flush()
        return view


@retry_unversioned
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
        call = load_call(session, call_id)
        if not active_assignments(call):
            raise IllegalTransition(
                f"call {call.id} is {call.status}; it cannot be unassigned: nobody is on it",
                call_id=call.id,
                status=call.status,
                refused="unassigned",
            )
        if technician_id is not None and technician_id not in tech_ids(call):
            raise InvalidInput(
                f"technician {technician_id} is not on call {call.id}", call_id=call.id
            )
        check_step(call, CallStatus.NEW, "unassigned")
        before = snapshot(call)
        ended = end_assignments(journal, call, "unassigned", only=technician_id)
        session.refresh(call, ["assignments"])
        values: dict[str, Any] = {}
        if not active_assignments(call):
            values = {
                "status": CallStatus.NEW.value,
                "assigned_at": None,
                "accepted_at": None,
                "en_route_at": None,
            }
        bump_version(session, call, expected_version, **values)
        session.refresh(call, ["assignments"])
        release_technicians(journal, ended)
        journal.audit("unassign_call", "call", call.id, before, snapshot(call), reason=reason)
        view = emit_call(journal, "call.unassigned", call, technician_ids=ended)
        journal.flush()
        return view


@retry_unversioned
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
        call = load_call(session, call_id)
        if expected_version is not None and call.version != expected_version:
            raise conflict_error(session, call, expected_version)
        current = tech_ids(call)
        if not current:
            raise IllegalTransition(
                f"call {call.id} is {call.status}; it cannot be reassigned: nobody is on it",
                call_id=call.id,
                status=call.status,
                refused="reassigned",
            )
        source = from_technician_id if from_technician_id is not None else current[0]
        if source not in current:
            raise InvalidInput(f"technician {source} is not on call {call.id}", call_id=call.id)
        check_step(call, CallStatus.NEW, "reassigned")
        tech = load_technician(session, technician_id)
        if technician_id in current:
            raise InvalidInput(f"{tech.name} is already on call {call.id}", call_id=call.id)
        override = _policy(call, tech, override_reason)
        before = snapshot(call)
        ended = end_assignments(journal, call, "reassigned", only=source)
        bump_version(
            session,
            call,
            expected_version,
            status=CallStatus.ASSIGNED.value,
            accepted_at=None,
            en_route_at=None,
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
        release_technicians(journal, ended)
        journal.audit("reassign_call", "call", call.id, before, snapshot(call), reason=override)
        view = emit_call(
            journal,
            "call.reassigned",
            call,
            assignment_id=assignment.id,
            technician_id=tech.id,
            from_technician_id=source,
        )
        journal.flush()
        return view
