"""Who assigned what to whom and when, next to what the recommendation engine would have
proposed at that moment, and the ETA that was promised against the arrival."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from console.domain import CallView, TechnicianView
from console.live_state import LiveState
from console.recommend import Recommendation, recommend, score_technician
from console.travel import GreatCircleTravel


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

    @property
    def late_minutes(self) -> float | None:
        if self.promised_at is None or self.arrived_at is None:
            return None
        return round((self.arrived_at - self.promised_at).total_seconds() / 60, 1)


def decide(
    state: LiveState, call: CallView, tech_id: int, at: datetime, *, kind: str, by: str,
    override: str | None, final: CallView | None, still_held: bool, tz: str,
    travel: GreatCircleTravel,
) -> Decision:
    """The decision as it looked just before the assignment (``state`` not yet updated)."""
    before = state.calls.get(call.id, call)
    asked = replace(before, technician_ids=())
    techs = list(state.technicians.values())
    proposed = tuple(recommend(asked, techs, open_calls=state.open_calls(), now=at,
                               travel=travel, tz=tz, limit=3))
    rank = next((i + 1 for i, r in enumerate(proposed) if r.technician_id == tech_id), None)
    tech: TechnicianView | None = state.technicians.get(tech_id)
    promised = None
    if tech is not None:
        load = sum(1 for c in state.open_calls() if tech_id in c.technician_ids)
        score = score_technician(asked, tech, workload=load, now=at, travel=travel, tz=tz)
        promised = at + timedelta(minutes=score.eta_minutes)
    arrived = final.step_times.get("on_site") if final is not None and still_held else None
    return Decision(at, call.id, tech_id, tech.name if tech else f"#{tech_id}", kind, by,
                    override, proposed, rank, promised, arrived)
