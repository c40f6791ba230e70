"""A phone_outage: some phones lose their signal, keep their steps (dated) and upload them in
order when it is back, once each; the night finishes with nothing refused or doubled."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Event
from console.sim.headless import run_night
from console.sim.scenario import load_scenario
from tests.helpers.sim_support import small_scenario

DEAD_ZONE = '\n[[events]]\nkind = "phone_outage"\nat = "21:10"\nduration_minutes = 20\nphones = 4\n'


def test_phones_in_a_dead_zone_upload_their_steps_late_with_their_times(tmp_path: Path) -> None:
    scenario = load_scenario(small_scenario(tmp_path, DEAD_ZONE))
    url = f"sqlite:///{tmp_path / 'night.sqlite3'}"
    result = asyncio.run(run_night(scenario, 3, db_url=url))
    assert result.refused_actions == 0
    ev = next(e for e in scenario.events if e.kind == "phone_outage")
    start = scenario.start_at() + ev.offset
    end = start + ev.duration
    db = Database(url)
    with db.reading() as s:
        rows = s.execute(select(Event.seq, Event.at, Event.type, Event.payload)
                         .order_by(Event.seq)).all()
    db.dispose()
    # a step uploaded late: logged after events of later times, dated inside the dead zone
    late, newest = [], rows[0][1]
    for seq, at, t, p in rows:
        if at < newest and t in ("call.status", "call.completed", "call.failed"):
            assert start <= at < end, (seq, at)
            late.append((seq, at, p))
        newest = max(newest, at)
    assert late, "no step went up late with its own time"
    # and every call's steps are in order in time, none twice
    for call_id in {p["call"]["id"] for _s, _a, p in late}:
        steps = [(at, p["step"]) for _s, at, t, p in rows
                 if t == "call.status" and p.get("call", {}).get("id") == call_id]
        assert [a for a, _ in steps] == sorted(a for a, _ in steps)
        assert len({st for _, st in steps}) == len(steps)
