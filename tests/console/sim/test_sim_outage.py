"""The hub outage drill: the hub drops for a simulated minute and comes back on its port; a
console connected through it shows the outage and ends with every event exactly once."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from console.client import ConnectionState, ConsoleClient
from console.db.engine import Database
from console.db.models import Event
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from console.sim.headless import run_night
from console.sim.scenario import load_scenario


async def _until(check: object, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def test_console_rides_through_the_outage_without_losing_an_event(db_url: str) -> None:
    setup = Database(db_url)
    create_user(
        setup,
        actor=SYSTEM,
        username="watcher",
        display_name="Watcher",
        role="supervisor",
        password="watch",
    )
    setup.dispose()
    scenario = load_scenario("hub_outage_drill").with_hours(1)
    seen: list[int] = []
    states: list[ConnectionState] = []
    holder: dict[str, ConsoleClient] = {}

    async def attach(url: str) -> None:
        client = ConsoleClient(
            url, username="watcher", password="watch", backoff_initial=0.05, backoff_max=0.2
        )
        client.on_event(lambda ev: seen.append(ev.seq))
        client.on_state(states.append)
        await client.start()
        snap = await client.wait_ready()
        seen.append(snap.seq)  # the snapshot covers everything up to here
        holder["client"] = client

    async def night() -> None:
        async def caught_up() -> None:
            with probe.reading() as session:
                head = int(session.execute(select(func.max(Event.seq))).scalar() or 0)
            client = holder["client"]
            await _until(
                lambda: client.state == ConnectionState.CONNECTED and client.last_seq >= head
            )

        probe = Database(db_url)
        result = await run_night(scenario, 2, db_url=db_url, on_ready=attach, before_stop=caught_up)
        probe.dispose()
        assert result.refused_actions == 0
        client = holder["client"]
        db = Database(db_url)
        with db.reading() as session:
            head = int(session.execute(select(func.max(Event.seq))).scalar() or 0)
            after = session.execute(
                select(func.count(Event.seq)).where(
                    Event.at
                    >= scenario.start_at() + scenario.events[0].offset + scenario.events[0].duration
                )
            ).scalar()
            outage_gap = session.execute(
                select(func.count(Event.seq)).where(
                    Event.at > scenario.start_at() + (scenario.events[0].offset),
                    Event.at
                    < scenario.start_at() + scenario.events[0].offset + scenario.events[0].duration,
                )
            ).scalar()
        db.dispose()
        # the hub is gone again at the end of the night; everything was delivered before
        assert client.last_seq == head
        await client.close()
        assert outage_gap == 0  # nothing was written while the hub was down
        assert after and after > 0  # ...and the night went on afterwards
        assert seen[1:] == list(range(seen[0] + 1, head + 1))  # each seq once, in order
        assert ConnectionState.RECONNECTING in states or ConnectionState.OFFLINE in states
        assert states.count(ConnectionState.CONNECTED) >= 2, states  # it came back

    asyncio.run(night())
