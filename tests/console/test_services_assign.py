"""Intake idempotency, the assignment policy and its override, reassignment history and
unassignment, through the real services on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import Assignment, AuditRecord, Call, Event
from console.domain import CallStatus
from console.errors import Conflict, Refused
from console.services import assign_call, reassign_call, unassign_call
from tests.helpers.services_kit import DISPATCHER, counts, drive, make_call, make_tech


def _assignments(db: Database, call_id: int) -> list[Assignment]:
    with db.reading() as s:
        return list(s.execute(select(Assignment).where(Assignment.call_id == call_id)
                              .order_by(Assignment.id)).scalars())


def test_same_channel_and_key_twice_gives_one_call(db: Database) -> None:
    first = make_call(db, channel="app", idempotency_key="app-7f3a")
    before = counts(db)
    again = make_call(db, channel="app", idempotency_key="app-7f3a", customer_name="Someone")
    assert again.id == first.id and again.idempotency_key == "app-7f3a"
    assert counts(db) == before, "a retried delivery must write nothing"
    other = make_call(db, channel="mini_program", idempotency_key="app-7f3a")
    assert other.id != first.id, "keys are per channel"
    with db.reading() as s:
        n = s.execute(select(func.count()).select_from(Call)
                      .where(Call.idempotency_key == "app-7f3a", Call.channel == "app"))
        assert n.scalar_one() == 1


@pytest.mark.parametrize("kind", ["off_duty", "unskilled"])
def test_policy_refuses_with_reason_and_override_is_recorded(db: Database, kind: str) -> None:
    if kind == "off_duty":
        tech = make_tech(db, "张敏", available=False)
        problem = "张敏 is off duty"
    else:
        tech = make_tech(db, "Oliver Wilson", skills=("locksmith",))
        problem = "Oliver Wilson lacks plumbing"
    call = make_call(db)
    before = counts(db)
    with pytest.raises(Refused) as info:
        assign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=tech)
    assert info.value.code == "refused" and problem in info.value.message
    assert "override reason" in info.value.message and info.value.details["problems"] == [problem]
    assert counts(db) == before
    reason = "only technician within 10 km at 3 a.m."
    view = assign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=tech,
                       override_reason=f"  {reason} ")
    assert view.status is CallStatus.ASSIGNED and view.technician_ids == (tech,)
    [assignment] = _assignments(db, call.id)
    assert assignment.override_reason == reason and assignment.assigned_by == DISPATCHER.label
    with db.reading() as s:
        query = select(AuditRecord).where(AuditRecord.action == "assign_call")
        audit = s.execute(query).scalar_one()
    assert audit.reason == reason and audit.entity_id == call.id


def test_reassign_keeps_history_and_unassign_returns_to_new(db: Database) -> None:
    first, second = make_tech(db, "王伟"), make_tech(db, "Grace Kim", phone="13800000002")
    call = make_call(db)
    drive(db, call.id, CallStatus.ACCEPTED, first)
    moved = reassign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=second)
    assert moved.status is CallStatus.ASSIGNED and moved.technician_ids == (second,)
    assert "accepted" not in moved.step_times, "the new technician has not accepted yet"
    old, new = _assignments(db, call.id)
    assert (old.technician_id, old.active, old.end_reason) == (first, False, "reassigned")
    assert old.ended_at is not None and (new.technician_id, new.active) == (second, True)
    with db.reading() as s:
        ev = s.execute(select(Event).where(Event.type == "call.reassigned")).scalar_one()
    assert ev.payload["assignment_id"] == new.id and ev.payload["from_technician_id"] == first
    back = unassign_call(db, actor=DISPATCHER, call_id=call.id, reason="customer rescheduled")
    assert back.status is CallStatus.NEW and back.technician_ids == ()
    assert "assigned" not in back.step_times
    assert [(a.active, a.end_reason) for a in _assignments(db, call.id)] == [
        (False, "reassigned"), (False, "unassigned")]
    again = assign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=first)
    assert again.status is CallStatus.ASSIGNED and len(_assignments(db, call.id)) == 3


def test_crew_fills_up_then_a_further_assignment_conflicts(db: Database) -> None:
    a, b, c = (make_tech(db, n, phone=f"1380000000{i}")
               for i, n in enumerate(("王伟", "李娜", "Mark Hall"), start=1))
    call = make_call(db, crew_size=2)
    assign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=a)
    view = assign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=b)
    assert set(view.technician_ids) == {a, b}
    before = counts(db)
    with pytest.raises(Conflict) as info:
        assign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=c)
    winner = info.value.details["winner"]
    assert isinstance(winner, dict) and winner["assignment_id"] == _assignments(db, call.id)[-1].id
    assert counts(db) == before
    with pytest.raises(Conflict):  # a stale version is refused before anything else
        assign_call(db, actor=DISPATCHER, call_id=call.id, technician_id=c, expected_version=1)
    assert counts(db) == before
