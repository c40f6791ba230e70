"""A planning problem from the live picture (the console's LiveState, or the hub's rows as
views): open calls not yet under way, on-duty technicians with their work in hand."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from console.domain import CallStatus, CallView, TechnicianView, TechStatus
from console.planning.problem import PlanCall, PlanTechnician, Problem, service_minutes
from console.shifts import current_shift_end
from console.travel import GreatCircleTravel, LatLon, TravelModel

#: Calls the plan may still (re)assign: nobody has set off for them yet.
PLANNABLE = (CallStatus.NEW, CallStatus.ASSIGNED, CallStatus.ACCEPTED)
_UNDER_WAY = (CallStatus.EN_ROUTE, CallStatus.ON_SITE)


def build_problem(
    calls: Iterable[CallView],
    technicians: Iterable[TechnicianView],
    *,
    now: datetime,
    tz: str,
    pins: frozenset[int] = frozenset(),
    travel: TravelModel | None = None,
) -> Problem:
    """``pins``: calls a dispatcher fixed to their current technicians (the console pins
    every assignment a person makes). A call its technician accepted is kept as well; an
    assignment nobody accepted yet may be moved by the plan."""
    model = travel or GreatCircleTravel(tz=tz)
    calls = list(calls)
    under_way: dict[int, list[CallView]] = {}
    for c in calls:
        if c.status in _UNDER_WAY:
            for t in c.technician_ids:
                under_way.setdefault(t, []).append(c)
    techs = tuple(
        _technician(t, under_way.get(t.id, []), now, tz, model)
        for t in technicians
        if t.status not in (TechStatus.OFF_DUTY, TechStatus.ON_BREAK)
    )
    plan_calls = tuple(
        _call(c, c.id in pins or c.status is CallStatus.ACCEPTED)
        for c in calls
        if c.status in PLANNABLE
    )
    return Problem(now=now, calls=plan_calls, technicians=techs, tz=tz)


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
