"""A PostgreSQL restart under load: two hubs of one database keep serving a channel and a
console each while the server is restarted (connections cut); the hubs reconnect (pool and
LISTEN), redo the commands the restart interrupted (their command ids make that safe), and
afterwards every acknowledged write is in the database exactly once and no hub or console
saw a gap in the event log.

The shared test server is not ours to restart, so this runs on a private, throwaway server
(console.hub.private_pg). It runs whenever PostgreSQL tests are enabled
(``DISPATCH_TEST_PG_URL`` set) and then fails, not skips, if that server cannot start.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import Event
from console.hub.faults import Tally, Workload, audit
from console.hub.private_pg import PrivatePostgres
from tests.conftest import PG_ENV
from tests.helpers.hub_support import PASSWORD, USER, make_center, new_call, run, running_hub

pytestmark = pytest.mark.postgres


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests are disabled")
    with PrivatePostgres() as pg:  # raises (the test fails) if the server cannot start
        yield pg


def _started(db: Database) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT pg_postmaster_start_time()")).scalar()


def test_hubs_ride_out_a_postgres_restart_under_load(private_pg: PrivatePostgres) -> None:
    db = private_pg.database()
    upgrade(db)
    center = make_center(db, technicians=1, channels=2)
    call_id = new_call(db)
    first_start = _started(db)

    async def scenario() -> tuple[list[Workload], list[int]]:
        async with running_hub(db) as hub_a, running_hub(Database(db.url)) as hub_b:
            works = [
                Workload(hub_a.url, center.channel_tokens[0], USER, PASSWORD, call_id, "a"),
                Workload(hub_b.url, center.channel_tokens[1], USER, PASSWORD, call_id, "b"),
            ]
            for w in works:
                await w.start()
            while min(w.tally.applied for w in works) < 10:  # well into the stream
                await asyncio.sleep(0.01)
            before = [w.tally.applied for w in works]
            await asyncio.to_thread(private_pg.restart)
            while any(w.tally.applied < b + 10 for w, b in zip(works, before, strict=True)):
                await asyncio.sleep(0.01)  # both hubs acknowledge writes again
            for w in works:
                await w.stop()
            with db.reading() as s:
                last = int(s.execute(select(func.max(Event.seq))).scalar() or 0)
            while min(hub_a.feed.head, hub_b.feed.head) < last:  # each hub follows the log
                await asyncio.sleep(0.01)
            heads = [hub_a.feed.head, hub_b.feed.head]
            hub_b.db.dispose()
            return works, heads

    try:
        works, heads = run(scenario(), timeout=120)
        assert _started(db) != first_start  # the server really was restarted
        merged = Tally(
            keys=[k for w in works for k in w.tally.keys],
            notes=[n for w in works for n in w.tally.notes],
        )
        results = [audit(db, merged, w.seen) for w in works]
        with db.reading() as s:
            last = int(s.execute(select(func.max(Event.seq))).scalar() or 0)
    finally:
        db.dispose()
    assert merged.applied >= 40
    for r in results:
        assert (r.lost, r.duplicates, r.seq_gaps) == (0, 0, 0)
    assert heads == [last, last]
