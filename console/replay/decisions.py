"""Who assigned what to whom and when, next to what the recommendation engine and the
planner would have proposed at that moment, and the ETA that was promised against the
arrival.

The engine's proposals are computed for every decision while the night loads (cheap). The
planner's take a solver run each (a tenth of a second to a second on a busy night), so a
decision keeps the situation it was made in, the open calls and the technicians as they
stood, and ``planner_problem`` / ``propose`` answer for one decision when a reviewer asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from console.domain import CallView, TechnicianView
from console.live_state import LiveState
from console.planning import Problem, solve
from console.planning.live import build_problem
from console.recommend import Recommendation, recommend, score_technician
from console.travel import GreatCircleTravel


@dataclass(frozen=True, slots=True)
class Situation:
    """What the floor looked like just before a decision: the open calls (the decided one
    as it stood, before the assignment) and every technician, positions as recorded."""

    calls: tuple[CallView, ...]
    technicians: tuple[TechnicianView, ...]


@dataclass(frozen=True, slots=True)
class PlannerProposal:
    """Who the planner would have sent to the decided call, and when they would arrive;
    or, when it would have left the call waiting, why."""

    call_id: int
    technician_ids: tuple[int, ...]
    names: tuple[str, ...]
    eta: datetime | None
    late_minutes: float | None
    waiting_reason: str | None
    solve_ms: float


@dataclass(frozen=True, slots=True)
class Decision:
    at: datetime
    call_id: int
    technician_id: int
    technician_name: str
    kind: str  # "assigned" | "reassigned"
    by: str  # the actor's label ("user:2 Ann", "system autodispatch")
    override_reason: str | None
    proposed: tuple[Recommendation, ...]  # the engine's top proposals at that moment
    chosen_rank: int | None  # 1 = the engine's first choice; None = not among the proposals
    promised_at: datetime | None  # assignment time + the engine's ETA for the chosen one
    arrived_at: datetime | None  # on site (None: never, or handed over first)
    situation: Situation | None = field(default=None, compare=False, repr=False)

    @property
    def late_minutes(self) -> float | None:
        if self.promised_at is None or self.arrived_at is None:
            return None
        return round((self.arrived_at - self.promised_at).total_seconds() / 60, 1)


def decide(
    state: LiveState,
    call: CallView,
    tech_id: int,
    at: datetime,
    *,
    kind: str,
    by: str,
    override: str | None,
    final: CallView | None,
    still_held: bool,
    tz: str,
    travel: GreatCircleTravel,
) -> Decision:
    """The decision as it looked just before the assignment (``state`` not yet updated)."""
    before = state.calls.get(call.id, call)
    asked = replace(before, technician_ids=())
    techs = list(state.technicians.values())
    open_calls = state.open_calls()
    proposed = tuple(
        recommend(asked, techs, open_calls=open_calls, now=at, travel=travel, tz=tz, limit=3)
    )
    rank = next((i + 1 for i, r in enumerate(proposed) if r.technician_id == tech_id), None)
    tech: TechnicianView | None = state.technicians.get(tech_id)
    promised = None
    if tech is not None:
        load = sum(1 for c in open_calls if tech_id in c.technician_ids)
        score = score_technician(asked, tech, workload=load, now=at, travel=travel, tz=tz)
        promised = at + timedelta(minutes=score.eta_minutes)
    arrived = final.step_times.get("on_site") if final is not None and still_held else None
    situation = Situation(
        tuple(asked if c.id == call.id else c for c in open_calls), tuple(techs)
    )
    return Decision(
        at,
        call.id,
        tech_id,
        tech.name if tech else f"#{tech_id}",
        kind,
        by,
        override,
        proposed,
        rank,
        promised,
        arrived,
        situation,
    )


def planner_problem(decision: Decision, tz: str) -> Problem:
    """The planner's question at the moment of ``decision``: where to send this call, with
    every other call kept with the technicians it had then (pinned)."""
    if decision.situation is None:
        raise ValueError(f"decision on call #{decision.call_id} kept no situation to plan from")
    calls = decision.situation.calls
    pins = frozenset(c.id for c in calls if c.id != decision.call_id and c.technician_ids)
    return build_problem(calls, decision.situation.technicians, now=decision.at, tz=tz, pins=pins)


def propose(problem: Problem, call_id: int, names: dict[int, str]) -> PlannerProposal:
    """Solve ``problem`` and read off the planner's answer for ``call_id``. A plain function
    of picklable values, so the console can run it in a worker process."""
    plan = solve(problem)
    techs = plan.technicians_for(call_id)
    stops = [s for t in techs if (s := plan.stop_for(t, call_id)) is not None]
    if techs and stops:
        eta = max(s.eta for s in stops)  # a crew is there when the last one arrives
        late = max(s.late_minutes for s in stops)
        return PlannerProposal(
            call_id,
            techs,
            tuple(names.get(t, f"#{t}") for t in techs),
            eta,
            late,
            None,
            plan.solve_ms,
        )
    waiting = plan.unserved_reason(call_id)
    reason = waiting.reason if waiting is not None else "not in the plan (closed or unknown)"
    return PlannerProposal(call_id, (), (), None, None, reason, plan.solve_ms)


def planner_proposal(decision: Decision, tz: str) -> PlannerProposal:
    """The planner's proposal for one decision, in this process."""
    names = {t.id: t.name for t in decision.situation.technicians} if decision.situation else {}
    return propose(planner_problem(decision, tz), decision.call_id, names)
