"""A plan as changes against today's assignments: what a dispatcher is asked to accept.

Only calls whose next step is a decision appear: a new assignment (nobody on the call), a
reassignment (the plan sends someone else), or a call that stays waiting (with the plan's
reason). Calls the plan leaves with the same technicians are not changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from console.domain import CallView
from console.planning.result import Plan

NEW, REASSIGN, WAIT = "new", "reassign", "wait"

#: One hub step of a crew change: (technician taken off, technician put on); a reassignment
#: when both are set, an assignment when only the second is, an unassignment when only the
#: first is.
Step = tuple[int | None, int | None]


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # new, reassign, wait
    call_id: int
    before: tuple[int, ...]  # technicians on the call now
    after: tuple[int, ...]  # technicians the plan sends (empty: stays waiting)
    eta: datetime | None
    late_minutes: float
    reason: str


def plan_diff(plan: Plan, calls: Mapping[int, CallView]) -> list[Change]:
    """Changes, most pressing first: waiting calls with no plan last."""
    out: list[Change] = []
    for call_id in sorted(plan.served_ids() | {u.call_id for u in plan.unserved}):
        call = calls.get(call_id)
        if call is None:
            continue
        before = call.technician_ids
        after = plan.technicians_for(call_id)
        if after and set(after) == set(before):
            continue
        if not after:
            why = plan.unserved_reason(call_id)
            out.append(
                Change(WAIT, call_id, before, (), None, 0.0, why.reason if why else "not planned")
            )
            continue
        stops = [s for t in after if (s := plan.stop_for(t, call_id)) is not None]
        eta = max(s.eta for s in stops)
        late = max(s.late_minutes for s in stops)
        travel = min(s.travel_minutes for s in stops)
        late_why = next((s.late_reason for s in stops if s.late_reason), "")
        reason = (
            f"on site {eta:%H:%M}, {late:.0f} min late" + (f" ({late_why})" if late_why else "")
            if late > 0
            else f"on site {eta:%H:%M}, on time"
        ) + f"; {travel:.0f} min drive"
        if len(after) > 1:
            reason += f"; crew of {len(after)}"
        out.append(Change(REASSIGN if before else NEW, call_id, before, after, eta, late, reason))
    rank = {NEW: 0, REASSIGN: 1, WAIT: 2}
    out.sort(
        key=lambda c: (
            rank[c.kind],
            c.eta or datetime.max.replace(tzinfo=plan.now.tzinfo),
            c.call_id,
        )
    )
    return out


def crew_steps(before: tuple[int, ...], after: tuple[int, ...]) -> list[Step]:
    """The hub steps that turn the technicians on a call from ``before`` into ``after``: a
    reassignment for each one replaced, then an assignment for each one added (or an
    unassignment for each one dropped). Technicians in both are not touched."""
    leaving = [t for t in before if t not in after]
    joining = [t for t in after if t not in before]
    steps: list[Step] = list(zip(leaving, joining, strict=False))
    steps += [(None, t) for t in joining[len(leaving) :]]
    steps += [(t, None) for t in leaving[len(joining) :]]
    return steps
