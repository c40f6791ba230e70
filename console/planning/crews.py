"""Crews: VROOM (like every VRP solver) has no synchronised visits, so a crew is formed by
hand. For a crew call the ``crew_size`` qualified technicians who can be there soonest are
chosen; the latest of their arrivals is the meeting time T, and each member gets a task
bound to them with the hard service window [T, T + spread]. Early members wait, so the crew
starts within ``spread`` of each other by construction.

Every crew goes to the solver as member tasks (:func:`crew_tasks`), a technician in at most
one crew; the solver may leave a member out, and then the whole crew call is taken out (a
half crew is no crew). An *emergency* crew left out that way, or for want of free members,
is then placed at the end of the routes (:func:`place_crews`) with whoever can meet there
soonest: later, but planned. Urgent and normal crews are not placed so; on simulated
winter_freeze nights (seeds 1-3) that cost 0.9 SLA points, and placing emergency crews
*before* the solve cost 4.4 (their members were the ones single emergencies needed).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from console.planning.breaks import advance
from console.planning.checks import qualified
from console.planning.problem import PRIORITY_WEIGHT, PlanCall
from console.planning.schedule import after
from console.planning.tasks import Task, Vehicle

_RANK = {p: -w for p, w in PRIORITY_WEIGHT.items()}

#: A formed crew: (position of each member in the vehicle list, meeting time T).
Crew = tuple[list[int], int]


def by_urgency(calls: Sequence[PlanCall], deadline_s: dict[int, int]) -> list[PlanCall]:
    """Most urgent first: priority, then deadline."""
    return sorted(calls, key=lambda c: (_RANK[c.priority], deadline_s[c.id], c.id))


def place_crews(
    calls: Sequence[PlanCall],
    vehicles: Sequence[Vehicle],
    seconds: NDArray[np.int64],
    loc_of: dict[int, int],
    deadline_s: dict[int, int],
    spread_s: int,
    first_id: int,
) -> tuple[dict[int, list[Task]], list[Vehicle], list[PlanCall]]:
    """(member tasks by technician id, ``vehicles`` once those are done, calls no crew could
    be formed for). Each crew, most urgent first, is the next stop of its members as they
    are in ``vehicles`` (free now, or at the end of their routes); a member may serve one
    crew after another."""
    placed: dict[int, list[Task]] = {}
    now = list(vehicles)
    short: list[PlanCall] = []
    next_id = first_id
    for call in by_urgency(calls, deadline_s):
        crew = form_crew(call, now, seconds, loc_of[call.id], spread_s, set())
        if crew is None:
            short.append(call)
            continue
        positions, meet = crew
        for pos in positions:
            task = _member_task(
                next_id, call, now[pos], loc_of[call.id], meet, spread_s, deadline_s[call.id]
            )
            placed.setdefault(now[pos].tech.id, []).append(task)
            now[pos] = after(now[pos], [task], seconds)
            next_id += 1
    return placed, now, short


def crew_tasks(
    calls: Sequence[PlanCall],
    vehicles: Sequence[Vehicle],
    seconds: NDArray[np.int64],
    loc_of: dict[int, int],
    deadline_s: dict[int, int],
    spread_s: int,
    first_id: int,
) -> tuple[list[Task], list[PlanCall]]:
    """(member tasks for the solver, crew calls no crew could be formed for); a technician
    is in at most one such crew, since the solver cannot chain their windows."""
    taken: set[int] = set()
    tasks: list[Task] = []
    short: list[PlanCall] = []
    for call in by_urgency(calls, deadline_s):
        crew = form_crew(call, vehicles, seconds, loc_of[call.id], spread_s, taken)
        if crew is None:
            short.append(call)
            continue
        positions, meet = crew
        for pos in positions:
            v = vehicles[pos]
            taken.add(v.tech.id)
            tasks.append(
                _member_task(
                    first_id + len(tasks),
                    call,
                    v,
                    loc_of[call.id],
                    meet,
                    spread_s,
                    deadline_s[call.id],
                )
            )
    return tasks, short


def form_crew(
    call: PlanCall,
    vehicles: Sequence[Vehicle],
    seconds: NDArray[np.int64],
    loc: int,
    spread_s: int,
    taken: set[int],
) -> Crew | None:
    """The members who can start soonest and their meeting time, or None when no crew can
    meet there and finish within the members' shifts."""
    service = int(call.service_minutes * 60)
    pool: list[tuple[int, int]] = []
    for pos, v in enumerate(vehicles):
        if call.pinned and call.assigned:
            if v.tech.id in call.assigned:
                pool.append((_start(v, seconds, loc, 0, service), pos))
            continue
        if v.tech.id in taken or not qualified(call, v.tech):
            continue
        start = _start(v, seconds, loc, 0, service)
        if start + service <= v.end_s:
            pool.append((start, pos))
    need = len(call.assigned) if call.pinned and call.assigned else call.crew_size
    if len(pool) < need:
        return None
    pool.sort(key=lambda p: (p[0], vehicles[p[1]].tech.id))
    positions = [pos for _start_s, pos in pool[:need]]
    meet = max(start for start, _pos in pool[:need])
    for _ in range(4):  # a break on the way can push one member past the others
        starts = [_start(vehicles[p], seconds, loc, meet, service) for p in positions]
        if max(starts) <= meet + spread_s:
            break
        meet = max(starts)
    else:
        return None
    if not (call.pinned and call.assigned) and any(
        s + service > vehicles[p].end_s for s, p in zip(starts, positions, strict=True)
    ):
        return None
    return positions, meet


def _start(v: Vehicle, seconds: NDArray[np.int64], loc: int, opens: int, service: int) -> int:
    return advance(v.start_s, int(seconds[v.index, loc]), opens, service, v.breaks)[1]


def _member_task(
    task_id: int,
    call: PlanCall,
    v: Vehicle,
    loc: int,
    meet: int,
    spread_s: int,
    deadline_s: int,
) -> Task:
    return Task(
        task_id,
        call,
        loc,
        int(call.service_minutes * 60),
        PRIORITY_WEIGHT[call.priority],
        only_tech=v.tech.id,
        window=(meet, meet + spread_s),
        deadline_s=deadline_s,
        crew_key=call.id,
    )
