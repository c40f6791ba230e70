"""Headline figures for one week, each an SQL aggregate over the calls received that week.

Definitions (printed in the report):
- The week's calls are those *received* (created) in it; outcomes are their status now.
- Response time: created -> on site, over calls that reached on site.
- Time to assign: created -> assigned, over calls with a current assignment time.
- SLA compliance: on site at or before the SLA deadline, among calls that reached on site.
- First-time fix: an original call (not itself a revisit) that was completed and has no
  revisit call pointing at it, over original calls that were completed or failed.
- Revenue: charged prices; cost: every cost entry booked against the week's calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from console.db.models import Assignment, Call, CostEntry
from console.domain import CallStatus
from console.services.policy import AUTO_ACTOR
from reports.period import Period
from reports.sql import Dialect, num


@dataclass(frozen=True, slots=True)
class Kpis:
    calls: int
    completed: int
    cancelled: int
    failed: int
    response_mean_s: float | None
    response_p90_s: float | None
    assign_mean_s: float | None
    on_site: int
    sla_met: int
    ftf_fixed: int
    ftf_outcomes: int
    rating_mean: float | None
    rated: int
    revenue_cents: int
    cost_cents: int
    auto_assigned: int = 0  # assignments made by auto-dispatch under a policy

    @property
    def sla_rate(self) -> float | None:
        return self.sla_met / self.on_site if self.on_site else None

    @property
    def sla_breaches(self) -> int:
        return self.on_site - self.sla_met

    @property
    def ftf_rate(self) -> float | None:
        return self.ftf_fixed / self.ftf_outcomes if self.ftf_outcomes else None

    @property
    def margin_cents(self) -> int:
        return self.revenue_cents - self.cost_cents


def in_period(period: Period, col: Any = Call.created_at) -> ColumnElement[bool]:
    """``col`` in [start, end): the bound values go through the column's UTC type."""
    return and_(col >= period.start, col < period.end)


def _status(value: CallStatus) -> ColumnElement[Any]:
    return func.sum(case((Call.status == value.value, 1), else_=0))


def week_kpis(session: Session, period: Period) -> Kpis:
    d = Dialect(session)
    week = in_period(period)
    response = d.seconds_between(Call.created_at, Call.on_site_at)
    row = session.execute(
        select(
            func.count(Call.id),
            _status(CallStatus.COMPLETED),
            _status(CallStatus.CANCELLED),
            _status(CallStatus.FAILED),
            func.avg(response),
            func.avg(d.seconds_between(Call.created_at, Call.assigned_at)),
            func.count(Call.on_site_at),
            func.sum(case((Call.on_site_at <= Call.sla_deadline, 1), else_=0)),
            func.avg(Call.rating),
            func.count(Call.rating),
            func.sum(Call.price_charged_cents),
        ).where(week)
    ).one()
    cost = session.execute(
        select(func.sum(CostEntry.amount_cents))
        .join(Call, Call.id == CostEntry.call_id)
        .where(week)
    ).scalar()
    fixed, outcomes = _first_time_fix(session, period)
    auto = session.execute(
        select(func.count(Assignment.id)).where(
            Assignment.assigned_by == AUTO_ACTOR.label,
            in_period(period, Assignment.assigned_at),
        )
    ).scalar()
    return Kpis(
        calls=row[0],
        completed=int(row[1] or 0),
        cancelled=int(row[2] or 0),
        failed=int(row[3] or 0),
        response_mean_s=num(row[4]),
        response_p90_s=d.p90(session, response, week),
        assign_mean_s=num(row[5]),
        on_site=row[6],
        sla_met=int(row[7] or 0),
        ftf_fixed=fixed,
        ftf_outcomes=outcomes,
        rating_mean=num(row[8]),
        rated=row[9],
        revenue_cents=int(row[10] or 0),
        cost_cents=int(cost or 0),
        auto_assigned=int(auto or 0),
    )


def _first_time_fix(session: Session, period: Period) -> tuple[int, int]:
    # NOT IN (subquery) is evaluated once into a hashed/ephemeral index on both databases;
    # a correlated NOT EXISTS would scan calls per row (revisit_of_id has no index).
    revisit = aliased(Call)
    revisited = select(revisit.revisit_of_id).where(revisit.revisit_of_id.isnot(None))
    fixed = and_(Call.status == CallStatus.COMPLETED.value, Call.id.notin_(revisited))
    row = session.execute(
        select(func.sum(case((fixed, 1), else_=0)), func.count(Call.id)).where(
            in_period(period),
            Call.revisit_of_id.is_(None),
            Call.status.in_([CallStatus.COMPLETED.value, CallStatus.FAILED.value]),
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def costs_by_kind(session: Session, period: Period) -> dict[str, int]:
    """Cost cents per kind (travel, labor, parts, platform_fee) for the week's calls."""
    rows = session.execute(
        select(CostEntry.kind, func.sum(CostEntry.amount_cents))
        .join(Call, Call.id == CostEntry.call_id)
        .where(in_period(period))
        .group_by(CostEntry.kind)
    ).all()
    return {kind: int(total or 0) for kind, total in rows}
