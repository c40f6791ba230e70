"""``dispatch-console bench plan``: planner solve time for a busy night's snapshot.

300 open calls (emergency/urgent/normal, 5 % crew calls of 2-3, category skills) over 200
technicians (one or two skills, some busy for up to an hour) in a 30 km city. Cold solves
repeat the whole plan; a warm solve adds one new call to a solved plan and starts from its
routes. Targets on 2 cores: cold p95 < 2,000 ms, warm p95 < 500 ms. CPU times are
reported beside the wall times: on a shared machine the wall time measures the load.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from console.domain import CATEGORY_SKILLS, SLA_MINUTES, Priority, Skill
from console.planning import Plan, PlanCall, PlanTechnician, Problem, solve
from console.planning.problem import service_minutes

CENTER = (31.23, 121.47)
NOW = datetime(2026, 1, 21, 23, 0, tzinfo=UTC)


def _point(rng: random.Random) -> tuple[float, float]:
    return (CENTER[0] + rng.uniform(-0.13, 0.13), CENTER[1] + rng.uniform(-0.15, 0.15))


def _call(rng: random.Random, i: int) -> PlanCall:
    category = rng.choice(list(CATEGORY_SKILLS))
    priority = rng.choices(list(Priority), weights=(30, 40, 30))[0]
    waited = rng.uniform(0, SLA_MINUTES[priority] * 0.6)
    return PlanCall(
        id=i,
        location=_point(rng),
        priority=priority,
        deadline=NOW + timedelta(minutes=SLA_MINUTES[priority] - waited),
        skills=tuple(s.value for s in CATEGORY_SKILLS[category]),
        crew_size=rng.choice((2, 3)) if rng.random() < 0.05 else 1,
        service_minutes=service_minutes(category),
        category=category,
    )


def build(calls: int, technicians: int, seed: int = 1) -> Problem:
    rng = random.Random(seed)
    skills = [s.value for s in Skill]
    weights = (30, 15, 15, 8, 18, 3, 3)
    techs = []
    for i in range(technicians):
        own = {rng.choices(skills, weights=weights)[0]}
        if rng.random() < 0.3:
            own.add(rng.choices(skills, weights=weights)[0])
        techs.append(
            PlanTechnician(
                id=10_000 + i,
                name=f"tech {i}",
                location=_point(rng),
                skills=tuple(sorted(own)),
                free_in_minutes=0.0 if rng.random() < 0.5 else rng.uniform(5, 60),
                shift_end=NOW + timedelta(hours=rng.uniform(2, 9)),
            )
        )
    return Problem(
        now=NOW,
        calls=tuple(_call(rng, i) for i in range(calls)),
        technicians=tuple(techs),
        time_limit_s=5.0,
    )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def measure(calls: int, technicians: int, repeats: int) -> dict[str, object]:
    problem = build(calls, technicians)
    cold: list[float] = []
    cold_cpu: list[float] = []
    plan: Plan | None = None
    timed_out = 0
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        plan = solve(problem)
        cold.append((time.perf_counter() - t0) * 1000)
        cold_cpu.append((time.process_time() - c0) * 1000)
        timed_out += plan.timed_out
    assert plan is not None
    warm: list[float] = []
    warm_cpu: list[float] = []
    rng = random.Random(99)
    for k in range(repeats):
        bigger = replace(problem, calls=(*problem.calls, _call(rng, 100_000 + k)))
        t0, c0 = time.perf_counter(), time.process_time()
        timed_out += solve(bigger, previous=plan).timed_out
        warm.append((time.perf_counter() - t0) * 1000)
        warm_cpu.append((time.process_time() - c0) * 1000)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "calls": calls,
        "technicians": technicians,
        "crew_calls": sum(1 for c in problem.calls if c.crew_size > 1),
        "repeats": repeats,
        "solve_ms": {"p50": _pct(cold, 0.5), "p95": _pct(cold, 0.95), "max": round(max(cold), 1)},
        "warm_solve_ms": {"p50": _pct(warm, 0.5), "p95": _pct(warm, 0.95)},
        # CPU time (all solver threads): on a shared machine wall time measures the load
        "solve_cpu_ms": {"p50": _pct(cold_cpu, 0.5), "p95": _pct(cold_cpu, 0.95)},
        "warm_solve_cpu_ms": {"p50": _pct(warm_cpu, 0.5), "p95": _pct(warm_cpu, 0.95)},
        "timed_out": timed_out,  # solves stopped by the time limit (best plan so far used)
        "served": plan.totals.served,
        "crew_served": len(plan.served_ids() & {c.id for c in problem.calls if c.crew_size > 1}),
        "on_time": plan.totals.on_time,
        "unserved": len(plan.unserved),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="dispatch-console bench plan", description=__doc__)
    p.add_argument("--calls", type=int, default=300)
    p.add_argument("--technicians", type=int, default=200)
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(list(sys.argv[1:] if argv is None else argv))
    result = measure(args.calls, args.technicians, args.repeats)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"plan {args.calls} calls x {args.technicians} technicians: cold p50 "
            f"{result['solve_ms']} ms, warm {result['warm_solve_ms']} ms, "
            f"peak RSS {result['peak_rss_mb']} MB"
        )
    return 0
