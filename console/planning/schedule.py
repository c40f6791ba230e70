"""Walk a route: arrival, service start (waiting for a window or a break), departure, km,
lateness.

The planner computes ETAs itself from the same matrix the solver saw, so a plan reads the
same whichever solver produced the order, and today's assignments are scored identically.
Breaks lengthen the legs they fall in, as they do in VROOM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from console.planning.breaks import advance
from console.planning.result import Route, Stop, Totals
from console.planning.tasks import Task, Vehicle


def walk(
    now: datetime,
    vehicle: Vehicle,
    tasks: Sequence[Task],
    seconds: NDArray[np.int64],
    km: NDArray[np.float64],
    crews: dict[int, tuple[int, ...]],
    shift_end_s: int | None,
) -> Route:
    t = vehicle.start_s
    here = vehicle.index
    breaks = vehicle.breaks
    stops: list[Stop] = []
    total_km = 0.0
    for task in tasks:
        travel = int(seconds[here, task.loc])
        opens = task.window[0] if task.window else 0
        _arrive, start, breaks = advance(t, travel, opens, task.service_s, breaks)
        depart = start + task.service_s
        late = max(0.0, (start - task.deadline_s) / 60.0)
        total_km += float(km[here, task.loc])
        stops.append(
            Stop(
                call_id=task.call.id,
                eta=now + timedelta(seconds=start),
                deadline=task.call.deadline,
                late_minutes=round(late, 1),
                travel_minutes=round(travel / 60.0, 1),
                travel_km=round(float(km[here, task.loc]), 2),
                service_minutes=round(task.service_s / 60.0, 1),
                depart=now + timedelta(seconds=depart),
                crew=crews.get(task.call.id, ()),
            )
        )
        t, here = depart, task.loc
    overtime = 0.0 if shift_end_s is None or not stops else max(0.0, (t - shift_end_s) / 60.0)
    return Route(vehicle.tech.id, tuple(stops), round(total_km, 2), round(overtime, 1))


def after(vehicle: Vehicle, tasks: Sequence[Task], seconds: NDArray[np.int64]) -> Vehicle:
    """``vehicle`` as it is once ``tasks`` are done: where, from when, the breaks ahead."""
    t, here, breaks = vehicle.start_s, vehicle.index, vehicle.breaks
    for task in tasks:
        opens = task.window[0] if task.window else 0
        _arrive, start, breaks = advance(
            t, int(seconds[here, task.loc]), opens, task.service_s, breaks
        )
        t, here = start + task.service_s, task.loc
    return replace(vehicle, index=here, start_s=t, breaks=breaks)


def totals(routes: Sequence[Route], calls: int) -> Totals:
    """A crew call counts once, on time only if its last member is."""
    eta: dict[int, tuple[datetime, datetime]] = {}
    for r in routes:
        for s in r.stops:
            known = eta.get(s.call_id)
            if known is None or s.eta > known[0]:
                eta[s.call_id] = (s.eta, s.deadline)
    late = [max(0.0, (e - d).total_seconds() / 60.0) for e, d in eta.values()]
    return Totals(
        calls=calls,
        served=len(eta),
        on_time=sum(1 for x in late if x <= 0),
        late=sum(1 for x in late if x > 0),
        lateness_minutes=round(sum(late), 1),
        km=round(sum(r.km for r in routes), 1),
        overtime_minutes=round(sum(r.overtime_minutes for r in routes), 1),
    )
