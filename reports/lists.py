"""Row lists for the weekly report: SLA breaches and the lowest ratings, each capped.

Only the first ``limit`` rows are fetched (ORDER BY ... LIMIT); the total comes from a COUNT,
so the report can say "and K more" without loading every row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.db.models import Assignment, Call, Customer, Technician
from reports.kpis import in_period
from reports.period import Period
from reports.sql import Dialect

LOW_RATING = 3  # ratings at or below this are listed


@dataclass(frozen=True, slots=True)
class CallRow:
    id: int
    created_at: datetime
    category: str
    priority: str
    customer: str
    address: str
    technicians: str
    late_s: float | None = None
    rating: int | None = None
    feedback: str = ""


@dataclass(frozen=True, slots=True)
class Capped:
    rows: list[CallRow]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def technician_names(session: Session, call_ids: Iterable[int]) -> dict[int, str]:
    """Names of the technicians last sent to each call (active or ending with the call)."""
    ids = list(call_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Assignment.call_id, Technician.name)
        .join(Technician, Technician.id == Assignment.technician_id)
        .where(
            Assignment.call_id.in_(ids),
            Assignment.end_reason.is_(None)
            | Assignment.end_reason.in_(["completed", "failed", "cancelled"]),
        )
        .order_by(Assignment.call_id, Assignment.id)
    ).all()
    names: dict[int, list[str]] = defaultdict(list)
    for call_id, name in rows:
        names[call_id].append(name)
    return {k: ", ".join(v) for k, v in names.items()}


def sla_breaches(session: Session, period: Period, limit: int) -> Capped:
    """Calls that reached on site after their deadline, latest first."""
    d = Dialect(session)
    late = d.seconds_between(Call.sla_deadline, Call.on_site_at)
    cond = (in_period(period), Call.on_site_at > Call.sla_deadline)
    total = session.execute(select(func.count(Call.id)).where(*cond)).scalar() or 0
    rows = session.execute(
        select(
            Call.id,
            Call.created_at,
            Call.category,
            Call.priority,
            Customer.name,
            Call.address,
            late,
        )
        .join(Customer, Customer.id == Call.customer_id)
        .where(*cond)
        .order_by(late.desc(), Call.id)
        .limit(limit)
    ).all()
    techs = technician_names(session, [r[0] for r in rows])
    return Capped(
        [
            CallRow(r[0], r[1], r[2], r[3], r[4], r[5], techs.get(r[0], ""), late_s=float(r[6]))
            for r in rows
        ],
        int(total),
    )


def lowest_ratings(session: Session, period: Period, limit: int) -> Capped:
    """Ratings of LOW_RATING or less, lowest first, with the customer's words."""
    cond = (in_period(period), Call.rating <= LOW_RATING)
    total = session.execute(select(func.count(Call.id)).where(*cond)).scalar() or 0
    rows = session.execute(
        select(
            Call.id,
            Call.created_at,
            Call.category,
            Call.priority,
            Customer.name,
            Call.address,
            Call.rating,
            Call.feedback,
        )
        .join(Customer, Customer.id == Call.customer_id)
        .where(*cond)
        .order_by(Call.rating, Call.id)
        .limit(limit)
    ).all()
    techs = technician_names(session, [r[0] for r in rows])
    return Capped(
        [
            CallRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                techs.get(r[0], ""),
                rating=r[6],
                feedback=r[7] or "",
            )
            for r in rows
        ],
        int(total),
    )
