"""Crews: VROOM (like every VRP solver) has no synchronised visits, so the crew is formed
before the solve. For each crew call, most urgent first, the ``crew_size`` qualified
technicians who can be there soonest are chosen; the latest of their earliest arrivals is
the meeting time T, and each member gets a task bound to them with the hard service window
[T, T + spread]. Early arrivals wait, so the crew starts within ``spread`` minutes of each
other by construction. If the solver cannot fit every member, the whole crew call is taken
out of the plan (a half crew is no crew) and reported.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from console.planning.checks import qualified
from console.planning.problem import PRIORITY_WEIGHT, PlanCall
from console.planning.tasks import Task, Vehicle

_RANK = {p: -w for p, w in PRIORITY_WEIGHT.items()}


def crew_tasks(
    calls: list[PlanCall],
    vehicles: list[Vehicle],
    seconds: NDArray[np.int64],
    loc_of: dict[int, int],
    deadline_s: dict[int, int],
    spread_s: int,
    first_id: int,
) -> tuple[list[Task], list[PlanCall]]:
    """(member tasks for the crews formed, crew calls no crew could be formed for)."""
    taken: set[int] = set()
    tasks: list[Task] = []
    short: list[PlanCall] = []
    next_id = first_id
    for call in sorted(calls, key=lambda c: (_RANK[c.priority], deadline_s[c.id], c.id)):
        members = _members(call, vehicles, seconds, loc_of[call.id], taken)
        if members is None:
            short.append(call)
            continue
        meet = max(arrive for arrive, _v in members)
        service = int(call.service_minutes * 60)
        for _arrive, v in members:
            taken.add(v.tech.id)
            tasks.append(
                Task(
                    next_id,
                    call,
                    loc_of[call.id],
                    service,
                    PRIORITY_WEIGHT[call.priority],
                    only_tech=v.tech.id,
                    window=(meet, meet + spread_s),
                    deadline_s=deadline_s[call.id],
                    crew_key=call.id,
                )
            )
            next_id += 1
    return tasks, short


def _members(
    call: PlanCall,
    vehicles: list[Vehicle],
    seconds: NDArray[np.int64],
    loc: int,
    taken: set[int],
) -> list[tuple[int, Vehicle]] | None:
    if call.pinned and call.assigned:
        chosen = [v for v in vehicles if v.tech.id in call.assigned]
        pool = [(v.start_s + int(seconds[v.index, loc]), v) for v in chosen]
        return pool if len(pool) == len(call.assigned) else None
    service = int(call.service_minutes * 60)
    pool = []
    for v in vehicles:
        if v.tech.id in taken or not qualified(call, v.tech):
            continue
        arrive = v.start_s + int(seconds[v.index, loc])
        if arrive + service <= v.end_s:
            pool.append((arrive, v))
    if len(pool) < call.crew_size:
        return None
    pool.sort(key=lambda p: (p[0], p[1].tech.id))
    return pool[: call.crew_size]
