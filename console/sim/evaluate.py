"""Dispatch quality as numbers: the same simulated nights (scenario, seed: the same calls,
customers and outcomes) dispatched by each engine on the simulated clock, measured from the
database the nights wrote.

A call's SLA is decided once a technician is on site (a crew: the whole crew), or once its
deadline passed before the night's end without one; calls still open at the end with their
deadline passed count as missed (a plain ``simulate`` summary leaves them out, which flatters
an engine that lets hopeless calls wait). Cancelled calls with nobody on site are left out.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Call
from console.sim.headless import run_night
from console.sim.metrics import percentile
from console.sim.scenario import load_scenario


@dataclass(frozen=True, slots=True)
class NightScore:
    scenario: str
    seed: int
    engine: str
    calls: int
    sla_met: int
    sla_decided: int
    late_by_priority: dict[str, int]
    responses: tuple[float, ...]
    completed: int
    km: float
    overtime_minutes: float
    crew_spreads: tuple[float, ...]
    wall_seconds: float


@dataclass(slots=True)
class EngineScore:
    """One engine on one scenario over every seed."""

    scenario: str
    engine: str
    nights: int = 0
    calls: int = 0
    sla_met: int = 0
    sla_decided: int = 0
    late_by_priority: dict[str, int] = field(default_factory=dict)
    responses: list[float] = field(default_factory=list)
    completed: int = 0
    km: float = 0.0
    overtime_minutes: float = 0.0
    crew_spreads: list[float] = field(default_factory=list)

    def add(self, n: NightScore) -> None:
        self.nights += 1
        self.calls += n.calls
        self.sla_met += n.sla_met
        self.sla_decided += n.sla_decided
        for k, v in n.late_by_priority.items():
            self.late_by_priority[k] = self.late_by_priority.get(k, 0) + v
        self.responses += n.responses
        self.completed += n.completed
        self.km += n.km
        self.overtime_minutes += n.overtime_minutes
        self.crew_spreads += n.crew_spreads

    def row(self) -> dict[str, Any]:
        r = self.responses
        spreads = self.crew_spreads
        return {
            "scenario": self.scenario,
            "engine": self.engine,
            "nights": self.nights,
            "calls": self.calls,
            "sla_met": self.sla_met,
            "sla_decided": self.sla_decided,
            "sla_met_pct": round(100 * self.sla_met / self.sla_decided, 1)
            if self.sla_decided
            else None,
            "mean_response_min": round(sum(r) / len(r), 1) if r else None,
            "p90_response_min": percentile(r, 0.9),
            "late_by_priority": dict(sorted(self.late_by_priority.items())),
            "completed": self.completed,
            "km": round(self.km, 1),
            "km_per_completed": round(self.km / self.completed, 2) if self.completed else None,
            "overtime_minutes": round(self.overtime_minutes, 1),
            "crew_calls": len(spreads),
            "crew_spread_max_min": max(spreads) if spreads else None,
            "crew_spread_mean_min": round(sum(spreads) / len(spreads), 1) if spreads else None,
            "crew_within_10_min": sum(1 for s in spreads if s <= 10),
            "crew_within_10min_share": round(sum(1 for s in spreads if s <= 10) / len(spreads), 3)
            if spreads
            else None,
        }


def score_night(scenario: str, seed: int, engine: str, hours: float | None = None) -> NightScore:
    """Simulate one night with ``engine`` dispatching, in a throwaway database, and score it."""
    folder = Path(tempfile.mkdtemp(prefix=f"eval-{Path(scenario).stem}-{seed}-{engine}-"))
    try:
        sc = load_scenario(scenario)
        if hours is not None:
            sc = sc.with_hours(hours)
        url = f"sqlite:///{folder / 'night.sqlite3'}"
        result = asyncio.run(run_night(sc, seed, db_url=url, engine=engine))
        db = Database(url)
        try:
            met, decided, late, responses = _sla(db, result.plan.end)
        finally:
            db.dispose()
        return NightScore(
            scenario=sc.name,
            seed=seed,
            engine=engine,
            calls=result.summary.calls,
            sla_met=met,
            sla_decided=decided,
            late_by_priority=late,
            responses=tuple(responses),
            completed=result.summary.completed,
            km=result.summary.travel_km,
            overtime_minutes=result.overtime_minutes,
            crew_spreads=result.crew_spreads,
            wall_seconds=round(result.wall_seconds, 1),
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _sla(db: Database, end: Any) -> tuple[int, int, dict[str, int], list[float]]:
    with db.reading() as session:
        rows = session.execute(
            select(
                Call.priority,
                Call.created_at,
                Call.on_site_at,
                Call.sla_deadline,
                Call.cancelled_at,
            )
        ).all()
    met = decided = 0
    late: dict[str, int] = {}
    responses: list[float] = []
    for priority, created, on_site, deadline, cancelled in rows:
        if cancelled is not None and on_site is None:
            continue
        if on_site is not None:
            decided += 1
            responses.append(round((on_site - created).total_seconds() / 60, 1))
            ok = on_site <= deadline
        elif deadline < end:
            decided += 1
            ok = False
        else:
            continue
        met += ok
        if not ok:
            late[priority] = late.get(priority, 0) + 1
    return met, decided, late, responses


def evaluate(
    scenarios: Sequence[str],
    seeds: Iterable[int],
    engines: Sequence[str],
    *,
    jobs: int = 2,
    hours: float | None = None,
) -> tuple[list[NightScore], list[EngineScore]]:
    """Every (scenario, seed, engine) night, ``jobs`` at a time in separate processes."""
    work = [(s, seed, e) for s in scenarios for seed in seeds for e in engines]
    if jobs <= 1:
        nights = [score_night(s, seed, e, hours) for s, seed, e in work]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(score_night, s, seed, e, hours) for s, seed, e in work]
            nights = [f.result() for f in futures]
    table: dict[tuple[str, str], EngineScore] = {}
    for n in nights:
        table.setdefault((n.scenario, n.engine), EngineScore(n.scenario, n.engine)).add(n)
    return nights, list(table.values())


def night_dict(n: NightScore) -> dict[str, Any]:
    d = asdict(n)
    r = d.pop("responses")
    d["mean_response_min"] = round(sum(r) / len(r), 1) if r else None
    d["p90_response_min"] = percentile(list(r), 0.9)
    d["crew_spreads"] = list(n.crew_spreads)
    return d
