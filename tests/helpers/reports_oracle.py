"""The weekly figures recomputed in plain Python from raw rows, independently of reports/.

It loads every row with the ORM and works with Python datetimes and zoneinfo only, so a
wrong SQL expression, offset or boundary in reports/ shows up as a mismatch.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Assignment, Call, CostEntry, ShiftWindow, Technician


@dataclass
class Rows:
    calls: list[Call]
    assignments: list[Assignment]
    costs: list[CostEntry]
    shifts: list[ShiftWindow]
    techs: list[Technician]


def load(db: Database) -> Rows:
    with db.reading() as s:
        return Rows(
            *(
                list(s.execute(select(m)).scalars())
                for m in (Call, Assignment, CostEntry, ShiftWindow, Technician)
            )
        )


def secs(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds()


def mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def p90(xs: list[float]) -> float | None:
    if not xs:
        return None
    v = sorted(xs)
    pos = 0.9 * (len(v) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def week_calls(rows: Rows, start: datetime, end: datetime) -> list[Call]:
    return [c for c in rows.calls if start <= c.created_at < end]


def kpis(rows: Rows, start: datetime, end: datetime) -> dict[str, Any]:
    calls = week_calls(rows, start, end)
    ids = {c.id for c in calls}
    arrived = [c for c in calls if c.on_site_at is not None]
    revisited = {c.revisit_of_id for c in rows.calls if c.revisit_of_id is not None}
    originals = [
        c for c in calls if c.revisit_of_id is None and c.status in ("completed", "failed")
    ]
    rated = [c.rating for c in calls if c.rating is not None]
    return {
        "calls": len(calls),
        "completed": sum(c.status == "completed" for c in calls),
        "cancelled": sum(c.status == "cancelled" for c in calls),
        "failed": sum(c.status == "failed" for c in calls),
        "response_mean_s": mean([secs(c.created_at, c.on_site_at) for c in arrived]),
        "response_p90_s": p90([secs(c.created_at, c.on_site_at) for c in arrived]),
        "assign_mean_s": mean(
            [secs(c.created_at, c.assigned_at) for c in calls if c.assigned_at is not None]
        ),
        "on_site": len(arrived),
        "sla_met": sum(c.on_site_at <= c.sla_deadline for c in arrived),
        "ftf_fixed": sum(c.status == "completed" and c.id not in revisited for c in originals),
        "ftf_outcomes": len(originals),
        "rating_mean": mean([float(r) for r in rated]),
        "rated": len(rated),
        "revenue_cents": sum(c.price_charged_cents or 0 for c in calls),
        "cost_cents": sum(e.amount_cents for e in rows.costs if e.call_id in ids),
    }


def local_hour(at: datetime, tz: ZoneInfo) -> int:
    return at.astimezone(tz).hour


def hours(rows: Rows, start: datetime, end: datetime, tz: ZoneInfo) -> list[dict[str, Any]]:
    out = [
        {"calls": 0, "resp": [], "sla": 0, "rev": 0, "orders": 0, "order_rev": 0} for _ in range(24)
    ]
    for c in week_calls(rows, start, end):
        b = out[local_hour(c.created_at, tz)]
        b["calls"] += 1
        b["rev"] += c.price_charged_cents or 0
        if c.on_site_at is not None:
            b["resp"].append(secs(c.created_at, c.on_site_at))
            b["sla"] += c.on_site_at <= c.sla_deadline
        if c.status == "completed":
            b["orders"] += 1
            b["order_rev"] += c.price_charged_cents or 0
    return out


def weekdays(rows: Rows, start: datetime, end: datetime, tz: ZoneInfo) -> list[int]:
    counts = [0] * 7
    for c in week_calls(rows, start, end):
        counts[c.created_at.astimezone(tz).weekday()] += 1
    return counts


def grouped(rows: Rows, start: datetime, end: datetime, attr: str) -> dict[str, int]:
    return dict(Counter(getattr(c, attr) for c in week_calls(rows, start, end)))


def costs_by_kind(rows: Rows, start: datetime, end: datetime) -> dict[str, int]:
    ids = {c.id for c in week_calls(rows, start, end)}
    out: dict[str, int] = defaultdict(int)
    for e in rows.costs:
        if e.call_id in ids:
            out[e.kind] += e.amount_cents
    return dict(out)


def technicians(rows: Rows, start: datetime, end: datetime) -> dict[int, dict[str, Any]]:
    calls = {c.id: c for c in week_calls(rows, start, end) if c.on_site_at is not None}
    crew: dict[int, list[int]] = defaultdict(list)
    for a in rows.assignments:
        if a.call_id in calls and a.end_reason in (None, "completed", "failed"):
            crew[a.call_id].append(a.technician_id)
    out: dict[int, dict[str, Any]] = {}
    for t in rows.techs:
        mine = [calls[cid] for cid, members in crew.items() if t.id in members]
        on_site = [
            secs(c.on_site_at, c.completed_at or c.failed_at)
            for c in mine
            if (c.completed_at or c.failed_at) is not None
        ]
        ratings = [float(c.rating) for c in mine if c.rating is not None]
        shift = 0.0
        for w in rows.shifts:
            if w.technician_id == t.id:
                s = w.start.hour * 3600 + w.start.minute * 60 + w.start.second
                e = w.end.hour * 3600 + w.end.minute * 60 + w.end.second
                shift += e - s + (86400 if e <= s else 0)
        entries = [
            e
            for e in rows.costs
            if e.technician_id == t.id
            and start <= next(c for c in rows.calls if c.id == e.call_id).created_at < end
        ]
        out[t.id] = {
            "jobs": len(mine),
            "on_site_s": sum(on_site),
            "shift_s": shift,
            "travel_km": sum(e.quantity for e in entries if e.kind == "travel"),
            "response_mean_s": mean([secs(c.created_at, c.on_site_at) for c in mine]),
            "rating_mean": mean(ratings),
            "revenue_cents": sum((c.price_charged_cents or 0) / len(crew[c.id]) for c in mine),
            "cost_cents": sum(e.amount_cents for e in entries),
        }
    return out


def overnight(rows: Rows, start: datetime, end: datetime) -> dict[str, int]:
    def inside(at: datetime | None) -> bool:
        return at is not None and start <= at < end

    def before(at: datetime | None, limit: datetime) -> bool:
        return at is not None and at <= limit

    return {
        "received": sum(inside(c.created_at) for c in rows.calls),
        "completed": sum(inside(c.completed_at) for c in rows.calls),
        "cancelled": sum(inside(c.cancelled_at) for c in rows.calls),
        "failed": sum(inside(c.failed_at) for c in rows.calls),
        "missed": sum(
            inside(c.sla_deadline)
            and not before(c.on_site_at, c.sla_deadline)
            and not before(c.cancelled_at, c.sla_deadline)
            and not before(c.failed_at, c.sla_deadline)
            for c in rows.calls
        ),
        "open_total": sum(c.status not in ("completed", "cancelled", "failed") for c in rows.calls),
    }
