"""``dispatch-console bench outage``: a stream of writes through a real hub process that is
SIGKILLed and restarted N times; afterwards every acknowledged write must be in the
database exactly once and the event log gap-free.

Prints one JSON object with --json: restarts, commands_sent, commands_applied, duplicates,
lost, seq_gaps, max_recovery_s (from the restarted hub listening to the first write it
acknowledged), and the database kind. Targets: 0 duplicates, 0 lost, 0 gaps, recovery
under 5 s.

``--private-pg`` runs the night on a private, throwaway PostgreSQL server
(console.hub.private_pg) and restarts that server once, after the hub kills, while the
workload keeps writing (``db_restarts``: 1, ``db_recovery_s``: from the server being back to
the first write acknowledged after it). A shared server is not ours to restart, so with
``--db`` (an empty database to use) or the default temporary SQLite file the database is not
restarted (``db_restarts``: 0).

Whatever ends the run (a failure, a deadline, Ctrl+C, SIGTERM or SIGHUP), the hub process it
started is stopped; with --json a failure is still one JSON object (``error``), exit 2.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from console.db.engine import Database
from console.db.migrate import upgrade
from console.hub.faults import CALL, HubProcess, Workload, audit
from console.hub.private_pg import PrivatePostgres
from console.services import create_call
from console.services.accounts import create_channel, create_user
from console.services.actors import SYSTEM

USER, PASSWORD = "outage-bench", "outage-bench-pw"
#: Seconds to wait for the first acknowledged write after a restart before giving up.
RECOVERY_LIMIT = 120.0


def _prepare(db: Database) -> tuple[str, int]:
    upgrade(db)
    create_user(
        db,
        actor=SYSTEM,
        username=USER,
        display_name="Outage Bench",
        role="dispatcher",
        password=PASSWORD,
    )
    _id, token = create_channel(db, actor=SYSTEM, name="outage-bench", kind="app")
    call_id = create_call(db, actor=SYSTEM, **CALL).id
    return token, call_id


async def _recovered(work: Workload, back: float) -> float:
    """Seconds from ``back`` to the first write acknowledged after it; raises if a writer
    failed or nothing is acknowledged within RECOVERY_LIMIT (never waits for ever)."""
    while not any(t > back for t in work.tally.acked_at[-5:]):
        work.check()
        if time.monotonic() - back > RECOVERY_LIMIT:
            raise TimeoutError(f"no write acknowledged {RECOVERY_LIMIT:g}s after the restart")
        await asyncio.sleep(0.01)
    return min(t for t in work.tally.acked_at if t > back) - back


async def _night(
    hub: HubProcess,
    token: str,
    call_id: int,
    restarts: int,
    between: float,
    pg: PrivatePostgres | None,
) -> tuple[Workload, list[float], list[float]]:
    work = Workload(hub.url, token, USER, PASSWORD, call_id, tag="bench")
    recoveries: list[float] = []
    db_recoveries: list[float] = []
    try:
        await work.start()
        for _ in range(restarts):
            await asyncio.sleep(between)
            work.check()
            hub.kill()
            await asyncio.to_thread(hub.start)
            recoveries.append(await _recovered(work, hub.started_at))
        if pg is not None:  # the database server, once, under the same load
            await asyncio.sleep(between)
            await asyncio.to_thread(pg.restart)
            db_recoveries.append(await _recovered(work, time.monotonic()))
        await asyncio.sleep(between)
    finally:
        await work.stop()  # closes both clients, also after a failure
    return work, recoveries, db_recoveries


def measure(
    db_url: str | None, restarts: int, between: float, private_pg: bool = False
) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="ndc-outage-"))
        pg = stack.enter_context(PrivatePostgres()) if private_pg else None
        url = pg.url if pg is not None else db_url or f"sqlite:///{Path(tmp) / 'outage.sqlite3'}"
        db = Database(url)
        stack.callback(db.dispose)
        token, call_id = _prepare(db)
        hub = HubProcess(url)
        started = time.perf_counter()
        try:
            with _stopped_by_signals(hub):
                hub.start()
                work, recoveries, db_recoveries = asyncio.run(
                    _night(hub, token, call_id, restarts, between, pg)
                )
        finally:
            hub.stop()
        result = audit(db, work.tally, work.seen)
    return {
        "restarts": restarts,
        "db_restarts": len(db_recoveries),
        "commands_sent": work.tally.sent,
        "commands_applied": work.tally.applied,
        "duplicates": result.duplicates,
        "lost": result.lost,
        "seq_gaps": result.seq_gaps,
        "max_recovery_s": round(max(recoveries + db_recoveries, default=0.0), 3),
        "recovery_s": [round(r, 3) for r in recoveries],
        "db_recovery_s": [round(r, 3) for r in db_recoveries],
        "seconds": round(time.perf_counter() - started, 1),
        "db": "postgresql" if url.startswith("postgres") else "sqlite",
        "private_pg": pg is not None,
    }


@contextlib.contextmanager
def _stopped_by_signals(hub: HubProcess) -> Iterator[None]:
    """SIGTERM and SIGHUP end the run like Ctrl+C (so ``finally`` stops the hub), and any of
    them makes a hub start waiting in a worker thread give up at once."""
    def interrupted(signum: int, _frame: FrameType | None) -> None:
        hub.abort()
        raise KeyboardInterrupt(signal.Signals(signum).name)

    caught = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    try:
        before = {sig: signal.signal(sig, interrupted) for sig in caught}
    except ValueError:  # not the main thread (a test calling measure): nothing to catch
        yield
        return
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="dispatch-console bench outage", description=__doc__)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--db", help="an empty database to use, not restarted (default: a temporary SQLite file)"
    )
    where.add_argument(
        "--private-pg",
        action="store_true",
        help="run on a private throwaway PostgreSQL server and restart it once mid-run",
    )
    p.add_argument("--restarts", type=int, default=3, help="how many times to kill the hub")
    p.add_argument("--between", type=float, default=2.0, help="seconds of traffic between kills")
    args = p.parse_args(argv)
    try:
        out = measure(args.db, args.restarts, args.between, args.private_pg)
    except Exception as exc:
        if not args.json:
            raise
        traceback.print_exc(file=sys.stderr)
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
        return 2
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:>18}: {value}")
    return 0 if out["lost"] == out["duplicates"] == out["seq_gaps"] == 0 else 1
