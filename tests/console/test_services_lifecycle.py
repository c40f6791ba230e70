"""Every step of a call's life through the services: each legal transition in
``console.domain.TRANSITIONS`` succeeds and journals itself; each illegal one is refused by
name and writes nothing; event sequence numbers stay gap-free."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.db.engine import Database
from console.db.models import AuditRecord, Call, Event, EventCounter
from console.domain import TRANSITIONS, CallStatus
from console.errors import IllegalTransition
from console.services import fail_call
from tests.helpers.services_kit import (
    DISPATCHER,
    attempt,
    counts,
    drive,
    event_seqs,
    make_call,
    make_tech,
)

LEGAL = [(s, t) for s in CallStatus for t in sorted(TRANSITIONS[s], key=list(CallStatus).index)]
# ASSIGNED -> ASSIGNED is adding a crew member, not a transition, so it is not "illegal".
ILLEGAL = [(s, t) for s in CallStatus for t in CallStatus
           if t not in TRANSITIONS[s] and (s, t) != (CallStatus.ASSIGNED, CallStatus.ASSIGNED)]


def _new_rows(db: Database, before: dict[str, int]) -> tuple[list[AuditRecord], list[Event]]:
    with db.reading() as s:
        audits = list(s.execute(select(AuditRecord).where(AuditRecord.id > before["audit_records"])
                                .order_by(AuditRecord.id)).scalars())
        events = list(s.execute(select(Event).where(Event.seq > before["last_seq"])
                                .order_by(Event.seq)).scalars())
    return audits, events


def test_every_legal_transition_succeeds_and_is_journalled(db: Database) -> None:
    tech, other = make_tech(db, "王伟"), make_tech(db, "James Smith", phone="13800000002")
    assert len(LEGAL) == sum(len(v) for v in TRANSITIONS.values())
    for source, target in LEGAL:
        call = make_call(db)
        drive(db, call.id, source, tech)
        before = counts(db)
        view = attempt(db, call.id, target, other if source is CallStatus.NEW else tech)
        assert view.status is target, f"{source} -> {target}"
        audits, events = _new_rows(db, before)
        assert audits and events, f"{source} -> {target} wrote no audit or no event"
        assert {a.at for a in audits} == {e.at for e in events}, "one transaction, one time"
        assert any(e.call_id == call.id for e in events)
        after = counts(db)
        assert after["last_seq"] == before["last_seq"] + len(events) == after["events"]
        with db.reading() as s:
            assert s.get(Call, call.id).status == target.value  # type: ignore[union-attr]
    seqs = event_seqs(db)
    assert seqs == list(range(1, len(seqs) + 1))


def test_every_illegal_transition_is_refused_by_name_and_writes_nothing(db: Database) -> None:
    tech, other = make_tech(db, "王伟"), make_tech(db, "Emma Brown", phone="13800000002")
    for source, target in ILLEGAL:
        call = make_call(db)
        drive(db, call.id, source, tech)
        before = counts(db)
        with pytest.raises(IllegalTransition) as info:
            attempt(db, call.id, target, other)
        err = info.value
        where = f"{source.value} -> {target.value}: {err.message!r}"
        assert err.code == "illegal_transition", where
        assert err.details["call_id"] == call.id and err.details["status"] == source.value, where
        assert f"call {call.id}" in err.message and source.value in err.message, where
        assert str(err.details["refused"]) in err.message, where
        assert counts(db) == before, f"{where} wrote something"
        with db.reading() as s:
            assert s.get(Call, call.id).status == source.value  # type: ignore[union-attr]
    seqs = event_seqs(db)
    assert seqs == list(range(1, len(seqs) + 1))


def test_failing_a_visit_opens_a_revisit_in_the_same_transaction(db: Database) -> None:
    tech = make_tech(db)
    call = make_call(db)
    drive(db, call.id, CallStatus.ON_SITE, tech)
    before = counts(db)
    view = fail_call(db, actor=DISPATCHER, call_id=call.id, reason="配件缺货，需要二次上门")
    assert view.status is CallStatus.FAILED
    audits, events = _new_rows(db, before)
    created = [e for e in events if e.type == "call.created"]
    assert len(created) == 1 and created[0].call_id != call.id
    assert created[0].payload["revisit_of"] == call.id
    revisit_id = created[0].call_id
    with db.reading() as s:
        revisit = s.get(Call, revisit_id)
        assert revisit is not None and revisit.revisit_of_id == call.id
        assert revisit.status == "new" and "配件缺货" in revisit.notes
        counter = s.execute(select(EventCounter.last_seq)).scalar_one()
    assert {a.action for a in audits} >= {"fail_call", "create_call"}
    assert counter == event_seqs(db)[-1] == len(event_seqs(db))
