"""Per-technician figures for a week, from grouped SQL queries.

A technician's *jobs* are the week's calls that reached on site with them in the crew (an
assignment still active or ended by the call's outcome; assignments ended by reassignment or
unassignment do not count). On-site hours run from on site to completed/failed. Revenue of a
crew job is split evenly across its crew. Utilization is on-site hours over the hours the
technician was actually on shift in the week (shift start to shift end steps, see
:mod:`reports.shifts_worked`), or over the nominal hours of their weekly shift windows when no
shift step was recorded (``shift_recorded`` is then false). Travel km and cost are the cost
entries booked to the technician against the week's calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from console.db.models import Assignment, Call, CostEntry, ShiftWindow, Technician
from console.domain import CostKind
from reports.kpis import in_period
from reports.period import Period
from reports.shifts_worked import shifts_worked
from reports.sql import Dialect, num


@dataclass(frozen=True, slots=True)
class TechRow:
    id: int
    name: str
    jobs: int
    on_site_s: float
    shift_s: float
    travel_km: float
    response_mean_s: float | None
    rating_mean: float | None
    revenue_cents: float
    cost_cents: int
    shift_recorded: bool = False

    @property
    def utilization(self) -> float | None:
        return self.on_site_s / self.shift_s if self.shift_s else None


def crew_condition(period: Period) -> ColumnElement[bool]:
    """Assignments that put a technician on site for one of the week's calls."""
    return and_(
        in_period(period),
        Call.on_site_at.isnot(None),
        or_(Assignment.end_reason.is_(None), Assignment.end_reason.in_(["completed", "failed"])),
    )


def _jobs(session: Session, d: Dialect, period: Period) -> dict[int, tuple[Any, ...]]:
    crew = (
        select(Assignment.call_id.label("call_id"), func.count().label("n"))
        .join(Call, Call.id == Assignment.call_id)
        .where(crew_condition(period))
        .group_by(Assignment.call_id)
        .subquery()
    )
    on_site = d.seconds_between(Call.on_site_at, func.coalesce(Call.completed_at, Call.failed_at))
    rows = session.execute(
        select(
            Assignment.technician_id,
            func.count(func.distinct(Call.id)),
            func.sum(on_site),
            func.avg(d.seconds_between(Call.created_at, Call.on_site_at)),
            func.avg(Call.rating),
            func.sum(cast(Call.price_charged_cents, Float) / crew.c.n),
        )
        .join(Call, Call.id == Assignment.call_id)
        .join(crew, crew.c.call_id == Call.id)
        .where(crew_condition(period))
        .group_by(Assignment.technician_id)
    ).all()
    return {int(r[0]): tuple(r[1:]) for r in rows}


def _costs(session: Session, period: Period) -> dict[int, tuple[float, int]]:
    km = func.sum(case((CostEntry.kind == CostKind.TRAVEL.value, CostEntry.quantity), else_=0.0))
    rows = session.execute(
        select(CostEntry.technician_id, km, func.sum(CostEntry.amount_cents))
        .join(Call, Call.id == CostEntry.call_id)
        .where(in_period(period), CostEntry.technician_id.isnot(None))
        .group_by(CostEntry.technician_id)
    ).all()
    # Rounded so float summation order (it differs between databases) cannot flip a tie.
    return {int(r[0]): (round(num(r[1]) or 0.0, 6), int(r[2] or 0)) for r in rows}


def _shift_seconds(session: Session, d: Dialect) -> dict[int, float]:
    start, end = d.time_seconds(ShiftWindow.start), d.time_seconds(ShiftWindow.end)
    length = case((end <= start, end - start + 86400), else_=end - start)
    rows = session.execute(
        select(ShiftWindow.technician_id, func.sum(length)).group_by(ShiftWindow.technician_id)
    ).all()
    return {int(r[0]): float(r[1] or 0) for r in rows}


def week_technicians(
    session: Session, period: Period, until: datetime | None = None
) -> list[TechRow]:
    """Every technician with a shift or activity this week, busiest first. ``until`` (the
    report's generation time) ends a shift still open when the week is not over."""
    d = Dialect(session)
    jobs, costs, shifts = (
        _jobs(session, d, period),
        _costs(session, period),
        _shift_seconds(session, d),
    )
    worked = shifts_worked(session, period, until or period.end)
    ids = set(jobs) | set(costs) | set(shifts) | set(worked)
    names = dict(
        session.execute(
            select(Technician.id, Technician.name).where(
                or_(Technician.active.is_(True), Technician.id.in_(set(jobs) | set(costs)))
            )
        ).all()
    )
    rows = []
    for tech_id in ids & set(names):
        j = jobs.get(tech_id, (0, None, None, None, None))
        km, cost = costs.get(tech_id, (0.0, 0))
        rows.append(
            TechRow(
                id=tech_id,
                name=names[tech_id],
                jobs=int(j[0] or 0),
                on_site_s=num(j[1]) or 0.0,
                shift_s=worked[tech_id] if tech_id in worked else shifts.get(tech_id, 0.0),
                travel_km=km,
                response_mean_s=num(j[2]),
                rating_mean=num(j[3]),
                revenue_cents=num(j[4]) or 0.0,
                cost_cents=cost,
                shift_recorded=tech_id in worked,
            )
        )
    rows.sort(key=lambda r: (-r.jobs, -r.revenue_cents, r.name, r.id))
    return rows
