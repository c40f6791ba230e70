"""Will the promise be kept? Lateness of a technician's ETA against a call's SLA time left,
and whether someone else could still be on time.

The recommendations and a drop both say it: "late by 25 min", and who would not be.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from console.domain import CallView, TechnicianView
from console.recommend import Recommendation, recommend
from console.travel import TravelModel


def late_by(call: CallView, eta_minutes: float, now: datetime) -> int:
    """Whole minutes the arrival would be past the SLA deadline (0: on time)."""
    left = (call.sla_deadline - now).total_seconds() / 60
    return max(0, math.ceil(eta_minutes - left)) if eta_minutes > left else 0


@dataclass(frozen=True, slots=True)
class Verdict:
    late: int  # minutes late with the chosen technician (0: on time)
    better: Recommendation | None  # someone with the skills who would be on time


def judge(
    call: CallView,
    tech_id: int,
    technicians: Iterable[TechnicianView],
    *,
    open_calls: Iterable[CallView],
    now: datetime,
    tz: str,
    travel: TravelModel | None = None,
) -> Verdict | None:
    """The chosen technician's lateness and the best on-time alternative (None when the
    technician is not in the ranking, e.g. off duty)."""
    ranked = recommend(
        replace(call, technician_ids=()),
        list(technicians),
        open_calls=open_calls,
        now=now,
        tz=tz,
        travel=travel,
        limit=10_000,
    )
    chosen = next((r for r in ranked if r.technician_id == tech_id), None)
    if chosen is None:
        return None
    late = late_by(call, chosen.eta_minutes, now)
    better = None
    if late:
        better = next(
            (
                r
                for r in ranked
                if r.technician_id != tech_id
                and r.skill_match
                and late_by(call, r.eta_minutes, now) == 0
            ),
            None,
        )
    return Verdict(late, better)


def verdict_text(verdict: Verdict | None) -> str:
    """ "late by 25 min; Wang Wei could be there in time (ETA 12 min)" — or "" when on time."""
    if verdict is None or not verdict.late:
        return ""
    late = QCoreApplication.translate("Lateness", "late by %n min", "", verdict.late)
    if verdict.better is None:
        return QCoreApplication.translate("Lateness", "%1; nobody can be there in time").replace(
            "%1", late
        )
    return (
        QCoreApplication.translate("Lateness", "%1; %2 could be there in time (ETA %3 min)")
        .replace("%1", late)
        .replace("%2", verdict.better.name)
        .replace("%3", str(round(verdict.better.eta_minutes)))
    )
