"""Why a call is not planned, or planned late: the words a dispatcher reads in the plan."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from console.planning.problem import PlanCall, Problem
from console.planning.result import Route, Unserved
from console.planning.tasks import Task, Vehicle

#: What became of a crew call before the solve: ``formed`` (its members went to the solver),
#: ``taken`` (no crew was free: each technician joins one crew per solve) or ``tried``
#: (an emergency crew, also tried at the end of every route).
CrewOutcome = Literal["formed", "taken", "tried"]


def why_unplanned(
    call: PlanCall,
    problem: Problem,
    timed_out: bool,
    failure: str | None,
    *,
    crew: CrewOutcome = "formed",
) -> Unserved:
    """Why a call the solver could plan is not in the plan: a crew nobody can form, a
    solver that failed or ran out of time (not the call's fault), or no room (for a crew:
    the solver could not fit every member, and a half crew is no crew)."""
    if call.crew_size > 1 and crew == "tried":
        return Unserved(
            call.id,
            "crew_short",
            f"no crew of {call.crew_size} qualified technicians can meet there within their shifts",
        )
    if call.crew_size > 1 and crew == "taken":
        return Unserved(
            call.id,
            "crew_short",
            f"no crew of {call.crew_size} qualified technicians is free now (each joins at most one"
            " crew per plan)",
        )
    if failure is not None:
        return Unserved(call.id, "solver_failed", f"the solver failed: {failure}")
    if timed_out:
        return Unserved(
            call.id,
            "timeout",
            f"the solver's time limit ({problem.time_limit_s:g} s) ran out before it "
            "placed this call",
        )
    if call.crew_size > 1:
        return Unserved(
            call.id,
            "capacity",
            f"the crew of {call.crew_size} cannot be fitted into tonight's routes",
        )
    return Unserved(call.id, "capacity", "no qualified technician can fit it into their shift")


def earliest_arrival(task: Task, vehicles: list[Vehicle], seconds: NDArray[np.int64]) -> float:
    """When the soonest qualified technician can be there (seconds; -inf when none is)."""
    need = set(task.call.skills)
    return min(
        (
            float(v.start_s + int(seconds[v.index, task.loc]))
            for v in vehicles
            if need <= set(v.tech.skills)
        ),
        default=float("-inf"),
    )


def explain_late(
    route: Route, tasks: list[Task], vehicles: list[Vehicle], seconds: NDArray[np.int64]
) -> Route:
    """A late stop says whether anyone could have been on time."""
    stops = list(route.stops)
    for k, (stop, task) in enumerate(zip(route.stops, tasks, strict=True)):
        if stop.on_time:
            continue
        if task.crew_key is not None:
            why = "the crew can meet only then"
        elif earliest_arrival(task, vehicles, seconds) > task.deadline_s:
            why = "no qualified technician can be there by the deadline"
        else:
            why = "the technicians who could be on time are needed for calls that come first"
        stops[k] = replace(stop, late_reason=why)
    return replace(route, stops=tuple(stops))
