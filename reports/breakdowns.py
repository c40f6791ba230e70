"""Load by local hour and weekday, by category and channel, and night against day.

Hour and weekday buckets are grouped in SQL per constant-offset segment of the week (one
segment unless the zone changes clocks that week) and the segments' buckets are summed.
Night (22:00-06:00 local, by the hour the call was received) and day figures are sums of
the 24 hourly SQL buckets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from console.db.models import Call
from console.domain import CallStatus
from reports.kpis import in_period
from reports.period import Period, is_night_hour, offset_segments
from reports.sql import Dialect, num


@dataclass(slots=True)
class Bucket:
    """Sums for one group of calls; rates and means derive from them."""

    calls: int = 0
    response_sum_s: float = 0.0
    on_site: int = 0
    sla_met: int = 0
    revenue_cents: int = 0
    orders: int = 0  # completed calls
    order_revenue_cents: int = 0

    def add(self, other: Bucket) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def response_mean_s(self) -> float | None:
        return self.response_sum_s / self.on_site if self.on_site else None

    @property
    def sla_rate(self) -> float | None:
        return self.sla_met / self.on_site if self.on_site else None


@dataclass(slots=True)
class Breakdowns:
    hours: list[Bucket] = field(default_factory=lambda: [Bucket() for _ in range(24)])
    weekdays: list[int] = field(default_factory=lambda: [0] * 7)
    categories: list[tuple[str, int]] = field(default_factory=list)
    channels: list[tuple[str, int]] = field(default_factory=list)

    def part(self, night: bool) -> Bucket:
        total = Bucket()
        for hour, bucket in enumerate(self.hours):
            if is_night_hour(hour) == night:
                total.add(bucket)
        return total


def _hourly(session: Session, d: Dialect, period: Period, offset: int) -> dict[int, Bucket]:
    hour = d.local_hour(Call.created_at, offset).label("hour")
    completed = Call.status == CallStatus.COMPLETED.value
    rows = session.execute(
        select(
            hour,
            func.count(Call.id),
            func.sum(d.seconds_between(Call.created_at, Call.on_site_at)),
            func.count(Call.on_site_at),
            func.sum(case((Call.on_site_at <= Call.sla_deadline, 1), else_=0)),
            func.sum(Call.price_charged_cents),
            func.sum(case((completed, 1), else_=0)),
            func.sum(case((completed, Call.price_charged_cents), else_=0)),
        )
        .where(in_period(period))
        .group_by(hour)
    ).all()
    return {
        int(r[0]): Bucket(
            r[1],
            num(r[2]) or 0.0,
            r[3],
            int(r[4] or 0),
            int(r[5] or 0),
            int(r[6] or 0),
            int(r[7] or 0),
        )
        for r in rows
    }


def _weekdays(session: Session, d: Dialect, period: Period, offset: int) -> dict[int, int]:
    day = d.local_weekday(Call.created_at, offset).label("day")
    rows = session.execute(
        select(day, func.count(Call.id)).where(in_period(period)).group_by(day)
    ).all()
    return {int(r[0]): int(r[1]) for r in rows}


def _counts(session: Session, period: Period, col: Any) -> list[tuple[str, int]]:
    n = func.count(Call.id)
    rows = session.execute(
        select(col, n).where(in_period(period)).group_by(col).order_by(n.desc(), col)
    ).all()
    return [(str(r[0]), int(r[1])) for r in rows]


def week_breakdowns(session: Session, period: Period) -> Breakdowns:
    d = Dialect(session)
    out = Breakdowns()
    for seg in offset_segments(period.start, period.end, period.tz):
        part = Period(seg.start, seg.end, period.tz, period.label)
        for hour, bucket in _hourly(session, d, part, seg.offset).items():
            out.hours[hour].add(bucket)
        for day, count in _weekdays(session, d, part, seg.offset).items():
            out.weekdays[day] += count
    out.categories = _counts(session, period, Call.category)
    out.channels = _counts(session, period, Call.channel)
    return out
