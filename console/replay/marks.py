"""Where a reviewer should look: SLA breaches, overrides, reassignments, cancellations and
conflicts (two dispatchers reaching for one call: the loser's refusal is kept as a
``dispatch_conflict`` audit row by the hub, console.services.conflicts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.domain import CallView

SLA_BREACH = "sla_breach"
OVERRIDE = "override"
REASSIGNMENT = "reassignment"
CANCELLATION = "cancellation"
CONFLICT = "conflict"
KINDS = (SLA_BREACH, OVERRIDE, REASSIGNMENT, CANCELLATION, CONFLICT)


@dataclass(frozen=True, slots=True)
class Mark:
    at: datetime
    kind: str
    call_id: int
    text: str  # English, for logs and the CLI; the bar labels by kind


def event_mark(type_: str, at: datetime, payload: dict[str, object],
               overrides: dict[int, str]) -> list[Mark]:
    """Marks one event makes (an override can also be a reassignment)."""
    call = payload.get("call")
    if not isinstance(call, dict):
        return []
    cid = int(call["id"])
    out = []
    if type_ == "call.cancelled":
        out.append(Mark(at, CANCELLATION, cid, f"call {cid} cancelled"))
    if type_ in ("call.reassigned", "call.unassigned"):
        out.append(Mark(at, REASSIGNMENT, cid, f"call {cid} {type_.split('.')[1]}"))
    aid = payload.get("assignment_id")
    if type_ in ("call.assigned", "call.reassigned") and isinstance(aid, int) and aid in overrides:
        out.append(Mark(at, OVERRIDE, cid, f"call {cid} assigned with override: "
                                           f"{overrides[aid]}"))
    return out


def sla_marks(calls: dict[int, CallView], start: datetime, end: datetime) -> list[Mark]:
    """A call whose deadline passed before anyone was on site (and it was still wanted)."""
    out = []
    for call in calls.values():
        deadline = call.sla_deadline
        if not start <= deadline < end:
            continue
        steps = call.step_times
        reached = [steps[k] for k in ("on_site", "completed", "cancelled", "failed") if k in steps]
        if not reached or min(reached) > deadline:
            out.append(Mark(deadline, SLA_BREACH, call.id, f"call {call.id} missed its SLA"))
    return out


def conflict_mark(at: datetime, call_id: int, who: str, reason: str) -> Mark:
    return Mark(at, CONFLICT, call_id, f"call {call_id}: {who} lost a race ({reason})")
