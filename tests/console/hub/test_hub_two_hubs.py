"""Several hub processes on one PostgreSQL deliver the identical event sequence: each learns
of commits through LISTEN dispatch_events and reads the events table in seq order."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import PositionFix
from console.domain import EventView, Position
from console.hub import Hub
from console.hub.peers import FieldAppClient, IntakeClient
from console.services.journal import last_seq
from tests.helpers.hub_support import (
    FAST,
    PASSWORD,
    USER,
    make_center,
    new_call,
    run,
    running_hub,
    wait_until,
)
from tests.helpers.hub_support import write_ticks as ticks


def test_two_hubs_on_one_postgres_deliver_identical_sequences(pg_url: str) -> None:
    db_a, db_b = Database(pg_url), Database(pg_url)
    center = make_center(db_a)
    call_id = new_call(db_a)

    async def scenario() -> None:
        async with running_hub(db_a) as hub_a, running_hub(db_b) as hub_b:
            logs: list[list[EventView]] = [[], []]
            clients = []
            for hub, log in ((hub_a, logs[0]), (hub_b, logs[1])):
                client = ConsoleClient(hub.url, username=USER, password=PASSWORD)
                client.on_event(log.append)
                await client.start()
                clients.append(client)
            seqs = [(await c.wait_ready()).seq for c in clients]
            assert seqs[0] == seqs[1]
            intake = IntakeClient(hub_a.url, center.channel_tokens[0])
            await intake.connect()

            async def via_a(i: int) -> None:
                await intake.new_call(idempotency_key=f"k{i}", customer_name=f"C{i}",
                                      phone=f"13911{i:06d}", address="1 Road", lat=31.2,
                                      lon=121.4, category="leak")

            async def via_b(i: int) -> None:
                await clients[1].add_note(call_id, f"note {i}")

            await asyncio.gather(*(f(i) for i in range(40) for f in (via_a, via_b)),
                                 asyncio.to_thread(ticks, db_a, 300, "direct"))
            with db_a.reading() as s:
                head = last_seq(s)
            for c in clients:
                await wait_until(lambda c=c: c.last_seq == head, 30, "both consoles")
            await intake.close()
            for c in clients:
                await c.close()
        assert [(e.seq, e.type, e.payload) for e in logs[0]] == \
            [(e.seq, e.type, e.payload) for e in logs[1]]
        assert [e.seq for e in logs[0]] == list(range(seqs[0] + 1, head + 1))
        assert len(logs[0]) >= 380

    try:
        run(scenario())
    finally:
        db_a.dispose()
        db_b.dispose()


def test_notify_alone_wakes_a_hub(pg_url: str) -> None:
    """With polling pushed out to a minute, only NOTIFY can bring a foreign commit in time."""
    db = Database(pg_url)
    make_center(db, technicians=1, channels=0)

    async def scenario() -> None:
        hub = Hub(db)
        hub.feed.poll_interval = 60.0
        await hub.start()
        try:
            client = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            got: list[EventView] = []
            client.on_event(got.append)
            await client.start()
            await client.wait_ready()
            await asyncio.to_thread(ticks, db, 3, "foreign")
            await wait_until(lambda: len(got) == 3, 10, "notified events")
            await client.close()
        finally:
            await hub.stop()

    try:
        run(scenario())
    finally:
        db.dispose()


def test_positions_reach_consoles_on_other_hubs(pg_url: str) -> None:
    """A fix sent to hub A shows live on a console connected to hub B (NOTIFY relay), and
    is stored once (by hub A)."""
    db_a, db_b = Database(pg_url), Database(pg_url)
    center = make_center(db_a, technicians=3, channels=0)

    async def scenario() -> None:
        async with running_hub(db_a, limits=FAST) as hub_a, \
                running_hub(db_b, limits=FAST) as hub_b:
            console = ConsoleClient(hub_b.url, username=USER, password=PASSWORD)
            seen: dict[int, Position] = {}
            console.on_positions(lambda batch: seen.update(batch))
            await console.start()
            await console.wait_ready()
            apps = [FieldAppClient(hub_a.url, t) for t in center.tech_tokens]
            for i, app in enumerate(apps):
                await app.connect()
                await app.position(30.0 + i, 120.0, speed=12.0, ack=True)
            await wait_until(lambda: len(seen) == 3, 10, "relayed positions on hub B")
            assert [seen[t].lat for t in center.tech_ids] == [30.0, 31.0, 32.0]
            assert seen[center.tech_ids[0]].speed_kmh == 12.0
            late = ConsoleClient(hub_b.url, username=USER, password=PASSWORD)
            await late.start()
            snap = await late.wait_ready()
            pos = snap.technicians[center.tech_ids[2]].position
            assert pos is not None and pos.lat == 32.0
            for app in apps:
                await app.close()
            for c in (console, late):
                await c.close()
        with db_a.reading() as s:
            assert s.scalar(select(func.count()).select_from(PositionFix)) == 3

    try:
        run(scenario())
    finally:
        db_a.dispose()
        db_b.dispose()
