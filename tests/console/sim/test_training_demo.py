"""A demo night reaches the live database as a training record when it stops: through the
live hub, under the trainee signed in there, with the injections used; a night closed within
minutes is abandoned (the demo database's own refusal is tested in
tests/reports/test_training_report.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import TrainingNight
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from console.sim.demo import DemoSession
from console.training.record import NightFacts, recorder, request_fields
from tests.helpers.hub_support import running_hub, wait_until


def test_demo_night_is_recorded_on_the_live_hub(tmp_path: Path) -> None:
    live = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    upgrade(live)
    amy = create_user(
        live,
        actor=SYSTEM,
        username="amy",
        display_name="Amy",
        role="dispatcher",
        password="amy-pass",
    )
    seen: list[NightFacts] = []

    async def go() -> None:
        async with running_hub(live) as hub:
            records = ConsoleClient(hub.url, username="amy", password="amy-pass")
            await records.start()
            await records.wait_ready()
            session = DemoSession(
                "quiet_weeknight", seed=3, speed=60, data_dir=tmp_path, shadow=False
            )
            await session.start()
            session.trainer = "Tom"
            send = recorder(records)

            async def keep(facts: NightFacts) -> None:
                seen.append(facts)
                await send(facts)

            session.night_ended.append(keep)
            await session.inject("emergency_call", category="burst_pipe")
            await session.stop()
            await session.stop()  # stopping twice records once
            await records.close()

    async def bounded() -> None:
        async with asyncio.timeout(120):  # not wait_for: see DESIGN.md's traps
            await go()

    asyncio.run(bounded())
    with live.reading() as s:
        rows = list(s.execute(select(TrainingNight)).scalars())
    assert len(rows) == 1 and len(seen) == 1
    (row,) = rows
    assert (row.trainee_id, row.trainer_name, row.scenario, row.seed) == (
        amy,
        "Tom",
        "quiet_weeknight",
        3,
    )
    assert row.injections == ["emergency_call"] and row.speed == 60
    assert row.status == "abandoned" and row.sla_decided == 0  # closed within seconds
    assert row.wall_seconds == pytest.approx(seen[0].wall_seconds, abs=0.1)
    assert row.sim_seconds > 0
    live.dispose()


def test_planner_shadow_night_scores_the_record(tmp_path: Path) -> None:
    """The demo's shadow night is the planner's by default: its summary sits next to the
    trainee's, and the record names the planner as the engine those figures came from."""
    live = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    upgrade(live)
    create_user(
        live, actor=SYSTEM, username="bo", display_name="Bo", role="dispatcher", password="bo-pw"
    )
    seen: list[NightFacts] = []

    async def go() -> None:
        async with running_hub(live) as hub:
            records = ConsoleClient(hub.url, username="bo", password="bo-pw")
            await records.start()
            await records.wait_ready()
            # the shortest scenario (2 h, 20 technicians); the engine is the default
            session = DemoSession("hub_outage_drill", seed=5, speed=60, data_dir=tmp_path)
            assert session.engine == "planner"
            await session.start()
            send = recorder(records)

            async def keep(facts: NightFacts) -> None:
                seen.append(facts)
                await send(facts)

            session.night_ended.append(keep)
            shadow = session._shadow  # the child process computing the engine's night
            assert shadow is not None and shadow.args[-2:] == ["--engine", "planner"]
            await wait_until(lambda: session.shadow_ready, timeout=150, what="planner night")
            await session.stop()
            await records.close()

    async def bounded() -> None:
        async with asyncio.timeout(200):
            await go()

    asyncio.run(bounded())
    (facts,) = seen
    assert facts.engine == "planner" and facts.engine_score is not None
    assert facts.engine_score.events > 0  # the planner's night, summarized up to now
    assert request_fields(facts)["engine"] == "planner"
    with live.reading() as s:
        (row,) = s.execute(select(TrainingNight)).scalars()
    assert row.engine == "planner" and row.scenario == "hub_outage_drill"
    live.dispose()


def test_shadow_engine_must_be_known() -> None:
    with pytest.raises(ValueError, match="engine must be one of"):
        DemoSession(engine="fastest")



SHORT_NIGHT = """
name = "short_test_night"
description = "A quarter of an hour, for a night that runs to its end in a test."
timezone = "Asia/Shanghai"
date = "2026-03-10"
start = "21:00"
hours = 0.25

[technicians]
count = 4
start_spread_minutes = 0
skills = { plumbing = 2, locksmith = 2 }

[calls]

[calls.rate_by_hour]
"21" = 12

[calls.categories]
leak = 1
lockout = 1

[calls.priorities]
normal = 1

[calls.channels]
phone = 1
"""


def _live_with_trainee(tmp_path: Path) -> tuple[Database, int]:
    live = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    upgrade(live)
    cy = create_user(
        live, actor=SYSTEM, username="cy", display_name="Cy", role="dispatcher", password="cy-pw"
    )
    return live, cy


def _short_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DemoSession:
    """14 of the night's 15 minutes warmed up (discrete, fast); the last one at ×60 runs
    to its end in about a second of wall time. The file is named relative to the working
    directory: the record keeps the scenario's name (at most 64 characters)."""
    (tmp_path / "short.toml").write_text(SHORT_NIGHT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return DemoSession(
        "short.toml", seed=2, speed=60, data_dir=tmp_path, shadow=False, warmup_minutes=14
    )


def _rows(live: Database) -> list[TrainingNight]:
    with live.reading() as s:
        return list(s.execute(select(TrainingNight)).scalars())


def test_a_night_that_runs_to_its_end_is_recorded_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recorded when the run finishes, before the window closes; the wall clock stops at
    the end, so the time the window stays open afterwards adds no hours; closing records
    nothing more."""
    live, cy = _live_with_trainee(tmp_path)
    seen: list[NightFacts] = []

    async def go() -> None:
        async with running_hub(live) as hub:
            records = ConsoleClient(hub.url, username="cy", password="cy-pw")
            await records.start()
            await records.wait_ready()
            session = _short_session(tmp_path, monkeypatch)
            await session.start()
            send = recorder(records)

            async def keep(facts: NightFacts) -> None:
                seen.append(facts)
                await send(facts)

            session.night_ended.append(keep)
            await wait_until(lambda: len(_rows(live)) == 1, timeout=60, what="the record")
            assert session.night_over and len(seen) == 1
            await asyncio.sleep(0.5)  # the trainee looks at the finished night a while
            # ... which is not training time: the wall clock stopped at the end
            assert session.night_facts().wall_seconds == seen[0].wall_seconds
            await session.stop()  # the window closes
            await records.close()

    async def bounded() -> None:
        async with asyncio.timeout(120):
            await go()

    asyncio.run(bounded())
    (row,) = _rows(live)
    assert len(seen) == 1 and row.trainee_id == cy
    assert row.wall_seconds == pytest.approx(seen[0].wall_seconds, abs=0.1)
    assert seen[0].sim_seconds >= 55  # the trainee's minute, to the night's end
    live.dispose()


def test_a_record_the_hub_did_not_take_is_sent_again_on_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live hub was unreachable when the night ended: the record is kept, not only
    logged, and closing the window sends it (once)."""
    live, cy = _live_with_trainee(tmp_path)
    attempts: list[str] = []

    async def go() -> None:
        async with running_hub(live) as hub:
            records = ConsoleClient(hub.url, username="cy", password="cy-pw")
            await records.start()
            await records.wait_ready()
            session = _short_session(tmp_path, monkeypatch)
            await session.start()
            send = recorder(records)

            async def flaky(facts: NightFacts) -> None:
                """The real sender behind a link that is down for the first try."""
                attempts.append(facts.night_key)
                if len(attempts) == 1:
                    raise ConnectionError("the live hub is unreachable")
                await send(facts)

            session.night_ended.append(flaky)
            await wait_until(
                lambda: len(attempts) == 1 and bool(session.unsent),
                timeout=60,
                what="the first, failed try",
            )
            assert _rows(live) == []
            await session.stop()
            assert session.unsent == []
            await session.stop()  # stopping again sends nothing more
            await records.close()

    async def bounded() -> None:
        async with asyncio.timeout(120):
            await go()

    asyncio.run(bounded())
    assert len(attempts) == 2 and attempts[0] == attempts[1]
    (row,) = _rows(live)
    assert row.trainee_id == cy
    live.dispose()
