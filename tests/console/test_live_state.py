"""LiveState fed with the real event log that the real services wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from console.client import Snapshot
from console.db.engine import Database
from console.db.models import Event
from console.domain import CallStatus, CallView, EventView, Position, TechStatus
from console.hub.snapshot import build_snapshot
from console.live_state import LiveState
from console.services import (
    Actor,
    advance_status,
    assign_call,
    cancel_call,
    complete_call,
    create_call,
    reassign_call,
    set_technician_status,
    unassign_call,
)
from console.services.accounts import create_technician

ANN = Actor("user", 1, "Ann", "dispatcher")


def events_since(db: Database, seq: int = 0) -> list[EventView]:
    with db.reading() as s:
        rows = s.execute(select(Event).where(Event.seq > seq).order_by(Event.seq)).scalars()
        return [EventView(r.seq, r.type, r.at, dict(r.payload)) for r in rows]


def snapshot(db: Database) -> Snapshot:
    """What the hub sends on connect: its own builder, parsed by the client."""
    return Snapshot.from_wire(build_snapshot(db, timedelta(hours=24), {}))


def tech(db: Database, name: str, skills: list[str]) -> int:
    view, _ = create_technician(
        db,
        actor=ANN,
        name=name,
        phone=f"+8613{abs(hash(name)) % 10**9:09d}",
        skills=skills,
        home_base="Base",
        home_lat=31.2,
        home_lon=121.4,
        shifts=[(3, "18:00", "06:00")],
    )
    set_technician_status(db, actor=ANN, technician_id=view.id, status="available")
    return view.id


def call(db: Database, phone: str = "+8613900000001", category: str = "leak") -> int:
    return create_call(
        db,
        actor=ANN,
        customer_name="Li Lei",
        phone=phone,
        address="1 Nanjing Rd",
        lat=31.23,
        lon=121.47,
        category=category,
        priority="urgent",
        district="Huangpu",
    ).id


class Recorder:
    def __init__(self, state: LiveState) -> None:
        self.calls: list[tuple[int, CallView | None]] = []
        self.techs: list[int] = []
        self.resets = 0
        self.moved: list[list[int]] = []
        state.on_call_changed(lambda i, c: self.calls.append((i, c)))
        state.on_technician_changed(lambda i, t: self.techs.append(i))
        state.on_reset(self._reset)
        state.on_positions(self.moved.append)

    def _reset(self) -> None:
        self.resets += 1


def test_replaying_the_log_matches_the_database(db: Database) -> None:
    zhang, wang = tech(db, "Zhang Min", ["plumbing"]), tech(db, "Wang Wei", ["plumbing"])
    c1, c2, c3 = call(db), call(db, "+8613900000002"), call(db, "+8613900000003")
    assign_call(db, actor=ANN, call_id=c1, technician_id=zhang)
    advance_status(db, actor=ANN, call_id=c1, to="accepted")
    advance_status(db, actor=ANN, call_id=c1, to="en_route")
    assign_call(db, actor=ANN, call_id=c2, technician_id=zhang)
    reassign_call(db, actor=ANN, call_id=c2, technician_id=wang, from_technician_id=zhang)
    assign_call(db, actor=ANN, call_id=c3, technician_id=wang)
    unassign_call(db, actor=ANN, call_id=c3)
    advance_status(db, actor=ANN, call_id=c1, to="on_site")
    complete_call(db, actor=ANN, call_id=c1, price_charged=120.0)

    state = LiveState()
    rec = Recorder(state)
    state.apply_snapshot(Snapshot(seq=0, technicians={}, calls={}, assignments=[]))
    for ev in events_since(db):
        state.apply_event(ev)

    truth = snapshot(db)
    assert state.last_seq == truth.seq
    assert state.calls == truth.calls
    assert state.technicians == truth.technicians
    assert {
        (a.id, a.call_id, a.technician_id, a.active, a.end_reason)
        for a in state.assignments.values()
    } == {(a.id, a.call_id, a.technician_id, a.active, a.end_reason) for a in truth.assignments}
    assert [c.id for c in state.open_calls()] == [c2, c3]
    assert state.current_job(zhang) is None
    assert state.current_job(wang) is not None and state.current_job(wang).id == c2  # type: ignore[union-attr]
    assert state.jobs_tonight(zhang) == 1  # c1 done; c2 was handed over
    assert state.jobs_tonight(wang) == 1  # c2; c3 was taken off
    assert rec.resets == 1
    assert zhang in rec.techs and wang in rec.techs


def test_snapshot_then_events_and_duplicates_are_ignored(db: Database) -> None:
    zhang = tech(db, "Zhang Min", ["plumbing"])
    c1 = call(db)
    state = LiveState()
    rec = Recorder(state)
    state.apply_snapshot(snapshot(db))
    seen = state.last_seq
    assign_call(db, actor=ANN, call_id=c1, technician_id=zhang)
    events = events_since(db, seen)
    assert [e.type for e in events] == ["call.assigned"]
    state.apply_event(events[0])
    state.apply_event(events[0])  # a replay after reconnect must not apply twice
    assert [i for i, _ in rec.calls] == [c1]
    assert state.calls[c1].status is CallStatus.ASSIGNED
    assert state.current_job(zhang) is not None
    assert state.assignments_for(zhang)[0].call_id == c1
    assert state.call_assignments(c1)[0].technician_id == zhang


def test_cancelled_call_leaves_open_calls_and_frees_the_technician(db: Database) -> None:
    zhang = tech(db, "Zhang Min", ["plumbing"])
    c1 = call(db)
    assign_call(db, actor=ANN, call_id=c1, technician_id=zhang)
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    rec = Recorder(state)
    seen = state.last_seq
    cancel_call(db, actor=ANN, call_id=c1, reason="customer fixed it")
    for ev in events_since(db, seen):
        state.apply_event(ev)
    assert state.open_calls() == []
    assert state.calls[c1].status is CallStatus.CANCELLED  # tonight's closed calls stay
    assert state.current_job(zhang) is None
    assert state.jobs_tonight(zhang) == 1
    assert rec.calls[-1] == (c1, state.calls[c1])
    (a,) = state.assignments_for(zhang)
    assert not a.active and a.end_reason == "cancelled"
    assert state.call_assignments(c1) == [a]  # the per-call index sees the ended record


def test_positions_batch_notifies_once_and_keeps_newer_fix(db: Database) -> None:
    zhang, wang = tech(db, "Zhang Min", ["plumbing"]), tech(db, "Wang Wei", ["locksmith"])
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    rec = Recorder(state)
    t1 = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    t0 = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    state.apply_positions(
        [
            (zhang, Position(31.3, 121.5, at=t1)),
            (wang, Position(31.1, 121.2, at=t1)),
            (999, Position(0.0, 0.0, at=t1)),
        ]
    )
    assert rec.moved == [[zhang, wang]]
    state.apply_positions([(zhang, Position(30.0, 120.0, at=t0))])  # stale fix: ignored
    assert rec.moved == [[zhang, wang]]
    assert state.technicians[zhang].position == Position(31.3, 121.5, at=t1)
    # A status event carries the row's (older) position: the streamed fix survives it.
    seen = state.last_seq
    set_technician_status(db, actor=ANN, technician_id=zhang, status="on_break")
    for ev in events_since(db, seen):
        state.apply_event(ev)
    assert state.technicians[zhang].status is TechStatus.ON_BREAK
    assert state.technicians[zhang].position == Position(31.3, 121.5, at=t1)


def test_a_collected_listener_stops_listening(db: Database) -> None:
    """Bound methods are held weakly: a closed panel never keeps receiving (or living)."""
    state = LiveState()
    heard: list[int] = []

    class Panel:
        def on_call(self, call_id: int, _call: CallView | None) -> None:
            heard.append(call_id)

    panel = Panel()
    state.on_call_changed(panel.on_call)
    state.on_call_changed(lambda call_id, _c: heard.append(-call_id))  # plain callables stay
    state.apply_snapshot(snapshot(db))
    c1 = call(db)
    for ev in events_since(db, state.last_seq):
        state.apply_event(ev)
    assert heard == [c1, -c1]
    del panel
    c2 = call(db, "+8613900000002")
    for ev in events_since(db, state.last_seq):
        state.apply_event(ev)
    assert heard == [c1, -c1, -c2]
