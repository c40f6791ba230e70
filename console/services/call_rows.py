"""The shared steps of every call use case: load rows, check the step, bump the version
under optimistic locking (or name who won), end assignments, journal the new state.

Helpers receive the caller's session and journal; they never open a transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from console.db.models import Assignment, Call, Technician
from console.domain import (
    CallStatus,
    CallView,
    can_transition,
)
from console.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from console.services.journal import Journal
from console.services.technicians import refresh_technician_status
from console.views import call_view
from console.wire import call_to_wire

STEP_COLUMN = {
    CallStatus.ASSIGNED: "assigned_at",
    CallStatus.ACCEPTED: "accepted_at",
    CallStatus.EN_ROUTE: "en_route_at",
    CallStatus.ON_SITE: "on_site_at",
    CallStatus.COMPLETED: "completed_at",
    CallStatus.CANCELLED: "cancelled_at",
    CallStatus.FAILED: "failed_at",
}


def load_call(session: Session, call_id: object) -> Call:
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


def load_technician(session: Session, tech_id: object) -> Technician:
    if isinstance(tech_id, bool) or not isinstance(tech_id, int):
        raise InvalidInput("technician_id must be a whole number", field="technician_id")
    tech = session.get(Technician, tech_id)
    if tech is None or not tech.active:
        raise NotFound(f"technician {tech_id} does not exist", technician_id=tech_id)
    return tech


def active_assignments(call: Call) -> list[Assignment]:
    return [a for a in call.assignments if a.active]


def find_winner(session: Session, call_id: int) -> dict[str, Any]:
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


P = ParamSpec("P")
R = TypeVar("R")

#: How often a request without ``expected_version`` is redone after losing the version race.
UNVERSIONED_ATTEMPTS = 10


class VersionMoved(Conflict):
    """Another transaction bumped the call between our read and our write, and the caller
    named no version: the request is redone on fresh rows rather than refused."""


def retry_unversioned(service: Callable[P, R]) -> Callable[P, R]:
    """Redo a call use case whose optimistic write lost a race the caller did not ask to
    detect (no ``expected_version``). The redo re-reads the call and re-runs every check,
    so a full crew or a finished call still refuses; only the lost race is hidden."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, UNVERSIONED_ATTEMPTS + 1):
            try:
                return service(*args, **kwargs)
            except VersionMoved:
                if attempt == UNVERSIONED_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    return run


def conflict_error(
    session: Session, call: Call, seen: int | None, *, why: str = "", moved: bool = False
) -> Conflict:
    """Name who won; ``why`` replaces the default 'changed by someone else first'."""
    session.expire_all()
    current = session.get(Call, call.id)
    winner = find_winner(session, call.id)
    who = (
        f"{winner['technician_name']} (assignment {winner['assignment_id']}, "
        f"by {winner['assigned_by']})"
        if winner
        else "another change"
    )
    status = current.status if current else "?"
    cls = VersionMoved if moved and seen is None else Conflict
    return cls(
        f"call {call.id} {why or 'was changed by someone else first'}: now {status}, "
        f"assigned to {who}",
        call_id=call.id,
        seen_version=seen,
        current_version=current.version if current else None,
        winner=winner,
    )


def bump_version(session: Session, call: Call, seen: int | None, **values: Any) -> None:
    """Write ``values`` only if the call is still at the version we read (optimistic lock)."""
    expected = call.version if seen is None else seen
    if call.version != expected:
        raise conflict_error(session, call, seen)
    result = session.execute(
        update(Call)
        .where(Call.id == call.id, Call.version == expected)
        .values(version=expected + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise conflict_error(session, call, seen, moved=True)
    session.refresh(call)


def check_step(call: Call, target: CallStatus, step: str) -> None:
    current = CallStatus(call.status)
    if not can_transition(current, target):
        raise IllegalTransition(
            f"call {call.id} is {current.value}; it cannot go to {step}",
            call_id=call.id,
            status=current.value,
            refused=step,
        )


def snapshot(call: Call) -> dict[str, Any]:
    return {"status": call.status, "version": call.version, "technicians": tech_ids(call)}


def tech_ids(call: Call) -> list[int]:
    return [a.technician_id for a in call.assignments if a.active]


def emit_call(journal: Journal, type_: str, call: Call, **extra: Any) -> CallView:
    view = call_view(call)
    journal.event(type_, {"call": call_to_wire(view), **extra}, call_id=call.id)
    return view


def end_assignments(
    journal: Journal, call: Call, reason: str, only: int | None = None
) -> list[int]:
    ended: list[int] = []
    for a in active_assignments(call):
        if only is not None and a.technician_id != only:
            continue
        a.active = False
        a.ended_at = journal.at
        a.end_reason = reason
        ended.append(a.technician_id)
    journal.session.flush()
    return ended


def release_technicians(journal: Journal, tech_ids: list[int]) -> None:
    for tech_id in tech_ids:
        refresh_technician_status(journal, tech_id)
