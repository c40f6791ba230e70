"""Rank technicians for a call: who can be there soonest, with the right skills, without
overloading anyone or keeping them past the end of their shift.

The score is in minutes, so every reason reads as "this costs N minutes": the ETA itself,
queued work ahead of this job, a large penalty for a missing skill, and the overtime the job
would cause. Lower is better. Off-duty technicians are not proposed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from console.domain import CallStatus, CallView, TechnicianView, TechStatus
from console.shifts import minutes_left
from console.travel import GreatCircleTravel, TravelModel

#: Expected minutes a queued job keeps a technician busy before they can start this one.
QUEUED_JOB_MINUTES = 45.0
#: A technician without a needed skill is shown last, never silently preferred.
MISSING_SKILL_PENALTY = 600.0
ON_BREAK_PENALTY = 20.0
#: Typical on-site time, used to see whether the job would run past the shift end.
TYPICAL_JOB_MINUTES = 60.0

_BUSY = {
    CallStatus.ASSIGNED,
    CallStatus.ACCEPTED,
    CallStatus.EN_ROUTE,
    CallStatus.ON_SITE,
}


#: One reason in structured form, for a translated display: (code, value). Codes:
#: ("eta", minutes), ("skills_match", None), ("lacks", skill code; one per missing skill),
#: ("jobs_ahead", count), ("free_now", None), ("on_break", None),
#: ("shift_ends", minutes left), ("shift_left_h", hours left).
ReasonCode = tuple[str, float | str | None]


@dataclass(frozen=True, slots=True)
class Recommendation:
    technician_id: int
    name: str
    score: float
    eta_minutes: float
    skill_match: bool
    workload: int
    shift_left_minutes: float | None
    reasons: tuple[str, ...]  # English, for logs and the CLI
    reason_codes: tuple[ReasonCode, ...] = ()  # the same reasons, for a translated display


def _workloads(open_calls: Iterable[CallView]) -> Counter[int]:
    load: Counter[int] = Counter()
    for call in open_calls:
        if call.status in _BUSY:
            load.update(call.technician_ids)
    return load


def _where(tech: TechnicianView) -> tuple[float, float]:
    if tech.position is not None:
        return tech.position.lat, tech.position.lon
    return tech.home_lat, tech.home_lon


def score_technician(
    call: CallView,
    tech: TechnicianView,
    *,
    workload: int,
    now: datetime,
    travel: TravelModel,
    tz: str,
) -> Recommendation:
    eta = travel.travel_minutes(_where(tech), (call.lat, call.lon), now)
    missing = sorted(set(call.required_skills) - set(tech.skills))
    left = minutes_left(tech.shifts, now, tz) if tech.shifts else None
    score = eta + workload * QUEUED_JOB_MINUTES
    reasons = [f"ETA {eta:.0f} min"]
    codes: list[ReasonCode] = [("eta", round(eta, 1))]
    if missing:
        score += MISSING_SKILL_PENALTY
        reasons.append("lacks " + ", ".join(missing))
        codes.extend(("lacks", skill) for skill in missing)
    else:
        reasons.append("skills match")
        codes.append(("skills_match", None))
    reasons.append(f"{workload} job(s) ahead" if workload else "free now")
    codes.append(("jobs_ahead", workload) if workload else ("free_now", None))
    if tech.status is TechStatus.ON_BREAK:
        score += ON_BREAK_PENALTY
        reasons.append("on break")
        codes.append(("on_break", None))
    if left is not None:
        overtime = eta + workload * QUEUED_JOB_MINUTES + TYPICAL_JOB_MINUTES - left
        if overtime > 0:
            score += overtime
            reasons.append(f"shift ends in {left:.0f} min")
            codes.append(("shift_ends", round(left, 1)))
        else:
            reasons.append(f"{left / 60:.1f} h left in shift")
            codes.append(("shift_left_h", round(left / 60, 1)))
    return Recommendation(
        technician_id=tech.id,
        name=tech.name,
        score=round(score, 2),
        eta_minutes=round(eta, 1),
        skill_match=not missing,
        workload=workload,
        shift_left_minutes=None if left is None else round(left, 1),
        reasons=tuple(reasons),
        reason_codes=tuple(codes),
    )


def recommend(
    call: CallView,
    technicians: Iterable[TechnicianView],
    *,
    open_calls: Iterable[CallView],
    now: datetime,
    travel: TravelModel | None = None,
    tz: str,
    limit: int = 5,
) -> list[Recommendation]:
    """The ``limit`` best technicians for ``call``, best first (ties broken by id)."""
    model = travel or GreatCircleTravel(tz=tz)
    load = _workloads(open_calls)
    already = set(call.technician_ids)
    ranked = [
        score_technician(call, tech, workload=load[tech.id], now=now, travel=model, tz=tz)
        for tech in technicians
        if tech.status is not TechStatus.OFF_DUTY and tech.id not in already
    ]
    ranked.sort(key=lambda r: (r.score, r.technician_id))
    return ranked[:limit]
