"""``solve(problem) -> Plan``: screen the calls, form crews, solve in passes, score.

Every call that someone can reach in time gets its SLA deadline as a hard window, weighted
by priority, so VROOM (which maximises the summed priority of the calls it serves before it
minimises travel) serves as many calls on time as it can, emergencies first. A call nobody
can reach in time is triaged: a low priority and a lateness bound of 30/60/120 minutes
(emergency/urgent/normal). Calls left out of that pass are planned again without a window,
warm from the first pass's routes, as is a solve given the ``previous`` plan.

Crews go to the solver as member tasks; a crew it breaks up is taken out whole, and an
emergency crew left out is placed at the end of the routes (:mod:`.crews`).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from console.domain import Priority
from console.planning.breaks import usable_breaks
from console.planning.checks import screen
from console.planning.crews import crew_tasks, place_crews
from console.planning.matrix import matrices
from console.planning.problem import PRIORITY_WEIGHT, PlanCall, PlanTechnician, Problem
from console.planning.reasons import CrewOutcome, earliest_arrival, explain_late, why_unplanned
from console.planning.result import Plan, Route, Unserved, empty_totals
from console.planning.schedule import after, totals, walk
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
    spread = int(problem.crew_spread_minutes * 60)
    crew_calls = [c for c in plannable if c.crew_size > 1]
    tasks, short = crew_tasks(crew_calls, vehicles, seconds, loc_of, deadline_s, spread, 0)
    tasks += [
        _single(c, len(tasks) + i, loc_of[c.id], deadline_s[c.id], problem.safety_share)
        for i, c in enumerate(c for c in plannable if c.crew_size <= 1)
    ]
    tasks = [_triage(t, vehicles, seconds) for t in tasks]
    routes, timed_out, failure = _passes(problem, vehicles, tasks, seconds, previous, started)
    routes = _complete_crews(routes, tasks)
    by_id = {t.id: t for t in tasks}
    full = {v.tech.id: [by_id[i] for i in routes.get(v.tech.id, ())] for v in vehicles}
    _place_left_emergencies(
        full, crew_calls, vehicles, seconds, loc_of, deadline_s, spread, len(tasks)
    )
    plan_routes = _walk_all(problem, vehicles, full, seconds, km)
    served = {s.call_id for r in plan_routes for s in r.stops}
    unserved += [
        why_unplanned(c, problem, timed_out, failure, crew=_crew_outcome(c, short))
        for c in plannable
        if c.id not in served
    ]
    every_task = [t for ts in full.values() for t in ts] + tasks
    current = _current_routes(problem, vehicles, every_task, seconds, km)
    plan = _plan(problem, plan_routes, unserved, notes, started, current)
    return replace(plan, timed_out=timed_out) if timed_out else plan


def _place_left_emergencies(
    full: dict[int, list[Task]],
    crew_calls: list[PlanCall],
    vehicles: list[Vehicle],
    seconds: NDArray[np.int64],
    loc_of: dict[int, int],
    deadline_s: dict[int, int],
    spread: int,
    first_id: int,
) -> None:
    """An emergency crew the solver left out (broke up, or could not form) meets at the end
    of the routes, with whoever can be there soonest: later, but planned. Urgent and normal
    crews are not: placing them there too cost SLA points on simulated nights."""
    planned = {t.call.id for ts in full.values() for t in ts}
    left = [c for c in crew_calls if c.priority is Priority.EMERGENCY and c.id not in planned]
    if not left:
        return
    ends = [after(v, full[v.tech.id], seconds) for v in vehicles]
    later, _ends, _short = place_crews(
        left, ends, seconds, loc_of, deadline_s, spread, first_id=first_id
    )
    for tech, ts in later.items():
        full[tech] += ts


def _crew_outcome(call: PlanCall, short: list[PlanCall]) -> CrewOutcome:
    if call.priority is Priority.EMERGENCY:
        return "tried"
    return "taken" if call in short else "formed"


def _walk_all(
    problem: Problem,
    vehicles: list[Vehicle],
    full: dict[int, list[Task]],
    seconds: NDArray[np.int64],
    km: NDArray[np.float64],
) -> tuple[Route, ...]:
    crews: dict[int, tuple[int, ...]] = {}
    for tech, ts in full.items():
        for t in ts:
            if t.crew_key is not None:
                crews[t.call.id] = (*crews.get(t.call.id, ()), tech)
    routes = []
    for v in vehicles:
        if full[v.tech.id]:
            route = walk(
                problem.now, v, full[v.tech.id], seconds, km, crews, _shift_end_s(problem, v.tech)
            )
            routes.append(explain_late(route, full[v.tech.id], vehicles, seconds))
    return tuple(routes)


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
    breaks = usable_breaks(
        (
            (int((a - problem.now).total_seconds()), int((b - a).total_seconds()))
            for a, b in tech.breaks
        ),
        start,
        end,
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
) -> tuple[dict[int, list[int]], bool, str | None]:
    """(routes, whether the time limit stopped the solver, why it failed or None).

    Every task at once; then, if some single calls could not be fitted, those again without
    a window (planned late rather than left out), warm from the first pass's routes.
    Emergency crews the solver left out are placed after it (:func:`_place_left_emergencies`)."""
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
            return routes, True, None
        t0 = time.perf_counter()
        try:
            routes = solve_routes(
                vehicles,
                batch,
                seconds,
                exploration=problem.exploration,
                threads=problem.threads,
                timeout_s=remaining,
                warm=warm,
            )
        except SolverError as exc:
            return routes, False, str(exc)
        if time.perf_counter() - t0 >= remaining:
            return routes, True, None
    return routes, False, None


def _triage(task: Task, vehicles: list[Vehicle], seconds: NDArray[np.int64]) -> Task:
    """A call nobody can reach with the safety margin is planned against its deadline; one
    nobody can reach by its deadline competes at a low priority with a bounded lateness (an
    emergency still above any normal call), so it never displaces a call that can be on
    time, yet is planned as soon as capacity allows."""
    if task.only_tech is not None or task.crew_key is not None:
        return task
    earliest = earliest_arrival(task, vehicles, seconds)
    target = task.window[1] if task.window else task.deadline_s
    if earliest <= target:
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
