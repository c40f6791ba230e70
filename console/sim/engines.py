"""Who dispatches on autopilot: the recommendation engine (one call at a time, nearest
free skilled technician) or the planner (the whole night as a routing problem).

Both answer the same question at each dispatch pass: which waiting calls to send now, and
to whom (several technicians for a crew call, all at once: a call cannot take another
crew member once someone has accepted it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from console.domain import CallStatus, CallView, Position, Priority, TechnicianView
from console.planning import Plan, PlanCall, PlanTechnician, Problem, solve
from console.planning.problem import service_minutes
from console.recommend import recommend
from console.sim.fleet import SimTech
from console.travel import LatLon, TravelModel

_RANK = {Priority.EMERGENCY: 0, Priority.URGENT: 1, Priority.NORMAL: 2}
ENGINES = ("recommend", "planner")

Decision = tuple[CallView, tuple[int, ...]]


class EngineHost(Protocol):
    """What an engine reads from the simulator."""

    techs: dict[int, SimTech]
    calls: dict[int, CallView]
    tech_views: dict[int, TechnicianView]
    travel: TravelModel
    tz: str
    night_start: datetime


def waiting(calls: Iterable[CallView]) -> list[CallView]:
    return sorted(
        (c for c in calls if c.status is CallStatus.NEW),
        key=lambda c: (_RANK[c.priority], c.sla_deadline, c.id),
    )


def recommend_choices(host: EngineHost, now: datetime) -> list[Decision]:
    """The recommendation engine's best skilled technicians among those free now, most
    urgent call first. A crew call waits until enough are free. Queueing a job behind one
    under way was measured worse for SLA, so waiting calls wait for the next free one."""
    pool = {t.id: t for t in host.techs.values() if t.free}
    open_calls = [c for c in host.calls.values() if c.status.is_open]
    out: list[Decision] = []
    for call in waiting(host.calls.values()):
        if not pool:
            break
        recs = recommend(
            call,
            [_view(host, t, now) for t in pool.values()],
            open_calls=open_calls,
            now=now,
            travel=host.travel,
            tz=host.tz,
            limit=len(pool),
        )
        picks = [r.technician_id for r in recs if r.skill_match][: call.crew_size]
        if len(picks) < call.crew_size:
            continue
        for tid in picks:
            pool.pop(tid)
        out.append((call, tuple(picks)))
    return out


def _view(host: EngineHost, t: SimTech, now: datetime) -> TechnicianView:
    (lat, lon), _h, _s = t.position_at(now)
    return replace(host.tech_views[t.id], position=Position(lat, lon, at=now))


# --- the planner ---------------------------------------------------------------------

#: A job that has run past its typical time is not nearly done: on-site times spread
#: widely (log-normal, half the jobs overrun the typical time), and an overrunning job still
#: has about a third of its typical time to go on average. The plan expects at least that.
RESIDUAL_SHARE = 0.3

#: A crew is sent once its first member has to leave within this many minutes.
COMMIT_MINUTES = 2.0


def planner_choices(host: EngineHost, now: datetime) -> list[Decision]:
    """Plan every waiting call over every on-shift technician (busy ones from when and
    where their work in hand ends), then commit only what must start now: each free
    technician's first stop, and a crew whose first member must leave now. The rest is
    planned again at the next pass, when more is known."""
    calls = waiting(host.calls.values())
    if not calls:
        return []
    techs = [_plan_tech(host, t, now) for t in host.techs.values() if _on_duty(t)]
    problem = Problem(
        now=now,
        calls=tuple(_plan_call(c) for c in calls),
        technicians=tuple(techs),
        time_limit_s=2.0,
        exploration=2,
    )
    plan = solve(problem, travel=host.travel)
    by_id = {c.id: c for c in calls}
    free = {t.id for t in techs if t.free_now}
    out: list[Decision] = [(by_id[cid], crew) for cid, crew in _crews_due(plan, now).items()]
    sent = {c.id for c, _crew in out}
    for tech_id, stop in sorted(plan.first_stops().items()):
        if tech_id in free and stop.call_id not in sent and not stop.crew:
            out.append((by_id[stop.call_id], (tech_id,)))
            sent.add(stop.call_id)
    return out


def _crews_due(plan: Plan, now: datetime) -> dict[int, tuple[int, ...]]:
    """Crews to send now: when their first member has to leave. The whole crew is sent at
    once (a call takes no new member once someone accepted it); each member is then told
    when to leave (the simulator holds a member who would be on site well before the
    last), so the crew arrives together. Waiting for the last member's departure before
    sending anyone never comes: the plan re-forms the crew at every pass."""
    due: dict[int, tuple[int, ...]] = {}
    horizon = now + timedelta(minutes=COMMIT_MINUTES)
    for r in plan.routes:
        for s in r.stops:
            if s.crew and s.call_id not in due:
                leave = min(
                    (x.eta - timedelta(minutes=x.travel_minutes))
                    for m in s.crew
                    if (x := plan.stop_for(m, s.call_id)) is not None
                )
                if leave <= horizon:
                    due[s.call_id] = s.crew
    return due


def _on_duty(t: SimTech) -> bool:
    return t.on_shift and not t.ending and not t.on_break


def _plan_call(c: CallView) -> PlanCall:
    return PlanCall(
        id=c.id,
        location=(c.lat, c.lon),
        priority=c.priority,
        deadline=c.sla_deadline,
        skills=c.required_skills,
        crew_size=c.crew_size,
        service_minutes=service_minutes(c.category),
        category=c.category,
    )


def _plan_tech(host: EngineHost, t: SimTech, now: datetime) -> PlanTechnician:
    """Where and when ``t`` will be free, from the work they hold, at typical job times."""
    here, busy = _work_in_hand(host, t, now, until=None)
    view = host.tech_views[t.id]
    return PlanTechnician(
        id=t.id,
        name=view.name,
        location=here,
        skills=view.skills,
        free_in_minutes=round(busy, 1),
        shift_end=host.night_start + t.plan.shift_end,
        free_now=t.free,
    )


def expected_arrival(host: EngineHost, t: SimTech, call_id: int, now: datetime) -> datetime:
    """When ``t`` should be on site at ``call_id`` (one of their jobs), at typical job
    times: the jobs held before it first, then the drive."""
    _here, minutes = _work_in_hand(host, t, now, until=call_id)
    return now + timedelta(minutes=minutes)


def _work_in_hand(
    host: EngineHost, t: SimTech, now: datetime, *, until: int | None
) -> tuple[LatLon, float]:
    """(where ``t`` will be, minutes from now) after the jobs they hold, at typical job
    times; with ``until``, on arrival at that job (its work not counted)."""
    here: LatLon = t.position_at(now)[0]
    busy = 0.0
    jobs = list(dict.fromkeys([*([t.current] if t.current else []), *t.jobs]))
    if until is not None and until in jobs:  # the one under way first, then the order held
        jobs = jobs[: jobs.index(until) + 1]
    for call_id in jobs:
        call = host.calls.get(call_id)
        if call is None:
            continue
        typical = 0.0 if call_id == until else service_minutes(call.category)
        if call_id == t.current and t.phase == "working":
            started = t.arrive or now
            elapsed = (now - started).total_seconds() / 60
            busy += max(RESIDUAL_SHARE * typical, typical - elapsed)
        elif call_id == t.current and t.phase == "driving" and t.arrive is not None:
            busy += max(0.0, (t.arrive - now).total_seconds() / 60) + typical
        else:
            busy += host.travel.travel_minutes(here, (call.lat, call.lon), now) + typical
        here = (call.lat, call.lon)
    return here, busy
