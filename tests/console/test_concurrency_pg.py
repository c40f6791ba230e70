"""Dispatchers racing to assign the same calls: exactly one assignment wins per call and every
loser is told which assignment beat it. Each worker has its own Database (engine and pool),
like separate hub processes; a barrier releases them together."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Assignment, Call
from console.errors import Conflict
from console.services import Actor, assign_call
from tests.helpers.services_kit import event_seqs, make_call, make_tech


@dataclass
class Outcome:
    worker: int
    call_id: int
    won: bool
    winner_assignment: object = None
    error_code: str = ""


def _worker(url: str, index: int, tech: int, calls: list[int], gate: threading.Barrier
            ) -> list[Outcome]:
    db = Database(url)
    actor = Actor("user", 100 + index, f"dispatcher {index}", "dispatcher")
    try:
        with db.reading() as s:  # the versions this dispatcher's screen shows
            seen = {cid: v for cid, v in s.execute(select(Call.id, Call.version))}
        gate.wait(timeout=60)
        out = []
        for call_id in calls:
            try:
                assign_call(db, actor=actor, call_id=call_id, technician_id=tech,
                            expected_version=seen[call_id])
                out.append(Outcome(index, call_id, True))
            except Conflict as exc:
                winner = exc.details.get("winner")
                assigned = winner.get("assignment_id") if isinstance(winner, dict) else None
                out.append(Outcome(index, call_id, False, assigned, exc.code))
        return out
    finally:
        db.dispose()


def _race(url: str, workers: int, n_calls: int) -> None:
    setup = Database(url)
    techs = [make_tech(setup, f"师傅{i}", phone=f"138{i:08d}") for i in range(workers)]
    calls = [make_call(setup, phone=f"139{i:08d}").id for i in range(n_calls)]
    seqs_before = len(event_seqs(setup))
    gate = threading.Barrier(workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_worker, url, i, techs[i], calls, gate) for i in range(workers)]
        outcomes = [o for f in futures for o in f.result(timeout=240)]
    with setup.reading() as s:
        rows = list(s.execute(select(Assignment)).scalars())
        versions = {cid: v for cid, v in s.execute(select(Call.id, Call.version))}
    active = {a.call_id: a for a in rows if a.active}
    assert len(rows) == len(active) == n_calls, "exactly one assignment per call, all active"
    for call_id in calls:
        mine = [o for o in outcomes if o.call_id == call_id]
        winners = [o for o in mine if o.won]
        assert len(mine) == workers and len(winners) == 1, f"call {call_id}: {winners}"
        assert active[call_id].technician_id == techs[winners[0].worker]
        assert versions[call_id] == 2
        for loser in (o for o in mine if not o.won):
            assert loser.error_code == "conflict"
            assert loser.winner_assignment == active[call_id].id, f"call {call_id}"
    seqs = event_seqs(setup)
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == seqs_before + n_calls
    setup.dispose()


@pytest.mark.postgres
def test_twenty_dispatchers_race_for_two_hundred_calls_on_postgres(pg_url: str) -> None:
    _race(pg_url, workers=20, n_calls=200)


def test_dispatchers_race_on_sqlite(tmp_path: object) -> None:
    from pathlib import Path

    from console.db.migrate import upgrade

    assert isinstance(tmp_path, Path)
    url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    db = Database(url)
    upgrade(db)
    db.dispose()
    _race(url, workers=6, n_calls=30)
