"""Replay a night: the state rebuilt at a moment equals what a live console held then; the
replay writes nothing; bad input is answered with a reason."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from console import permissions
from console.client import ConsoleClient
from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import Event
from console.live_state import LiveState
from console.replay import ReplayError, Timeline, load_night, night_range, open_read_only
from console.replay.decisions import planner_problem, planner_proposal
from console.replay.marks import CANCELLATION, REASSIGNMENT, SLA_BREACH
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from console.sim.headless import run_night
from console.sim.scenario import load_scenario
from tests.helpers.sim_support import small_scenario

TZ = "Asia/Shanghai"
NIGHT = date(2026, 3, 10)  # small_scenario's night


def _picture(state: Any) -> tuple[Any, Any, Any]:
    """Calls, technicians (positions aside: the replay takes them from the tracks) and
    assignments, comparable."""
    techs = {i: replace(t, position=None) for i, t in state.technicians.items()}
    assignments = state.assignments
    if not isinstance(assignments, dict):
        assignments = {a.id: a for a in assignments}
    return dict(state.calls), techs, dict(assignments)


@pytest.fixture(scope="module")
def recorded_night(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A simulated night written through the real hub while a supervisor's console
    (ConsoleClient + LiveState) records what it held at every 15th event."""
    tmp = tmp_path_factory.mktemp("replay15")
    url = f"sqlite:///{tmp / 'night.sqlite3'}"
    setup = Database(url)
    upgrade(setup)
    create_user(
        setup,
        actor=SYSTEM,
        username="watcher",
        display_name="Watcher",
        role="supervisor",
        password="watch",
    )
    setup.dispose()
    seen: dict[int, tuple[Any, Any, Any]] = {}
    holder: dict[str, ConsoleClient] = {}

    async def attach(hub_url: str) -> None:
        client = ConsoleClient(hub_url, username="watcher", password="watch")
        state = LiveState()
        client.on_snapshot(state.apply_snapshot)

        def on_event(ev: Any) -> None:
            state.apply_event(ev)
            if ev.seq % 15 == 0:
                seen[ev.seq] = _picture(state)

        client.on_event(on_event)
        await client.start()
        await client.wait_ready()
        holder["client"] = client

    async def caught_up() -> None:
        probe = Database(url)
        with probe.reading() as s:
            head = int(s.execute(select(Event.seq).order_by(Event.seq.desc())).scalar() or 0)
        probe.dispose()
        client = holder["client"]
        for _ in range(2000):
            if client.last_seq >= head:
                return
            await asyncio.sleep(0.01)

    scenario = load_scenario(small_scenario(tmp))
    asyncio.run(
        run_night(scenario, 5, db_url=url, on_ready=attach, before_stop=caught_up, fix_seconds=20.0)
    )
    asyncio.run(holder["client"].close())
    return {"url": url, "path": tmp / "night.sqlite3", "seen": seen}


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(path.parent.glob(path.name + "*")):  # the file, its -wal and -shm
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def test_replayed_state_equals_what_the_live_console_held(recorded_night: dict[str, Any]) -> None:
    path = recorded_night["path"]
    before = _digest(path)
    db = open_read_only(recorded_night["url"])
    try:
        start, end = night_range(NIGHT, TZ)
        # the live console was a supervisor's (phones masked): the replay shows the same
        shown = permissions.visibility("supervisor")
        timeline = Timeline(load_night(db, start, end, TZ, visibility=shown), every=25)
    finally:
        db.dispose()
    seen = recorded_night["seen"]
    assert len(seen) >= 4
    for seq, live in sorted(seen.items()):
        index = timeline.replay_index_of(seq)
        assert index is not None, seq
        replayed = timeline.state_after(index)
        assert _picture(replayed) == live, f"state differs at seq {seq}"
    # moments between checkpoints and the end of the night are answered as well
    last = timeline.state_at(end)
    assert last.seq == len(timeline.events) and last.calls
    # the vans are where their recorded track says
    moving = [tid for tid, track in timeline.tracks.items() if len(track) > 2]
    assert moving
    track = timeline.tracks[moving[0]]
    mid = timeline.state_at(start + (end - start) / 2 + timedelta(seconds=1))
    pos = mid.technicians[moving[0]].position
    assert pos is not None and pos.lat in track.lat
    assert _digest(path) == before  # the replay wrote nothing, not even a -shm file


def test_marks_and_decisions(recorded_night: dict[str, Any]) -> None:
    db = open_read_only(recorded_night["url"])
    try:
        timeline = Timeline(load_night(db, *night_range(NIGHT, TZ), TZ))
    finally:
        db.dispose()
    kinds = {m.kind for m in timeline.marks}
    assert {SLA_BREACH, CANCELLATION} <= kinds
    cancelled = {m.call_id for m in timeline.marks if m.kind == CANCELLATION}
    final = timeline.history.final_calls
    assert cancelled == {c.id for c in final.values() if c.status.value == "cancelled"}
    reassigned = [e for e in timeline.events if e.type in ("call.reassigned", "call.unassigned")]
    assert len([m for m in timeline.marks if m.kind == REASSIGNMENT]) == len(reassigned)
    assert timeline.marks == sorted(timeline.marks, key=lambda m: (m.at, m.call_id, m.kind))
    assigned = [e for e in timeline.events if e.type == "call.assigned"]
    assert len(timeline.decisions) == len(assigned) + len(
        [e for e in reassigned if e.type == "call.reassigned"]
    )
    d = timeline.decisions[0]
    assert d.proposed and d.by.startswith("user:") and d.promised_at is not None
    # the simulator dispatches with the same engine: its first choice is the proposal's
    assert sum(1 for x in timeline.decisions if x.chosen_rank == 1) >= len(assigned) // 2


def test_bad_input_is_answered(recorded_night: dict[str, Any], tmp_path: Path) -> None:
    db = open_read_only(recorded_night["url"])
    try:
        start, _end = night_range(NIGHT, TZ)
        with pytest.raises(ReplayError, match="at most 48 h"):
            load_night(db, start, start + timedelta(hours=49), TZ)
        with pytest.raises(ReplayError, match="nothing happened"):
            load_night(db, *night_range(NIGHT + timedelta(days=30), TZ), TZ)
    finally:
        db.dispose()
    with pytest.raises(ReplayError, match="nothing to replay"):
        open_read_only(f"sqlite:///{tmp_path / 'absent.sqlite3'}")
    old = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(old, "0004_api")
    old.dispose()
    with pytest.raises(ReplayError, match=r"older .*db upgrade"):
        open_read_only(f"sqlite:///{tmp_path / 'old.sqlite3'}")


def test_an_unreadable_database_is_answered_with_the_reason(tmp_path: Path) -> None:
    """A corrupt SQLite file and a PostgreSQL server that refuses the connection are a
    ``ReplayError`` naming the database (no password) and the driver's reason."""
    from console.replay import read_night

    start, end = night_range(NIGHT, TZ)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database file, just junk bytes " * 200)
    with pytest.raises(ReplayError, match="file is not a database") as caught:
        read_night(f"sqlite:///{junk}", start, end, TZ)
    assert str(junk) in str(caught.value) and "\n" not in str(caught.value)
    closed_port = "postgresql+psycopg://night:s3cret@127.0.0.1:1/center"
    said = r"cannot read postgresql\+psycopg://night:\*\*\*@"
    with pytest.raises(ReplayError, match=said) as pg:
        read_night(closed_port, start, end, TZ)
    assert "s3cret" not in str(pg.value) and "refused" in str(pg.value).lower()


def test_unknown_event_type_is_skipped_and_said(
    recorded_night: dict[str, Any], tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(recorded_night["path"].read_bytes())
    url = f"sqlite:///{copy}"
    writer = Database(url)
    with writer.transaction() as s:
        top = s.execute(select(Event).order_by(Event.seq.desc())).scalars().first()
        assert top is not None
        s.execute(
            insert(Event).values(
                seq=top.seq + 1,
                at=top.at,
                type="call.teleported",
                call_id=None,
                technician_id=None,
                payload={},
            )
        )
    writer.dispose()
    db = open_read_only(url)
    try:
        history = load_night(db, *night_range(NIGHT, TZ), TZ)
    finally:
        db.dispose()
    assert any("call.teleported" in w for w in history.warnings)
    assert all(e.type != "call.teleported" for e in history.events)


def test_range_arguments() -> None:
    """``--replay DATE`` is 18:00 to 08:00 local; ``--from``/``--to`` are local unless they
    carry an offset; anything else is refused with what was expected."""
    from console.replay import parse_range

    start, end = parse_range("2026-11-26", None, None, TZ)
    assert (start.isoformat(), end.isoformat()) == (
        "2026-11-26T10:00:00+00:00",
        "2026-11-27T00:00:00+00:00",
    )
    start, end = parse_range(None, "2026-11-26T23:00", "2026-11-27T01:30+08:00", TZ)
    assert (end - start) == timedelta(hours=2, minutes=30)
    for night, lo, hi, said in (
        ("2026-13-01", None, None, "not a date"),
        (None, "2026-11-26T23:00", None, "both --from and --to"),
        (None, "yesterday", "2026-11-27T01:00", "not a date and time"),
        (None, "2026-11-27T01:00", "2026-11-26T23:00", "before it starts"),
        (None, "2026-11-20T18:00", "2026-11-23T08:00", "at most 48 h"),
    ):
        with pytest.raises(ReplayError, match=said):
            parse_range(night, lo, hi, TZ)


def test_the_planner_proposal_for_a_decision(recorded_night: dict[str, Any]) -> None:
    """Beside each decision, what the planner would have done at that moment: it plans from
    the situation the decision was made in (the call unassigned, the other calls kept)."""
    db = open_read_only(recorded_night["url"])
    try:
        timeline = Timeline(load_night(db, *night_range(NIGHT, TZ), TZ))
    finally:
        db.dispose()
    d = timeline.decisions[0]
    assert d.situation is not None
    asked = next(c for c in d.situation.calls if c.id == d.call_id)
    assert asked.technician_ids == ()  # the question is "who would you send?"
    problem = planner_problem(d, TZ)
    assert problem.now == d.at
    assert d.call_id in {c.id for c in problem.calls}
    others = {c.id for c in d.situation.calls if c.technician_ids}
    assert {c.id for c in problem.calls if c.pinned} >= others
    proposal = planner_proposal(d, TZ)
    assert proposal.call_id == d.call_id
    on_duty = {t.id: t for t in d.situation.technicians}
    if (
        proposal.technician_ids
    ):  # sent someone qualified, on duty then, with an ETA after the moment
        call_skills = set(asked.required_skills)
        for tid in proposal.technician_ids:
            assert tid in on_duty and call_skills <= set(on_duty[tid].skills)
        assert proposal.eta is not None and proposal.eta >= d.at
        assert proposal.names == tuple(on_duty[t].name for t in proposal.technician_ids)
    else:
        assert proposal.waiting_reason
    # over the night the planner sends someone to most decided calls
    sent = [planner_proposal(x, TZ) for x in timeline.decisions[:6]]
    assert sum(1 for p in sent if p.technician_ids) >= len(sent) // 2
    # a decision with no recorded situation is refused with a reason
    bare = replace(d, situation=None)
    with pytest.raises(ValueError, match="no situation"):
        planner_problem(bare, TZ)
