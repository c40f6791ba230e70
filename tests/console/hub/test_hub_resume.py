"""Drops and restarts lose nothing: a client whose connection is killed, and a hub restarted
mid-stream, still end with every one of 10,000 events exactly once, in order."""

from __future__ import annotations

import asyncio
import threading

from console.client import ConsoleClient
from console.db.engine import Database
from console.domain import EventView
from console.hub import Hub
from console.hub.peers import FieldAppClient
from tests.helpers.hub_support import (
    PASSWORD,
    USER,
    make_center,
    run,
    running_hub,
    wait_until,
    write_ticks,
)

TOTAL = 10_000
BATCH = 500


def test_killed_client_and_restarted_hub_deliver_each_event_once(db: Database) -> None:
    center = make_center(db, technicians=1, channels=0)
    gates = [threading.Event(), threading.Event()]

    def produce() -> None:
        """20 batches of 500; pauses at two gates so the kill and the restart land mid-way."""
        for i in range(TOTAL // BATCH):
            if i == 6:
                assert gates[0].wait(30)
            if i == 12:
                assert gates[1].wait(30)
            write_ticks(db, BATCH, tag=str(i))

    async def scenario() -> None:
        seen: list[EventView] = []
        async with running_hub(db) as hub:
            port = hub.port
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD,
                                    backoff_initial=0.02, backoff_max=0.2)
            console.on_event(seen.append)
            await console.start()
            base = (await console.wait_ready()).seq
            producer = asyncio.create_task(asyncio.to_thread(produce))
            await wait_until(lambda: len(seen) >= 2_000, 30, "2,000 events")
            # kill the client's connection abruptly (no close handshake)
            assert console._ws is not None
            console._ws.transport.abort()
            gates[0].set()
            await wait_until(lambda: len(seen) >= 5_000, 30, "5,000 events")
        # the hub is down now; the producer writes on while it is away
        gates[1].set()
        await producer
        restarted = Hub(db, port=port)
        await restarted.start()
        try:
            await wait_until(lambda: console.last_seq == base + TOTAL, 60, "all events")
            # still a working connection after all that
            field = FieldAppClient(restarted.url, center.tech_tokens[0])
            await field.connect()
            await field.shift("start")
            await wait_until(lambda: seen[-1].type == "technician.status", 10, "a live event")
            await field.close()
        finally:
            await console.close()
            await restarted.stop()
        ticks = [e for e in seen if e.type == "test.tick"]
        assert len(ticks) == TOTAL
        assert [e.seq for e in seen] == list(range(base + 1, base + len(seen) + 1))

    run(scenario(), timeout=120)
