"""``dispatch-console bench capacity``: does this installation hold a scaled night?

A scenario (default ``holiday_peak``) is scaled — ``--scale 5`` is five times the
technicians and five times the calls per hour — and run through the real hub on the
simulated clock, live (``--speed`` simulated seconds per wall second), with the engine
dispatching and every simulated phone reporting its position once per wall second. Beside
the night, a probe phone and a console measure what a dispatcher sees:

- event commit p95: from the hub receiving a write to its commit (every write of the night);
- position latency p95: a probe fix sent -> shown at the console, wall clock;
- CPU (cores busy) and peak memory of the process running the hub and the simulated phones.

Each figure is set against a budget and the headroom is said in words ("holds: commit p95
40 ms of a 500 ms budget"). The night runs ``--speed`` times faster than real time, so the
hub takes its calls and status changes that many times faster than on the real night: when
it holds here, the real night has more room still.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from console.client import ConsoleClient
from console.db.engine import Database
from console.domain import Position
from console.hub.bench_db import scratch_database
from console.hub.peers import FieldAppClient
from console.hub.server import Hub
from console.services.accounts import create_technician, create_user
from console.services.actors import Actor
from console.sim.headless import run_night
from console.sim.localhub import LocalHub
from console.sim.scenario import Scenario, load_scenario

ACTOR = Actor("system", None, "bench capacity")
#: What a dispatcher accepts (the issue's targets): a command answered within half a
#: second, a technician's dot on the map within 150 ms of the phone's fix.
COMMIT_BUDGET_MS = 500.0
POSITION_BUDGET_MS = 150.0
#: Leave a core's fifth and a quarter of the memory free for everything else on the server.
CPU_BUDGET_SHARE = 0.8
MEMORY_BUDGET_SHARE = 0.75
PROBE_PERIOD = 0.1  # seconds between probe fixes


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="dispatch-console bench capacity",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--scenario", default="holiday_peak", help="shipped name or a .toml file")
    p.add_argument("--scale", type=float, default=5.0, help="technicians and calls x this")
    p.add_argument("--hours", type=float, default=2.0,
                   help="simulated hours from the night's start (the whole night: its length)")
    p.add_argument("--speed", type=float, default=60.0,
                   help="simulated seconds per wall second (events arrive this much faster)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--db", metavar="URL",
                   help="PostgreSQL server: the night runs in a scratch database beside the "
                        "one named (default: a temporary SQLite file)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    if args.scale <= 0 or args.speed <= 0:
        p.error("--scale and --speed must be more than 0")
    return args


def scale(scenario: Scenario, factor: float, hours: float) -> Scenario:
    """``factor`` times the technicians and the calls per hour, over the first ``hours``."""
    techs = replace(scenario.technicians,
                    count=max(1, round(scenario.technicians.count * factor)))
    calls = replace(scenario.calls, rate_by_hour={
        h: r * factor for h, r in scenario.calls.rate_by_hour.items()})
    return replace(scenario, technicians=techs, calls=calls).with_hours(
        min(hours, scenario.hours))


@dataclass
class _Probe:
    """A phone and a console beside the night: fix sent -> fix shown, in wall time."""

    url: str
    token: str
    sent: dict[float, float]
    seen: list[float]
    tech_id: int = 0
    hubs: list[Hub] | None = None
    task: asyncio.Task[None] | None = None
    console: ConsoleClient | None = None
    app: FieldAppClient | None = None

    def on_positions(self, batch: list[tuple[int, Position]]) -> None:
        now = time.monotonic()
        for tech_id, p in batch:
            if tech_id == self.tech_id and (at := self.sent.pop(p.lat, None)) is not None:
                self.seen.append((now - at) * 1000)

    async def start(self) -> None:
        self.app = FieldAppClient(self.url, self.token, timeout=30)
        welcome = await self.app.connect()
        self.tech_id = int(welcome["technician_id"])
        self.console = ConsoleClient(self.url, username="capacity", password="capacity")
        self.console.on_positions(self.on_positions)
        await self.console.start()
        await self.console.wait_ready(60)
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        i = 0
        while True:
            lat = 30.0 + (i % 100_000) / 1e6
            self.sent[lat] = time.monotonic()
            assert self.app is not None
            await self.app.position(lat, 121.0, accuracy=5)
            i += 1
            await asyncio.sleep(PROBE_PERIOD)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.console is not None:
            await self.console.close()
        if self.app is not None:
            await self.app.close()


def _probe_accounts(url: str) -> str:
    db = Database(url)
    try:
        create_user(db, actor=ACTOR, username="capacity", display_name="Capacity probe",
                    role="admin", password="capacity")
        _view, token = create_technician(
            db, actor=ACTOR, name="Capacity probe", phone="13999999999",
            skills=["plumbing"], home_base="probe", home_lat=30.0, home_lon=121.0)
        return token
    finally:
        db.dispose()


def _pct(values: list[float], q: float) -> float | None:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else None


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


def _memory_mb() -> float | None:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (ValueError, OSError, AttributeError):
        return None


async def _night(scenario: Scenario, args: argparse.Namespace, url: str) -> dict[str, Any]:
    probe = _Probe(url="", token="", sent={}, seen=[], hubs=[])
    hubs: list[Hub] = []
    local: list[LocalHub] = []

    def remember() -> None:
        if local and local[0].hub is not None and local[0].hub not in hubs:
            hubs.append(local[0].hub)

    async def on_ready(hub_url: str) -> None:
        remember()
        probe.url = hub_url
        probe.token = await asyncio.get_running_loop().run_in_executor(
            None, _probe_accounts, url)
        await probe.start()

    async def before_stop() -> None:
        remember()
        await probe.stop()

    cpu0, wall0 = time.process_time(), time.monotonic()
    result = await run_night(
        scenario, args.seed, db_url=url, speed=args.speed, fix_seconds=args.speed,
        on_ready=on_ready, before_stop=before_stop, on_hub=local.append,
    )
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    commits = [s * 1000 for h in hubs for s in h.metrics.recent_commits]
    summary = result.summary
    return {
        "calls": summary.calls,
        "commits": len(commits),
        "commit_p95_ms": _pct(commits, 0.95),
        "position_samples": len(probe.seen),
        "position_p95_ms": _pct(probe.seen, 0.95),
        "cpu_s": round(cpu, 1),
        "wall_s": round(wall, 1),
        "refused_actions": result.refused_actions,
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    scenario = scale(load_scenario(args.scenario), args.scale, args.hours)
    load_before = os.getloadavg()[0]
    with contextlib.ExitStack() as stack:
        if args.db:
            url = stack.enter_context(scratch_database(args.db))
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="ndc-capacity-"))
            url = f"sqlite:///{Path(tmp) / 'night.sqlite3'}"
        night = asyncio.run(_night(scenario, args, url))
    cores = os.cpu_count() or 1
    out: dict[str, Any] = {
        "scenario": scenario.name,
        "scale": args.scale,
        "hours": scenario.hours,
        "speed": args.speed,
        "technicians": scenario.technicians.count,
        "database": "postgresql" if args.db else "sqlite",
        **night,
        "cores_busy": round(night["cpu_s"] / night["wall_s"], 2) if night["wall_s"] else None,
        "cpu_count": cores,
        "peak_rss_mb": round(_maxrss_mb(), 1),
        "memory_total_mb": round(m) if (m := _memory_mb()) else None,
        "load_avg_1m_before": round(load_before, 2),
        "load_avg_1m_after": round(os.getloadavg()[0], 2),
    }
    #: more runnable work than cores: latencies include waiting for a CPU someone else holds
    out["machine_busy"] = max(load_before, out["load_avg_1m_after"]) > cores
    out["verdicts"] = verdicts(out)
    out["holds"] = all(v["holds"] for v in out["verdicts"].values())
    return out


def verdicts(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each figure against its budget, with the headroom in words."""
    out: dict[str, dict[str, Any]] = {}

    def add(key: str, value: float | None, budget: float, unit: str, what: str) -> None:
        if value is None:
            out[key] = {"holds": False, "words": f"{what}: not measured"}
            return
        holds = value <= budget
        room = f"{budget / value:.1f}x headroom" if value > 0 and holds else (
            "no headroom" if not holds else "ample headroom")
        verb = "holds" if holds else "DOES NOT HOLD"
        out[key] = {
            "holds": holds,
            "value": value,
            "budget": budget,
            "words": f"{verb}: {what} {value:g} {unit} of a {budget:g} {unit} budget ({room})",
        }

    add("commit", r["commit_p95_ms"], COMMIT_BUDGET_MS, "ms", "event commit p95")
    add("positions", r["position_p95_ms"], POSITION_BUDGET_MS, "ms",
        "position fix to console p95")
    cores = r["cpu_count"]
    add("cpu", r["cores_busy"], round(cores * CPU_BUDGET_SHARE, 2), "cores",
        f"CPU busy (of {cores})")
    if r["memory_total_mb"]:
        add("memory", r["peak_rss_mb"], round(r["memory_total_mb"] * MEMORY_BUDGET_SHARE),
            "MB", "peak memory")
    return out


def main(argv: list[str] | None = None) -> int:
    args = _args(list(sys.argv[1:] if argv is None else argv))
    result = measure(args)
    if args.json:
        print(json.dumps(result))
        return 0
    verdict = "HOLDS" if result["holds"] else "DOES NOT HOLD"
    print(
        f"{result['scenario']} x{result['scale']:g}: {result['technicians']} technicians, "
        f"{result['calls']} calls in {result['hours']:g} simulated hours, run {result['speed']:g}x "
        f"faster than real time on {result['database']} -> this installation {verdict}"
    )
    for v in result["verdicts"].values():
        print(f"  {v['words']}")
    if result["machine_busy"]:
        print(
            f"  note: the machine was busy with other work (load average above its "
            f"{result['cpu_count']} cores), so the latencies include waiting for a CPU; "
            "run it again on a quiet server before deciding"
        )
    print(
        f"  (load average {result['load_avg_1m_before']} before, {result['load_avg_1m_after']} "
        f"after, on {result['cpu_count']} cores; CPU and memory are the process running the "
        "hub and the simulated phones together)"
    )
    return 0
