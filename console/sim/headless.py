"""A whole simulated night without a window: an in-process hub on loopback, the simulated
field apps and channels, and the recommendation engine dispatching.

With the discrete clock (``speed=None``, the CLI's ``--speed max``) the night takes seconds
and two runs with the same scenario and seed write the same event log, byte for byte.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from console.db.engine import Database, data_dir
from console.db.migrate import upgrade
from console.db.models import Event
from console.domain import CallView
from console.hub.limits import HubLimits
from console.sim.accounts import create_accounts
from console.sim.clock import SimClock
from console.sim.fleet import Trip
from console.sim.localhub import LocalHub
from console.sim.metrics import NightSummary, summarize
from console.sim.plan import NightPlan, build_plan
from console.sim.scenario import Scenario
from console.sim.simulator import Simulator

#: A simulated night sends bursts far beyond one real phone's rate; the hub is ours.
SIM_LIMITS = HubLimits(
    field_rate=1e6,
    field_burst=10**6,
    intake_rate=1e6,
    intake_burst=10**6,
    console_rate=1e6,
    console_burst=10**6,
    max_in_flight=256,
)


class NotEmpty(ValueError):
    """The target database already holds a night; a simulation writes into an empty one."""


@dataclass(frozen=True, slots=True)
class NightResult:
    plan: NightPlan
    summary: NightSummary
    trips: tuple[Trip, ...]
    db_url: str
    wall_seconds: float
    refused_actions: int
    engine: str = "recommend"
    crew_spreads: tuple[float, ...] = ()  # minutes between a crew's first and last arrival
    overtime_minutes: float = 0.0  # past shift ends, summed over technicians


def fresh_demo_url(prefix: str = "night") -> str:
    """A new SQLite file under the data directory's ``demo/`` folder, never the live DB."""
    folder = data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=folder)) / "sim.sqlite3"
    return f"sqlite:///{path}"


def crew_spreads(
    arrivals: dict[int, dict[int, datetime]], calls: Mapping[int, CallView]
) -> tuple[float, ...]:
    """For each crew call whose whole crew arrived: minutes from first to last arrival."""
    out = []
    for call_id, here in sorted(arrivals.items()):
        call = calls.get(call_id)
        if call is None or call.crew_size <= 1 or len(here) < 2:
            continue
        times = sorted(here.values())
        out.append(round((times[-1] - times[0]).total_seconds() / 60, 1))
    return tuple(out)


def write_events(db: Database, path: Path) -> int:
    """The event log as JSON lines in seq order (every column, keys sorted)."""
    count = 0
    with db.reading() as session, path.open("w", encoding="utf-8") as out:
        for ev in session.execute(select(Event).order_by(Event.seq)).scalars():
            row = {
                "seq": ev.seq,
                "at": ev.at.isoformat(),
                "type": ev.type,
                "call_id": ev.call_id,
                "technician_id": ev.technician_id,
                "payload": ev.payload,
            }
            out.write(
                json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            )
            count += 1
    return count


async def run_night(
    scenario: Scenario,
    seed: int,
    *,
    db_url: str | None = None,
    speed: float | None = None,
    events_out: Path | None = None,
    fix_seconds: float = 60.0,
    start: datetime | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_ready: Callable[[str], Awaitable[None]] | None = None,
    before_stop: Callable[[], Awaitable[None]] | None = None,
    engine: str = "recommend",
    on_hub: Callable[[LocalHub], None] | None = None,
) -> NightResult:
    """Simulate the night with the engine dispatching; ``speed=None`` is the discrete clock."""
    started = time.perf_counter()
    plan = build_plan(scenario, seed, start=start)
    clock = SimClock(plan.start, speed=speed)
    db = Database(db_url or fresh_demo_url(), clock=clock)
    try:
        upgrade(db)
        with db.reading() as session:
            existing = int(session.execute(select(func.count(Event.seq))).scalar() or 0)
        if existing:
            raise NotEmpty(
                f"the database {db} already has {existing} events; simulate "
                "writes a night into an empty database"
            )
        accounts = create_accounts(db, plan)
        hub = LocalHub(db, limits=SIM_LIMITS)
        await hub.start()
        if on_hub is not None:
            on_hub(hub)  # e.g. bench capacity reading the hub's commit latencies
        sim = Simulator(
            plan, clock, hub.url, accounts, db=db, autopilot=True, fix_seconds=fix_seconds, hub=hub
        )
        sim.engine = engine
        try:
            await sim.connect()
            if on_ready is not None:
                await on_ready(hub.url)  # e.g. a test's console client, before the night
            sim.prime()
            await sim.run(plan.end, should_stop=should_stop)
            if clock.discrete:
                await sim.settle()
            if before_stop is not None:
                await before_stop()
        finally:
            await sim.close()
            await hub.stop()
        if events_out is not None:
            write_events(db, events_out)
        summary = summarize(db, sim.trips)
        return NightResult(
            plan,
            summary,
            tuple(sim.trips),
            db.url,
            time.perf_counter() - started,
            sim.errors,
            engine,
            crew_spreads(sim.crew_arrivals, sim.calls),
            round(sum(sim.overtime_minutes.values()), 1),
        )
    finally:
        db.dispose()


def run_headless(scenario: Scenario, seed: int, **kw: object) -> NightResult:
    return asyncio.run(run_night(scenario, seed, **kw))  # type: ignore[arg-type]
