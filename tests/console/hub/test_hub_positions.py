"""Positions at scale: the latest fix per technician in memory, the track written in a few
batched transactions, and consoles sent coalesced batches (each technician once)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import PositionFix, Technician
from console.domain import Position
from console.hub import HubLimits
from console.hub.peers import FieldAppClient
from tests.helpers.hub_support import PASSWORD, USER, make_center, run, running_hub, wait_until

FIXES = 60


def test_fixes_are_batched_and_broadcasts_coalesced(db: Database) -> None:
    center = make_center(db, technicians=3, channels=0)
    limits = HubLimits(field_rate=1e6, field_burst=10**6, batch_interval=0.2,
                       broadcast_interval=0.1)

    async def scenario() -> None:
        async with running_hub(db, limits=limits) as hub:
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            batches: list[list[tuple[int, Position]]] = []
            console.on_positions(batches.append)
            await console.start()
            await console.wait_ready()
            apps = [FieldAppClient(hub.url, token) for token in center.tech_tokens]
            start = db.now() - timedelta(minutes=5)
            for app in apps:
                await app.connect()
            for i in range(FIXES):
                for n, app in enumerate(apps):
                    await app.position(31.0 + n + i / 1000, 121.0 + i / 1000, accuracy=4,
                                       heading=float(i % 360), speed=20.0,
                                       at=start + timedelta(seconds=i), ack=i == FIXES - 1)
            last_lat = [31.0 + n + (FIXES - 1) / 1000 for n in range(3)]

            def arrived() -> bool:
                latest = {tid: p for batch in batches for tid, p in batch}
                return len(latest) == 3 and [latest[t].lat for t in center.tech_ids] == last_lat

            await wait_until(arrived, 10, "the latest fixes at the console")
            for batch in batches:
                ids = [tid for tid, _p in batch]
                assert len(ids) == len(set(ids))  # coalesced: each technician once
            assert sum(len(b) for b in batches) < 3 * FIXES
            assert hub.positions.accepted == 3 * FIXES
            await wait_until(lambda: hub.positions.written == 3 * FIXES, 10, "the track write")
            assert hub.positions.batches < FIXES  # not one transaction per fix
            # a console connecting now sees the latest position in its snapshot
            late = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            await late.start()
            snap = await late.wait_ready()
            pos = snap.technicians[center.tech_ids[2]].position
            assert pos is not None and pos.lat == last_lat[2]
            for app in apps:
                await app.close()
            for c in (console, late):
                await c.close()
        with db.reading() as s:
            assert s.scalar(select(func.count()).select_from(PositionFix)) == 3 * FIXES
            for tid, lat in zip(center.tech_ids, last_lat, strict=True):
                tech = s.get(Technician, tid)
                assert tech is not None and tech.last_lat == lat and tech.last_speed_kmh == 20
                assert tech.version == 1  # a position is not a versioned change

    run(scenario())


def test_a_late_older_fix_joins_the_track_but_never_moves_the_technician_back(
    db: Database,
) -> None:
    center = make_center(db, technicians=1, channels=0)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            app = FieldAppClient(hub.url, center.tech_tokens[0])
            await app.connect()
            now = db.now()
            await app.position(31.5, 121.5, at=now, ack=True)
            await wait_until(lambda: hub.positions.written == 1, 10, "the first write")
            await app.position(30.0, 120.0, at=now - timedelta(minutes=20), ack=True)
            await wait_until(lambda: hub.positions.written == 2, 10, "the late fix")
            assert hub.positions.latest[center.tech_ids[0]]["lat"] == 31.5
            await app.close()
        with db.reading() as s:
            tech = s.get(Technician, center.tech_ids[0])
            assert tech is not None and tech.last_lat == 31.5
            assert s.scalar(select(func.count()).select_from(PositionFix)) == 2

    run(scenario())


def test_a_full_write_backlog_pushes_back_instead_of_queueing_without_bound(
    db: Database,
) -> None:
    center = make_center(db, technicians=1, channels=0)
    limits = HubLimits(field_rate=1e6, field_burst=10**6, batch_interval=3600,
                       batch_max=10**6, position_backlog=50)

    async def scenario() -> None:
        async with running_hub(db, limits=limits) as hub:
            store = hub.positions
            app = FieldAppClient(hub.url, center.tech_tokens[0])
            await app.connect()
            for i in range(200):
                await app.position(31.0, 121.0 + i / 1000)
            for rounds in range(1, 5):
                await wait_until(lambda r=rounds: store.accepted == 50 * r, 10, "a full backlog")
                assert store.written == 50 * (rounds - 1)  # reading stopped at the cap
                await store.flush()
            assert store.written == 200
            await app.close()

    run(scenario())
