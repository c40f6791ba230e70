"""Demo sessions: a separate database (never the live one), trainer controls that act on the
real hub, simulated technicians answering the trainee, and a score against the engine."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from console.client import ConnectionState, ConsoleClient
from console.db.engine import Database, data_dir
from console.db.migrate import upgrade
from console.domain import CallStatus, EventView, TechStatus
from console.sim.demo import DemoSession


async def until(check: Callable[[], object], timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_never_writes_the_live_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = tmp_path / "live.sqlite3"
    live_db = Database(f"sqlite:///{live}")
    upgrade(live_db)
    live_db.dispose()
    before = (_digest(live), live.stat().st_mtime_ns)
    monkeypatch.setenv("DISPATCH_DB_URL", f"sqlite:///{live}")

    async def go() -> list[str]:
        urls = []
        for folder in (tmp_path / "data", None):
            session = DemoSession(
                "hub_outage_drill", seed=1, speed=60, data_dir=folder, shadow=False
            )
            info = await session.start()
            urls.append(info.db_url)
            root = (folder or data_dir()) / "demo"
            assert info.db_url.startswith(f"sqlite:///{root}/")
            # the night is running: technicians start their shifts in the demo database
            await until(lambda s=session: s.score().trainee.events > 20)
            await session.stop()
        return urls

    urls = asyncio.run(go())
    assert str(live) not in " ".join(urls)
    assert (_digest(live), live.stat().st_mtime_ns) == before
    assert not Path(urls[0].removeprefix("sqlite:///")).exists()  # cleaned up on stop


def test_trainer_controls_and_simulated_technicians(tmp_path: Path) -> None:
    async def go() -> None:
        session = DemoSession(
            "hub_outage_drill", seed=4, speed=60, data_dir=tmp_path, engine="recommend"
        )
        info = await session.start()
        client = ConsoleClient(info.hub_url, username=info.username, password=info.password)
        events: list[EventView] = []
        client.on_event(events.append)
        await client.start()
        await client.wait_ready()
        try:
            # pause freezes simulated time, resume and speed move it again
            session.pause()
            frozen = info.clock()
            await asyncio.sleep(0.05)
            assert info.clock() == frozen and session.paused
            session.resume()
            session.set_speed(30)
            await until(lambda: info.clock() > frozen)
            session.set_speed(60)

            await session.inject("emergency_call", category="burst_pipe")
            await until(
                lambda: any(
                    e.type == "call.created" and e.payload["call"]["priority"] == "emergency"
                    for e in events
                )
            )
            call_id = next(e.payload["call"]["id"] for e in events if e.type == "call.created")

            # the trainee dispatches; a simulated technician accepts on their phone
            snap_techs = {t.id: t for t in (await client.wait_ready()).technicians.values()}
            await until(
                lambda: any(
                    e.type == "technician.status"
                    and e.payload["technician"]["status"] == "available"
                    for e in events
                )
            )
            tech_id = next(
                e.payload["technician"]["id"] for e in events if e.type == "technician.status"
            )
            assert tech_id in snap_techs
            await client.assign(call_id, tech_id, override_reason="training")
            await until(
                lambda: any(
                    e.type == "call.status"
                    and e.payload["call"]["id"] == call_id
                    and e.payload["call"]["status"] == "accepted"
                    and e.payload["actor"]["kind"] == "technician"
                    for e in events
                )
            )

            # the engine does not dispatch in demo mode
            assert {e.payload["actor"]["name"] for e in events if e.type == "call.assigned"} == {
                "Trainee 学员"
            }

            await session.inject("customer_cancel")
            await until(lambda: any(e.type == "call.cancelled" for e in events))
            await session.inject("van_breakdown", minutes=30)
            await until(
                lambda: any(
                    e.type == "technician.status"
                    and e.payload["technician"]["status"] == TechStatus.ON_BREAK
                    for e in events
                )
            )
            # the outage drill on demand: the console sees the hub go and come back
            states: list[ConnectionState] = []
            client.on_state(states.append)
            seq = client.last_seq
            await session.inject("hub_outage", minutes=1)
            await session.inject("emergency_call", category="leak")
            await until(lambda: client.last_seq > seq and client.state == "connected")
            assert ConnectionState.RECONNECTING in states or ConnectionState.OFFLINE in states
            with pytest.raises(ValueError, match="inject kind"):
                await session.inject("alien_invasion")

            await until(lambda: session.shadow_ready, timeout=60)
            score = session.score()
            assert score.engine is not None and score.trainee.calls >= 1
            assert score.engine.calls >= 1
            cancelled = [e for e in events if e.type == "call.cancelled"]
            assert CallStatus(cancelled[0].payload["call"]["status"]) is CallStatus.CANCELLED
        finally:
            await client.close()
            await session.stop()

    asyncio.run(go())
