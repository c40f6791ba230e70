"""The demo's warm start: the engine runs the night's first hour at full speed, then hands a
night already under way (calls open, technicians on shift and on the road) to the trainee;
the same scenario and seed hand over the same night."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from console.client import ConsoleClient
from console.db.models import Event
from console.domain import CallStatus, TechStatus
from console.sim.clock import SimClock
from console.sim.demo import DemoSession
from console.sim.warmup import HANDOVER_QUEUE_MINUTES

START = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)


class FakeWall:
    def __init__(self) -> None:
        self.t = 50.0

    def __call__(self) -> float:
        return self.t


def test_clock_goes_live_from_where_the_warm_up_left_it() -> None:
    wall = FakeWall()
    clock = SimClock(START, speed=None, monotonic=wall)
    clock.advance_to(START + timedelta(hours=1))
    wall.t += 1000  # wall time spent warming up does not count
    clock.go_live(10)
    assert not clock.discrete and clock() == START + timedelta(hours=1)
    wall.t += 6
    assert clock() == START + timedelta(hours=1, minutes=1)
    with pytest.raises(RuntimeError):
        clock.go_live(10)
    with pytest.raises(RuntimeError):
        clock.advance_to(START + timedelta(hours=2))


def test_warm_up_must_be_a_sane_length() -> None:
    with pytest.raises(ValueError, match="warm-up"):
        DemoSession(warmup_minutes=-5)


def _event_log(session: DemoSession) -> list[str]:
    assert session.db is not None
    with session.db.reading() as s:
        rows = s.execute(select(Event).order_by(Event.seq)).scalars().all()
        return [
            json.dumps([e.seq, e.at.isoformat(), e.type, e.payload], sort_keys=True) for e in rows
        ]


async def _warm(tmp_path: Path, name: str) -> tuple[DemoSession, list[str]]:
    session = DemoSession(
        "quiet_weeknight",
        seed=3,
        speed=60,
        data_dir=tmp_path / name,
        shadow=False,
        warmup_minutes=60,
    )
    await session.start()
    # read before yielding to the loop: exactly the night as handed over
    return session, _event_log(session)


def test_warm_start_hands_over_a_lively_night_deterministically(tmp_path: Path) -> None:
    async def go() -> None:
        first, log_a = await _warm(tmp_path, "a")
        await first.stop()
        session, log_b = await _warm(tmp_path, "b")
        assert log_a == log_b and len(log_a) > 100  # same scenario and seed: same handover
        assert session.plan is not None and session.handover is not None and session.info
        handed = session.plan.start + timedelta(minutes=60)
        assert session.handover == handed - timedelta(minutes=HANDOVER_QUEUE_MINUTES)
        assert session.clock is not None and not session.clock.discrete
        assert handed <= session.info.clock() < handed + timedelta(minutes=2)

        client = ConsoleClient(
            session.info.hub_url, username=session.info.username, password=session.info.password
        )
        assigned: list[int] = []
        client.on_event(lambda e: assigned.append(e.seq) if e.type == "call.assigned" else None)
        await client.start()
        try:
            snap = await client.wait_ready()
            calls = Counter(c.status for c in snap.calls.values() if c.status.is_open)
            techs = Counter(t.status for t in snap.technicians.values())
            # open calls: some on the road or on site, some waiting for the trainee
            assert calls[CallStatus.NEW] >= 1
            assert calls[CallStatus.EN_ROUTE] + calls[CallStatus.ON_SITE] >= 5
            # every technician's shift has started (the spread is 60 minutes)
            assert techs[TechStatus.OFF_DUTY] == 0 and sum(techs.values()) == 40
            assert techs[TechStatus.EN_ROUTE] >= 3

            # the score leaves the engine's warm-up out
            score = session.score()
            assert score.since == session.handover
            assert 0 < score.trainee.calls < len(snap.calls)

            # after the handover the engine no longer dispatches: waiting calls stay waiting
            assert session.sim is not None and not session.sim.autopilot
            later = session.info.clock() + timedelta(minutes=3)
            deadline = asyncio.get_running_loop().time() + 20
            while session.info.clock() < later:
                assert asyncio.get_running_loop().time() < deadline
                await asyncio.sleep(0.05)
            assert assigned == []
        finally:
            await client.close()
            await session.stop()

    asyncio.run(go())
