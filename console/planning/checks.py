"""Calls the solver must not see, each with its reason: no coordinates, outside the service
area, a skill nobody on duty has, a crew larger than the qualified staff."""

from __future__ import annotations

from console.planning.problem import PlanCall, PlanTechnician, Problem
from console.planning.result import Unserved


def qualified(call: PlanCall, tech: PlanTechnician) -> bool:
    return set(call.skills) <= set(tech.skills)


def screen(problem: Problem, usable: list[PlanTechnician]) -> tuple[list[PlanCall], list[Unserved]]:
    """(calls the solver may plan, calls it cannot with why)."""
    ok: list[PlanCall] = []
    out: list[Unserved] = []
    on_duty = {t.id for t in usable}
    for call in problem.calls:
        found = _problem_with(call, problem, usable, on_duty)
        if found is None:
            ok.append(call)
        else:
            out.append(Unserved(call.id, *found))
    return ok, out


def _problem_with(
    call: PlanCall, problem: Problem, usable: list[PlanTechnician], on_duty: set[int]
) -> tuple[str, str] | None:
    if call.location is None:
        return "no_location", "the call has no map location"
    if not _inside(call.location, problem.service_area):
        lat, lon = call.location
        return "outside_area", f"({lat:.4f}, {lon:.4f}) is outside the service area"
    if not usable:
        return "no_technicians", "no technician with a known position is on duty"
    if call.pinned and call.assigned:
        gone = [t for t in call.assigned if t not in on_duty]
        if gone:
            return "pinned_unavailable", f"pinned to technician {gone[0]}, who is not on duty"
        return None
    able = [t for t in usable if qualified(call, t)]
    if not able:
        need = ", ".join(call.skills) or "no skill"
        return "no_skill", f"no technician on duty has {need}"
    if len(able) < call.crew_size:
        return (
            "crew_short",
            f"needs a crew of {call.crew_size}; only {len(able)} qualified on duty",
        )
    return None


def _inside(p: tuple[float, float], area: tuple[float, float, float, float] | None) -> bool:
    if area is None:
        return True
    south, west, north, east = area
    return south <= p[0] <= north and west <= p[1] <= east
