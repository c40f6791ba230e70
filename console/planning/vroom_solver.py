"""The one module that talks to VROOM (pyvroom). Everything else sees plain routes.

Skills are mapped to small integers; a task bound to one technician (crew member, pin)
requires that technician's private skill, so no other vehicle can take it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

import numpy as np
import vroom
from numpy.typing import NDArray

from console.planning.tasks import Task, Vehicle

_PRIVATE = 1_000_000  # private skill ids start here (one per technician)


class SolverError(RuntimeError):
    """VROOM refused the problem or failed; the plan says so instead of crashing."""


def solve_routes(
    vehicles: Sequence[Vehicle],
    tasks: Sequence[Task],
    seconds: NDArray[np.int64],
    *,
    exploration: int,
    threads: int,
    timeout_s: float,
    warm: Mapping[int, Sequence[int]] | None = None,
) -> dict[int, list[int]]:
    """Technician id -> ordered task ids. ``warm`` (technician id -> task ids) seeds the
    search with earlier routes; a warm start VROOM rejects is retried cold."""
    if not vehicles or not tasks:
        return {}
    try:
        return _solve(vehicles, tasks, seconds, exploration, threads, timeout_s, warm)
    except Exception as exc:  # VROOM's own exception types do not share a useful base
        if warm:
            try:
                return _solve(vehicles, tasks, seconds, exploration, threads, timeout_s, None)
            except Exception as again:  # as above
                raise SolverError(str(again)) from again
        raise SolverError(str(exc)) from exc


def _solve(
    vehicles: Sequence[Vehicle],
    tasks: Sequence[Task],
    seconds: NDArray[np.int64],
    exploration: int,
    threads: int,
    timeout_s: float,
    warm: Mapping[int, Sequence[int]] | None,
) -> dict[int, list[int]]:
    skill_ids: dict[str, int] = {}
    private = {v.tech.id: _PRIVATE + i for i, v in enumerate(vehicles)}
    by_id = {t.id: t for t in tasks}
    problem = vroom.Input()
    problem.set_durations_matrix("car", np.ascontiguousarray(seconds, dtype=np.uint32))
    for number, v in enumerate(vehicles):
        skills = {skill_ids.setdefault(s, len(skill_ids) + 1) for s in v.tech.skills}
        skills.add(private[v.tech.id])
        steps = [
            vroom.VehicleStepSingle(tid)
            for tid in _feasible((warm or {}).get(v.tech.id, ()), by_id, v, seconds)
        ]
        problem.add_vehicle(
            vroom.Vehicle(
                number,
                start=v.index,
                skills=skills,
                time_window=vroom.TimeWindow(v.start_s, max(v.start_s, v.end_s)),
                breaks=[
                    vroom.Break(k, time_windows=[vroom.TimeWindow(s, s)], service=d)
                    for k, (s, d) in enumerate(v.breaks)
                ],
                steps=[vroom.VehicleStepStart(), *steps, vroom.VehicleStepEnd()] if steps else (),
            )
        )
    for t in tasks:
        if t.only_tech is not None:
            skills = {private[t.only_tech]}
        else:
            skills = {skill_ids.setdefault(s, len(skill_ids) + 1) for s in t.call.skills}
        problem.add_job(
            vroom.Job(
                t.id,
                location=t.loc,
                default_service=t.service_s,
                skills=skills,
                priority=t.priority,
                time_windows=[vroom.TimeWindow(*t.window)] if t.window else (),
            )
        )
    solution = problem.solve(
        exploration_level=exploration,
        nb_threads=threads,
        timeout=timedelta(seconds=max(0.05, timeout_s)),
    )
    routes: dict[int, list[int]] = {}
    frame = solution.routes
    if frame.empty or "id" not in frame.columns:
        return routes
    jobs = frame[frame["type"] == "job"]
    for vehicle, task_id in zip(jobs["vehicle_id"].tolist(), jobs["id"].tolist(), strict=True):
        routes.setdefault(vehicles[int(vehicle)].tech.id, []).append(int(task_id))
    return routes


def _feasible(
    ids: Sequence[int], by_id: Mapping[int, Task], v: Vehicle, seconds: NDArray[np.int64]
) -> list[int]:
    """The earlier route's steps that still fit (skills, windows, shift): VROOM refuses a
    warm start with a step out of reach, and a refused warm start costs a second solve."""
    kept: list[int] = []
    t, here = v.start_s, v.index
    for tid in ids:
        task = by_id.get(tid)
        if task is None or not _fits(task, v):
            continue
        arrive = t + int(seconds[here, task.loc])
        start = max(arrive, task.window[0]) if task.window else arrive
        if (task.window and start > task.window[1]) or start + task.service_s > v.end_s:
            continue
        kept.append(tid)
        t, here = start + task.service_s, task.loc
    return kept if not v.breaks else []  # breaks move the times: let VROOM place them


def _fits(task: Task, v: Vehicle) -> bool:
    if task.only_tech is not None:
        return task.only_tech == v.tech.id
    return set(task.call.skills) <= set(v.tech.skills)
