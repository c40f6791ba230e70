"""``solve(problem) -> Plan``: screen the calls, form crews, solve in passes, score.

Every call that someone can reach in time gets its SLA deadline as a hard window, weighted
by priority, so VROOM (which maximises the summed priority of the calls it serves before it
minimises travel) serves as many calls on time as it can, emergencies first. A call nobody
can reach in time is triaged: a low priority and a lateness bound of 30/60/120 minutes
(emergency/urgent/normal). Calls left out of that pass are planned again without a window,
warm from the first pass's routes, as is a solve given the ``previous`` plan.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from console.domain import Priority
from console.planning.checks import screen
from console.planning.crews import crew_tasks
from console.planning.matrix import matrices
from console.planning.problem import PRIORITY_WEIGHT, PlanCall, PlanTechnician, Problem
from console.planning.result import Plan, Route, Unserved, empty_totals
from console.planning.schedule import totals, walk
from console.planning.tasks import Task, Vehicle
from console.planning.vroom_solver import SolverError, solve_routes
from console.travel import GreatCircleTravel, LatLon, TravelModel

#: How late a call that cannot be on time may be planned in pass 2, by priority (minutes).
LATE_SLACK: dict[Priority, int] = {
    Priority.EMERGENCY: 30,
    Priority.URGENT: 60,
    Priority.NORMAL: 120,
}
#: Solver priority of a call that cannot be on time whoever goes.
LATE_WEIGHT: dict[Priority, int] = {Priority.EMERGENCY: 10, Priority.URGENT: 1, Priority.NORMAL: 1}
_DAY_S = 24 * 3600


def solve(
    problem: Problem, *, travel: TravelModel | None = None, previous: Plan | None = None
) -> Plan:
    """The plan for ``problem``; never raises for bad input, it reports it."""
    started = time.perf_counter()
    model = travel or GreatCircleTravel(tz=problem.tz)
    notes: list[str] = []
    usable = _usable_technicians(problem, notes)
    plannable, unserved = screen(problem, usable)
    if not plannable or not usable:
        return _plan(problem, (), unserved, notes, started, None)
    points: list[LatLon] = [t.location for t in usable if t.location is not None]
    loc_of = {c.id: len(usable) + i for i, c in enumerate(plannable)}
    points += [c.location for c in plannable if c.location is not None]
    minutes, km = matrices(model, points, problem.now)
    seconds = np.rint(minutes * 60).astype(np.int64)
    vehicles = [_vehicle(problem, i, t) for i, t in enumerate(usable)]
    vehicles = [v for v in vehicles if v.end_s > v.start_s]
    deadline_s = {c.id: int((c.deadline - problem.now).total_seconds()) for c in plannable}
    crew_calls = [c for c in plannable if c.crew_size > 1]
    tasks, short = crew_tasks(
        crew_calls,
        vehicles,
        seconds,
        loc_of,
        deadline_s,
        int(problem.crew_spread_minutes * 60),
        first_id=0,
    )
    for call in short:
        unserved.append(
            Unserved(call.id, "crew_short", f"no crew of {call.crew_size} can be formed now")
        )
    tasks += [
        _single(c, len(tasks) + i, loc_of[c.id], deadline_s[c.id], problem.safety_share)
        for i, c in enumerate(c for c in plannable if c.crew_size <= 1)
    ]
    tasks = [_triage(t, vehicles, seconds) for t in tasks]
    try:
        routes, timed_out = _passes(problem, vehicles, tasks, seconds, previous, started)
    except SolverError as exc:
        unserved += [
            Unserved(c.id, "solver_failed", f"the solver failed: {exc}")
            for c in plannable
            if c not in short
        ]
        return _plan(problem, (), unserved, notes, started, None)
    routes = _complete_crews(routes, tasks)
    by_id = {t.id: t for t in tasks}
    crews: dict[int, tuple[int, ...]] = {}
    for tech, ids in routes.items():
        for tid in ids:
            if by_id[tid].crew_key is not None:
                crews[by_id[tid].call.id] = (*crews.get(by_id[tid].call.id, ()), tech)
    plan_routes = tuple(
        walk(
            problem.now,
            v,
            [by_id[i] for i in routes.get(v.tech.id, [])],
            seconds,
            km,
            crews,
            _shift_end_s(problem, v.tech),
        )
        for v in vehicles
        if routes.get(v.tech.id)
    )
    served = {s.call_id for r in plan_routes for s in r.stops}
    unserved += [
        Unserved(c.id, "capacity", _capacity_reason(c))
        for c in plannable
        if c.id not in served and c not in short
    ]
    current = _current_routes(problem, vehicles, tasks, seconds, km)
    plan = _plan(problem, plan_routes, unserved, notes, started, current)
    return replace(plan, timed_out=timed_out) if timed_out else plan


def _usable_technicians(problem: Problem, notes: list[str]) -> list[PlanTechnician]:
    usable = []
    for t in problem.technicians:
        if t.location is None:
            notes.append(f"{t.name} (#{t.id}) has no known position: left out of the plan")
        else:
            usable.append(t)
    if not problem.technicians:
        notes.append("no technician is on duty")
    return usable


def _shift_end_s(problem: Problem, tech: PlanTechnician) -> int | None:
    if tech.shift_end is None:
        return None
    return int((tech.shift_end - problem.now).total_seconds())


def _vehicle(problem: Problem, index: int, tech: PlanTechnician) -> Vehicle:
    start = int(tech.free_in_minutes * 60)
    end = _shift_end_s(problem, tech)
    end = _DAY_S if end is None else end + int(problem.overtime_grace_minutes * 60)
    breaks = tuple(
        (int((a - problem.now).total_seconds()), int((b - a).total_seconds()))
        for a, b in tech.breaks
        if a > problem.now and b > a
    )
    return Vehicle(index, tech, start, end, breaks)


def target_s(deadline_s: int, safety_share: float) -> int:
    """When the plan aims to be on site: the deadline less ``safety_share`` of the time left
    to it (seconds from now; a deadline already passed has no margin)."""
    if deadline_s <= 0:
        return deadline_s
    return deadline_s - int(safety_share * deadline_s)


def _single(call: PlanCall, task_id: int, loc: int, deadline: int, safety: float) -> Task:
    if call.pinned and call.assigned:
        return Task(
            task_id,
            call,
            loc,
            int(call.service_minutes * 60),
            100,
            only_tech=call.assigned[0],
            deadline_s=deadline,
        )
    window = (0, target_s(deadline, safety)) if deadline > 0 else None
    return Task(
        task_id,
        call,
        loc,
        int(call.service_minutes * 60),
        PRIORITY_WEIGHT[call.priority],
        window=window,
        deadline_s=deadline,
    )


def _passes(
    problem: Problem,
    vehicles: list[Vehicle],
    tasks: list[Task],
    seconds: NDArray[np.int64],
    previous: Plan | None,
    started: float,
) -> tuple[dict[int, list[int]], bool]:
    """Every task at once; then, if some could not be fitted, those again without a
    window (planned late rather than left out), warm from the first pass's routes."""
    warm = _warm_from(previous, tasks)
    routes: dict[int, list[int]] = {}
    batch = tasks
    for number in range(2):
        if number == 1:
            done = {i for ids in routes.values() for i in ids}
            left = [t for t in tasks if t.id not in done and t.crew_key is None]
            if not left:
                break
            batch = [t for t in tasks if t.id in done] + [t.relaxed(None) for t in left]
            warm = routes
        remaining = problem.time_limit_s - (time.perf_counter() - started)
        if remaining <= 0:
            return routes, True
        t0 = time.perf_counter()
        routes = solve_routes(
            vehicles,
            batch,
            seconds,
            exploration=problem.exploration,
            threads=problem.threads,
            timeout_s=remaining,
            warm=warm,
        )
        if time.perf_counter() - t0 >= remaining:
            return routes, True
    return routes, False


def _triage(task: Task, vehicles: list[Vehicle], seconds: NDArray[np.int64]) -> Task:
    """A call nobody can reach with the safety margin is planned against its deadline; one
    nobody can reach by its deadline competes at a low priority with a bounded lateness (an
    emergency still above any normal call), so it never displaces a call that can be on
    time, yet is planned as soon as capacity allows."""
    if task.only_tech is not None or task.crew_key is not None:
        return task
    need = set(task.call.skills)
    earliest = min(
        (
            v.start_s + int(seconds[v.index, task.loc])
            for v in vehicles
            if need <= set(v.tech.skills)
        ),
        default=None,
    )
    target = task.window[1] if task.window else task.deadline_s
    if earliest is None or earliest <= target:
        return task
    if earliest <= task.deadline_s:
        return task.relaxed((0, task.deadline_s))
    end = task.deadline_s + LATE_SLACK[task.call.priority] * 60
    window = (0, end) if end >= earliest else None
    return replace(task.relaxed(window), priority=LATE_WEIGHT[task.call.priority])


def _warm_from(previous: Plan | None, tasks: list[Task]) -> dict[int, list[int]] | None:
    if previous is None:
        return None
    single = {t.call.id: t.id for t in tasks if t.crew_key is None}
    member = {(t.call.id, t.only_tech): t.id for t in tasks if t.crew_key is not None}
    warm: dict[int, list[int]] = {}
    for r in previous.routes:
        for s in r.stops:
            tid = member.get((s.call_id, r.technician_id), single.get(s.call_id))
            if tid is not None:
                warm.setdefault(r.technician_id, []).append(tid)
    return warm


def _complete_crews(routes: dict[int, list[int]], tasks: list[Task]) -> dict[int, list[int]]:
    """Drop every member of a crew the solver could not fit whole."""
    need: dict[int, int] = {}
    for t in tasks:
        if t.crew_key is not None:
            need[t.crew_key] = need.get(t.crew_key, 0) + 1
    by_id = {t.id: t for t in tasks}
    got: dict[int, int] = {}
    for ids in routes.values():
        for i in ids:
            key = by_id[i].crew_key
            if key is not None:
                got[key] = got.get(key, 0) + 1
    broken = {k for k, n in need.items() if got.get(k, 0) < n}
    return {
        tech: [i for i in ids if by_id[i].crew_key not in broken] for tech, ids in routes.items()
    }


def _capacity_reason(call: PlanCall) -> str:
    if call.crew_size > 1:
        return f"the crew of {call.crew_size} cannot be fitted into tonight's routes"
    return "no qualified technician can fit it into their shift"


def _current_routes(
    problem: Problem,
    vehicles: list[Vehicle],
    tasks: list[Task],
    seconds: NDArray[np.int64],
    km: NDArray[np.float64],
) -> tuple[Route, ...]:
    """Today's assignments scored like the plan: each technician's assigned calls in
    deadline order."""
    by_call: dict[int, Task] = {}
    for t in tasks:
        by_call.setdefault(t.call.id, t)
    routes = []
    for v in vehicles:
        mine = sorted(
            (by_call[c.id] for c in problem.calls if v.tech.id in c.assigned and c.id in by_call),
            key=lambda t: t.deadline_s,
        )
        mine = [t.relaxed(None) for t in mine]
        if mine:
            routes.append(
                walk(problem.now, v, mine, seconds, km, {}, _shift_end_s(problem, v.tech))
            )
    return tuple(routes)


def _plan(
    problem: Problem,
    routes: tuple[Route, ...],
    unserved: list[Unserved],
    notes: list[str],
    started: float,
    current: tuple[Route, ...] | None,
) -> Plan:
    n = len(problem.calls)
    return Plan(
        now=problem.now,
        routes=routes,
        unserved=tuple(sorted(unserved, key=lambda u: u.call_id)),
        totals=totals(routes, n) if routes else empty_totals(n),
        current=totals(current, n) if current is not None else None,
        solve_ms=round((time.perf_counter() - started) * 1000, 1),
        notes=tuple(notes),
    )
