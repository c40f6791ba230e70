"""``dispatch-console bench outage``: a stream of writes through a real hub process that is
SIGKILLed and restarted N times; afterwards every acknowledged write must be in the
database exactly once and the event log gap-free.

Prints one JSON object with --json: restarts, commands_sent, commands_applied, duplicates,
lost, seq_gaps, max_recovery_s (from the restarted hub listening to the first write it
acknowledged), and the database kind. Targets: 0 duplicates, 0 lost, 0 gaps, recovery
under 5 s. The database itself is not restarted (a shared PostgreSQL server is not ours to
restart): ``--db`` names an empty database to use, else a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from console.db.engine import Database
from console.db.migrate import upgrade
from console.hub.faults import CALL, HubProcess, Workload, audit
from console.services import create_call
from console.services.accounts import create_channel, create_user
from console.services.actors import SYSTEM

USER, PASSWORD = "outage-bench", "outage-bench-pw"


def _prepare(db: Database) -> tuple[str, int]:
    upgrade(db)
    create_user(db, actor=SYSTEM, username=USER, display_name="Outage Bench",
                role="dispatcher", password=PASSWORD)
    _id, token = create_channel(db, actor=SYSTEM, name="outage-bench", kind="app")
    call_id = create_call(db, actor=SYSTEM, **CALL).id
    return token, call_id


async def _night(hub: HubProcess, token: str, call_id: int, restarts: int,
                 between: float) -> tuple[Workload, list[float]]:
    work = Workload(hub.url, token, USER, PASSWORD, call_id, tag="bench")
    await work.start()
    recoveries: list[float] = []
    for _ in range(restarts):
        await asyncio.sleep(between)
        hub.kill()
        await asyncio.to_thread(hub.start)
        back = hub.started_at
        while not any(t > back for t in work.tally.acked_at[-5:]):
            await asyncio.sleep(0.01)
        first = min(t for t in work.tally.acked_at if t > back)
        recoveries.append(first - back)
    await asyncio.sleep(between)
    await work.stop()
    return work, recoveries


def measure(db_url: str | None, restarts: int, between: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ndc-outage-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'outage.sqlite3'}"
        db = Database(url)
        token, call_id = _prepare(db)
        hub = HubProcess(url)
        hub.start()
        started = time.perf_counter()
        try:
            work, recoveries = asyncio.run(_night(hub, token, call_id, restarts, between))
        finally:
            hub.stop()
        result = audit(db, work.tally, work.seen)
        db.dispose()
    return {
        "restarts": restarts,
        "commands_sent": work.tally.sent,
        "commands_applied": work.tally.applied,
        "duplicates": result.duplicates,
        "lost": result.lost,
        "seq_gaps": result.seq_gaps,
        "max_recovery_s": round(max(recoveries, default=0.0), 3),
        "recovery_s": [round(r, 3) for r in recoveries],
        "seconds": round(time.perf_counter() - started, 1),
        "db": "postgresql" if url.startswith("postgres") else "sqlite",
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="dispatch-console bench outage", description=__doc__)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--db", help="an empty database to use (default: a temporary SQLite file)")
    p.add_argument("--restarts", type=int, default=3, help="how many times to kill the hub")
    p.add_argument("--between", type=float, default=2.0,
                   help="seconds of traffic between kills")
    args = p.parse_args(argv)
    out = measure(args.db, args.restarts, args.between)
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:>18}: {value}")
    return 0 if out["lost"] == out["duplicates"] == out["seq_gaps"] == 0 else 1
