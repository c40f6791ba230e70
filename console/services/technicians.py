"""Technician status: shift start and end, breaks, and the status a job step implies."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Assignment, Call, Technician
from console.domain import CallStatus, TechnicianView, TechStatus
from console.errors import InvalidInput, NotFound
from console.services import validate
from console.services.actors import Actor
from console.services.field_time import status_at
from console.services.journal import Journal
from console.views import technician_view
from console.wire import technician_to_wire

_BUSY = (CallStatus.EN_ROUTE.value, CallStatus.ON_SITE.value)


def _busy_call(journal: Journal, tech_id: int) -> tuple[int, str] | None:
    row = journal.session.execute(
        select(Call.id, Call.status)
        .join(Assignment, Assignment.call_id == Call.id)
        .where(Assignment.technician_id == tech_id, Assignment.active.is_(True),
               Call.status.in_(_BUSY))
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def refresh_technician_status(
    journal: Journal, tech_id: int, *, force: TechStatus | None = None
) -> None:
    """Set a technician's status from their jobs (or to ``force``); emit it if it changed."""
    tech = journal.session.get(Technician, tech_id)
    if tech is None:
        return
    if force is not None:
        new = force
    elif tech.status in (TechStatus.OFF_DUTY.value, TechStatus.ON_BREAK.value):
        return
    else:
        busy = _busy_call(journal, tech_id)
        new = TechStatus(busy[1]) if busy else TechStatus.AVAILABLE
    _set(journal, tech, new)


def _set(journal: Journal, tech: Technician, new: TechStatus) -> TechnicianView:
    if tech.status != new.value:
        before = {"status": tech.status}
        tech.status = new.value
        tech.version += 1
        journal.session.flush()
        journal.audit("technician_status", "technician", tech.id, before, {"status": new.value})
        # Positions are not in the event log (they stream separately and are written in
        # batches whose timing would make the log differ run to run): the payload has none.
        wire = technician_to_wire(replace(technician_view(tech), position=None))
        journal.event("technician.status", {"technician": wire}, technician_id=tech.id)
    return technician_view(tech)


def set_technician_status(
    db: Database,
    *,
    actor: Actor,
    technician_id: int,
    status: str | TechStatus,
    at: datetime | None = None,
) -> TechnicianView:
    """Shift start (available), shift end (off duty) and breaks, as the field app reports them."""
    target = validate.choice("status", TechStatus, status)
    if target in (TechStatus.EN_ROUTE, TechStatus.ON_SITE):
        raise InvalidInput(
            f"status {target.value} follows from a job step; report the job step instead",
            field="status",
        )
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        tech = session.get(Technician, technician_id)
        if tech is None:
            raise NotFound(f"technician {technician_id} does not exist",
                           technician_id=technician_id)
        status_at(journal, tech.id, at)
        busy = _busy_call(journal, tech.id)
        if busy and target is not TechStatus.AVAILABLE:
            raise InvalidInput(
                f"{tech.name} is {busy[1].replace('_', ' ')} on call {busy[0]}; "
                f"finish or hand over that job before going {target.value.replace('_', ' ')}",
                technician_id=tech.id,
            )
        if busy:
            target = TechStatus(busy[1])
        view = _set(journal, tech, target)
        journal.flush()
        return view
