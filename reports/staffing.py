"""Who was at a desk and what the night really cost: desk hours by role (night 22:00-06:00
local against day), their cost at the plans file's ``[staffing]`` rates, training hours from
the training records, and every pricing plan's whole cost with these counted.

Desk time is read from ``user_sessions`` (one row per console sign-in): each row covers
``started_at`` to ``ended_at``, or to ``last_seen_at`` for a desk that dropped without
signing out, clipped to the week. One person's overlapping sign-ins (two desks) count their
common time once, and time the person spent in a recorded training night is paid at the
training rate instead of the desk rate. A role or rate missing from the plans file makes
that figure missing (None, printed as "missing"), never zero; so does a missing
``night_premium`` for every figure with night hours in it (0 % would understate them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.db.models import TrainingNight, UserSession
from reports.period import Period, is_night_hour
from reports.pricing import WEEKS_PER_MONTH, PlanCost

Span = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class RoleHours:
    role: str
    day_s: float
    night_s: float
    cost_cents: float | None  # None: no rate for this role

    @property
    def total_s(self) -> float:
        return self.day_s + self.night_s


@dataclass(frozen=True, slots=True)
class PlanWhole:
    """A plan's week with the people counted: platform fee + fixed software fees + desk
    staffing + training beyond what the plan includes (None when a rate is missing)."""

    key: str
    name: str
    platform_cents: float
    fixed_cents: float
    total_cents: float | None


@dataclass(frozen=True, slots=True)
class Staffing:
    sessions: int
    roles: list[RoleHours]
    missing: tuple[str, ...]  # what has no rate ("dispatcher", "training", ...)
    desk_cents: float | None
    night_cents: float | None
    day_cents: float | None
    dispatcher_hours: float
    calls_per_dispatcher_hour: float | None
    training_hours: float
    training_cents: float | None
    cost_per_job_cents: float | None  # operating cost + staffing + training, per completed job
    plans: list[PlanWhole]


def clip(span: Span, period: Period) -> Span | None:
    a, b = max(span[0], period.start), min(span[1], period.end)
    return (a, b) if b > a else None


def union(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in spans:
        pieces = [(a, b)]
        for ha, hb in holes:
            pieces = [
                p for x, y in pieces for p in ((x, min(y, ha)), (max(x, hb), y)) if p[1] > p[0]
            ]
        out += pieces
    return out


def split_night(span: Span, tz: ZoneInfo) -> tuple[float, float]:
    """(day seconds, night seconds) of a span, night being 22:00-06:00 local."""
    day = night = 0.0
    t, end = span
    while t < end:
        local = t.astimezone(tz)
        floor = local.replace(minute=0, second=0, microsecond=0)
        nxt = min(end, (floor + timedelta(hours=1)).astimezone(UTC))
        if nxt <= t:  # a repeated hour at a DST change
            nxt = min(end, t + timedelta(hours=1))
        seconds = (nxt - t).total_seconds()
        if is_night_hour(local.hour):
            night += seconds
        else:
            day += seconds
        t = nxt
    return day, night


def desk_spans(s: Session, period: Period) -> tuple[int, dict[tuple[int, str], list[Span]]]:
    """Console sessions overlapping the week: (rows, (user, role) -> clipped spans)."""
    until = func.coalesce(UserSession.ended_at, UserSession.last_seen_at)
    rows = s.execute(
        select(
            UserSession.user_id,
            UserSession.role,
            UserSession.started_at,
            UserSession.ended_at,
            UserSession.last_seen_at,
        ).where(
            UserSession.kind == "console",
            UserSession.started_at < period.end,
            until > period.start,
        )
    ).all()
    spans: dict[tuple[int, str], list[Span]] = {}
    for user_id, role, started, ended, seen in rows:
        span = clip((started, ended or seen), period)
        if span is not None:
            spans.setdefault((user_id, role), []).append(span)
    return len(rows), spans


def training_spans(s: Session, period: Period) -> dict[int, list[Span]]:
    rows = s.execute(
        select(
            TrainingNight.trainee_id, TrainingNight.wall_started_at, TrainingNight.wall_ended_at
        ).where(
            TrainingNight.wall_started_at < period.end,
            TrainingNight.wall_ended_at > period.start,
        )
    ).all()
    out: dict[int, list[Span]] = {}
    for user_id, a, b in rows:
        span = clip((a, b), period)
        if span is not None:
            out.setdefault(user_id, []).append(span)
    return {k: union(v) for k, v in out.items()}


def _rate(staffing: dict[str, Any], role: str) -> float | None:
    value = (staffing.get("hourly") or {}).get(role)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def _premium(staffing: dict[str, Any]) -> float | None:
    """The night premium (0.3: night hours cost 1.3 times the rate); None when missing."""
    value = staffing.get("night_premium")
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def role_hours(
    spans: dict[tuple[int, str], list[Span]],
    training: dict[int, list[Span]],
    tz: ZoneInfo,
    staffing: dict[str, Any],
) -> list[RoleHours]:
    premium = _premium(staffing)
    per_role: dict[str, list[float]] = {}
    for (user_id, role), mine in spans.items():
        for span in subtract(union(mine), training.get(user_id, [])):
            day, night = split_night(span, tz)
            acc = per_role.setdefault(role, [0.0, 0.0])
            acc[0] += day
            acc[1] += night
    out = []
    for role in sorted(per_role):
        day, night = per_role[role]
        rate = _rate(staffing, role)
        cost = None
        if rate is not None and (premium is not None or not night):
            cost = (day + night * (1 + (premium or 0.0))) / 3600 * rate * 100
        out.append(RoleHours(role, day, night, cost))
    return out


def collect_staffing(
    s: Session,
    period: Period,
    plans: dict[str, Any],
    *,
    calls: int,
    completed: int,
    operating_cents: int,
    plan_costs: list[PlanCost],
) -> Staffing:
    staffing: dict[str, Any] = plans.get("staffing") or {}
    n, spans = desk_spans(s, period)
    training = training_spans(s, period)
    roles = role_hours(spans, training, period.tz, staffing)
    missing = [r.role for r in roles if _rate(staffing, r.role) is None]
    premium = _premium(staffing)
    if premium is None:
        missing.append("night_premium")
    desk = None if any(r.cost_cents is None for r in roles) else sum(
        r.cost_cents or 0.0 for r in roles
    )
    night = day = None
    if not any(r.role in missing for r in roles):
        rates = {r.role: _rate(staffing, r.role) or 0.0 for r in roles}
        day = sum(r.day_s / 3600 * rates[r.role] * 100 for r in roles)
        if premium is not None:
            night = sum(r.night_s / 3600 * rates[r.role] * (1 + premium) * 100 for r in roles)
    disp = sum(r.total_s for r in roles if r.role == "dispatcher") / 3600
    train_h = sum((b - a).total_seconds() for v in training.values() for a, b in v) / 3600
    raw_rate = staffing.get("training_hour_rate")
    train_rate: float | None = None
    if isinstance(raw_rate, int | float) and not isinstance(raw_rate, bool):
        train_rate = float(raw_rate)
    else:
        missing.append("training")
    train_cents = None if train_rate is None else train_rate * train_h * 100
    per_job = None
    if desk is not None and train_cents is not None and completed:
        per_job = (operating_cents + desk + train_cents) / completed
    wholes = _plans(plan_costs, plans, desk, train_h, train_rate)
    return Staffing(
        n,
        roles,
        tuple(missing),
        desk,
        night,
        day,
        round(disp, 4),
        calls / disp if disp else None,
        round(train_h, 4),
        train_cents,
        per_job,
        wholes,
    )


def _plans(
    costs: list[PlanCost],
    plans: dict[str, Any],
    desk: float | None,
    training_h: float,
    train_rate: float | None,
) -> list[PlanWhole]:
    out = []
    for p in costs:
        section = plans.get(p.key) or {}
        fixed = float(section.get("fixed_monthly_fees", 0.0)) / WEEKS_PER_MONTH * 100
        included = float(section.get("training_hours_included_monthly", 0.0)) / WEEKS_PER_MONTH
        total = None
        if desk is not None and train_rate is not None:
            paid_training = max(0.0, training_h - included) * train_rate * 100
            total = p.cents + fixed + desk + paid_training
        out.append(PlanWhole(p.key, p.name, p.cents, fixed, total))
    return sorted(out, key=lambda w: (w.total_cents is None, w.total_cents or 0.0, w.key))
