"""Figures for the shift handover: what happened from 18:00 to 08:00 local, and what is open.

- Received, completed, cancelled, failed: calls whose timestamp for that step falls in the
  window.
- SLA missed: the deadline fell in the window and nobody was on site by then (calls cancelled
  or failed before their deadline do not count).
- Open: calls received before the end of the window (08:00) and not yet completed, cancelled
  or failed then, oldest first, with the status they had then; a handover built during the
  night lists what is open at that moment instead. Printing it later changes nothing.
Lists are capped; totals come from COUNT queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from console.db.models import Call, Customer
from reports.kpis import in_period
from reports.lists import technician_names
from reports.period import Period

INCIDENT_LIMIT = 14
OPEN_LIMIT = 16


@dataclass(frozen=True, slots=True)
class Incident:
    at: datetime
    kind: str  # "breach" | "failed" | "cancelled"
    call_id: int
    category: str
    customer: str
    address: str
    technicians: str
    detail: str


@dataclass(frozen=True, slots=True)
class OpenCall:
    call_id: int
    created_at: datetime
    category: str
    priority: str
    status: str
    sla_deadline: datetime
    customer: str
    address: str
    technicians: str


@dataclass(frozen=True, slots=True)
class Overnight:
    received: int
    completed: int
    cancelled: int
    failed: int
    missed: int
    open_total: int
    incidents: list[Incident]
    open_calls: list[OpenCall]

    @property
    def incidents_more(self) -> int:
        return self.missed + self.failed + self.cancelled - len(self.incidents)

    @property
    def open_more(self) -> int:
        return self.open_total - len(self.open_calls)


def _missed(period: Period) -> ColumnElement[bool]:
    deadline = Call.sla_deadline
    return and_(
        in_period(period, deadline),
        or_(Call.on_site_at.is_(None), Call.on_site_at > deadline),
        or_(Call.cancelled_at.is_(None), Call.cancelled_at > deadline),
        or_(Call.failed_at.is_(None), Call.failed_at > deadline),
    )


def _count(session: Session, cond: ColumnElement[bool]) -> int:
    return int(session.execute(select(func.count(Call.id)).where(cond)).scalar() or 0)


def _incidents(session: Session, period: Period) -> list[Incident]:
    """The earliest INCIDENT_LIMIT of each kind, merged in time order and capped again."""
    kinds: tuple[tuple[str, Any, ColumnElement[bool], Any], ...] = (
        ("breach", Call.sla_deadline, _missed(period), Call.priority),
        ("failed", Call.failed_at, in_period(period, Call.failed_at), Call.failure_reason),
        ("cancelled", Call.cancelled_at, in_period(period, Call.cancelled_at), Call.cancel_reason),
    )
    found: list[Incident] = []
    for kind, at, cond, detail in kinds:
        rows = session.execute(
            select(at, Call.id, Call.category, Customer.name, Call.address, detail)
            .join(Customer, Customer.id == Call.customer_id)
            .where(cond)
            .order_by(at, Call.id)
            .limit(INCIDENT_LIMIT)
        ).all()
        found += [Incident(r[0], kind, r[1], r[2], r[3], r[4], "", r[5] or "") for r in rows]
    found = sorted(found, key=lambda i: (i.at, i.call_id))[:INCIDENT_LIMIT]
    names = technician_names(session, [i.call_id for i in found])
    return [replace(i, technicians=names.get(i.call_id, "")) for i in found]


def _open_at(at: datetime) -> ColumnElement[bool]:
    """Received by ``at`` and not finished by then (whatever happened after)."""
    return and_(
        Call.created_at <= at,
        *(or_(col.is_(None), col > at) for col in (
            Call.completed_at, Call.cancelled_at, Call.failed_at)),
    )


def _status_at(at: datetime, *steps: datetime | None) -> str:
    """The furthest step (assigned, accepted, en route, on site) reached by ``at``."""
    names = ("assigned", "accepted", "en_route", "on_site")
    reached = [n for n, when in zip(names, steps, strict=True) if when is not None and when <= at]
    return reached[-1] if reached else "new"


def _open(session: Session, at: datetime) -> tuple[int, list[OpenCall]]:
    cond = _open_at(at)
    rows = session.execute(
        select(
            Call.id,
            Call.created_at,
            Call.category,
            Call.priority,
            Call.assigned_at,
            Call.sla_deadline,
            Customer.name,
            Call.address,
            Call.accepted_at,
            Call.en_route_at,
            Call.on_site_at,
        )
        .join(Customer, Customer.id == Call.customer_id)
        .where(cond)
        .order_by(Call.created_at, Call.id)
        .limit(OPEN_LIMIT)
    ).all()
    names = technician_names(session, [r[0] for r in rows])
    calls = [
        OpenCall(r[0], r[1], r[2], r[3], _status_at(at, r[4], r[8], r[9], r[10]), r[5], r[6],
                 r[7], names.get(r[0], ""))
        for r in rows
    ]
    return _count(session, cond), calls


def overnight(session: Session, period: Period, *, as_of: datetime) -> Overnight:
    """The window's figures, and the calls open at ``as_of`` (the caller passes the end of
    the window, or the present moment when the night is not over yet)."""
    open_total, open_calls = _open(session, as_of)
    return Overnight(
        received=_count(session, in_period(period)),
        completed=_count(session, in_period(period, Call.completed_at)),
        cancelled=_count(session, in_period(period, Call.cancelled_at)),
        failed=_count(session, in_period(period, Call.failed_at)),
        missed=_count(session, _missed(period)),
        open_total=open_total,
        incidents=_incidents(session, period),
        open_calls=open_calls,
    )
