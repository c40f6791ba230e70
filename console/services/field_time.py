"""When a field step or shift change really happened.

A phone in a basement queues its steps and uploads them later, each with the time it
happened (``at``). The protocol already bounds ``at`` (not ahead of the hub clock beyond a
small skew, at most a day old); here it must also not go back before what is recorded for
the same call or technician, so the steps keep their order (within ``CLOCK_SKEW``, a phone
clock running behind, it is taken at the previous time instead of refused). The journal
then writes the step column, the audit record and the event with that time, which the
reports read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from console.db.models import AuditRecord, Call
from console.errors import InvalidInput
from console.services.journal import Journal
from console.views import STEP_COLUMNS

#: A phone's clock a little behind the hub's: a step it dates up to this much before the
#: previous step (an accept just after the hub recorded the assignment) is taken at the
#: previous step's time, keeping the order, rather than refused.
CLOCK_SKEW = timedelta(minutes=2)


def previous_step(call: Call) -> tuple[str, datetime] | None:
    """The call's latest recorded step and its time."""
    done = [(col, getattr(call, col)) for col in STEP_COLUMNS if getattr(call, col) is not None]
    return max(done, key=lambda d: d[1]) if done else None


def step_at(journal: Journal, call: Call, at: datetime | None) -> None:
    """Date this transaction's step at ``at`` (when given), refusing a time before the
    call's previous step."""
    if at is None:
        return
    last = previous_step(call)
    if last is not None and last[1] - CLOCK_SKEW <= at < last[1]:
        at = last[1]
    if last is not None and at < last[1]:
        col, when = last
        raise InvalidInput(
            f"at {at.isoformat()} is before call {call.id}'s previous step "
            f"({col.removesuffix('_at')} at {when.isoformat()}); send steps in order",
            field="at",
            call_id=call.id,
        )
    journal.at = at


def status_at(journal: Journal, technician_id: int, at: datetime | None) -> None:
    """Date a technician's status change at ``at``, not before their last recorded one."""
    if at is None:
        return
    last = journal.session.execute(
        select(func.max(AuditRecord.at)).where(
            AuditRecord.entity == "technician",
            AuditRecord.entity_id == technician_id,
            AuditRecord.action == "technician_status",
        )
    ).scalar_one_or_none()
    if last is not None and last - CLOCK_SKEW <= at < last:
        at = last
    if last is not None and at < last:
        raise InvalidInput(
            f"at {at.isoformat()} is before this technician's last status change "
            f"({last.isoformat()}); send shift changes in order",
            field="at",
            technician_id=technician_id,
        )
    journal.at = at
