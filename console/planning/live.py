"""A planning problem from the live picture (the console's LiveState, or the hub's rows as
views): open calls not yet under way, on-duty technicians with their work in hand.

What the live picture had to assume is said in the plan: a technician with no position fix
yet is planned from their home base (as the recommendations assume), with a note. The
service area is the caller's (``console.geo.service_bounds``: the planner may not read
files or the database), so a call outside it is reported rather than planned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from console.domain import CallStatus, CallView, TechnicianView, TechStatus
from console.planning.planner import solve as solve_problem
from console.planning.problem import PlanCall, PlanTechnician, Problem, service_minutes
from console.planning.result import Plan
from console.shifts import current_shift_end
from console.travel import GreatCircleTravel, LatLon, TravelModel

#: Calls the plan may still (re)assign: nobody has set off for them yet.
PLANNABLE = (CallStatus.NEW, CallStatus.ASSIGNED, CallStatus.ACCEPTED)
_UNDER_WAY = (CallStatus.EN_ROUTE, CallStatus.ON_SITE)
Box = tuple[float, float, float, float]  # south, west, north, east


@dataclass(frozen=True, slots=True)
class LiveProblem(Problem):
    """A Problem plus ``notes``: what the live picture assumed, for the plan to say."""

    notes: tuple[str, ...] = ()


def build_problem(
    calls: Iterable[CallView],
    technicians: Iterable[TechnicianView],
    *,
    now: datetime,
    tz: str,
    pins: frozenset[int] = frozenset(),
    service_area: Box | None = None,
    travel: TravelModel | None = None,
) -> LiveProblem:
    """A call is pinned when a dispatcher pinned it (``CallView.pinned``, kept in the
    database) or it is in ``pins`` (a replay's "everything else as it was"). A call its
    technician accepted is kept as well; an assignment nobody accepted yet may be moved.
    ``service_area``: the centre's box; None checks no area."""
    model = travel or GreatCircleTravel(tz=tz)
    calls = list(calls)
    under_way: dict[int, list[CallView]] = {}
    for c in calls:
        if c.status in _UNDER_WAY:
            for t in c.technician_ids:
                under_way.setdefault(t, []).append(c)
    on_duty = [t for t in technicians if t.status not in (TechStatus.OFF_DUTY, TechStatus.ON_BREAK)]
    techs = tuple(_technician(t, under_way.get(t.id, []), now, tz, model) for t in on_duty)
    plan_calls = tuple(
        _call(c, c.pinned or c.id in pins or c.status is CallStatus.ACCEPTED)
        for c in calls
        if c.status in PLANNABLE
    )
    return LiveProblem(
        now=now,
        calls=plan_calls,
        technicians=techs,
        service_area=service_area,
        tz=tz,
        notes=tuple(_home_base_note(t) for t in on_duty if t.position is None),
    )


def solve(problem: Problem, *, previous: Plan | None = None) -> Plan:
    """The planner's plan, with the live picture's notes added (a plain function of
    picklable values, so the console can run it in a worker process)."""
    plan = solve_problem(problem, previous=previous)
    notes = problem.notes if isinstance(problem, LiveProblem) else ()
    return replace(plan, notes=(*notes, *plan.notes)) if notes else plan


def _home_base_note(t: TechnicianView) -> str:
    where = f" ({t.home_base})" if t.home_base else ""
    return f"{t.name} (#{t.id}) has no position fix yet: planned from home base{where}"


def _call(c: CallView, pinned: bool) -> PlanCall:
    return PlanCall(
        id=c.id,
        location=(c.lat, c.lon),
        priority=c.priority,
        deadline=c.sla_deadline,
        skills=c.required_skills,
        crew_size=c.crew_size,
        service_minutes=service_minutes(c.category),
        category=c.category,
        assigned=c.technician_ids,
        pinned=pinned and bool(c.technician_ids),
    )


def _technician(
    t: TechnicianView, busy: list[CallView], now: datetime, tz: str, travel: TravelModel
) -> PlanTechnician:
    # no fix yet (a phone just signed on): their home base, as the recommendations assume
    here: LatLon = (t.position.lat, t.position.lon) if t.position else (t.home_lat, t.home_lon)
    free_in = 0.0
    for c in busy:  # work in hand: drive there (if not yet), then the typical job time
        dest = (c.lat, c.lon)
        if c.status is CallStatus.EN_ROUTE:
            free_in += travel.travel_minutes(here, dest, now)
        elapsed = 0.0
        if c.status is CallStatus.ON_SITE and "on_site" in c.step_times:
            elapsed = (now - c.step_times["on_site"]).total_seconds() / 60
        free_in += max(5.0, service_minutes(c.category) - elapsed)
        here = dest
    end = current_shift_end(t.shifts, now, tz) if t.shifts else None
    return PlanTechnician(
        id=t.id,
        name=t.name,
        location=here,
        skills=t.skills,
        free_in_minutes=round(free_in, 1),
        shift_end=end,
        free_now=not busy and t.status is TechStatus.AVAILABLE,
    )
