"""Gather every figure of the weekly report in one read-only unit of work.

The renderer gets plain frozen values, never a session. Progress is reported per query
stage so a window can show a progress bar; this runs fine on a worker thread (the Database's
read sessions are per call).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import Setting
from console.services import privacy
from console.timezone import CENTER_TZ
from reports.breakdowns import Breakdowns, week_breakdowns
from reports.errors import ReportError
from reports.kpis import Kpis, costs_by_kind, week_kpis
from reports.lists import Capped, lowest_ratings, sla_breaches
from reports.period import Period, is_night_hour, previous_week
from reports.pricing import PlanCost, Usage, load_plans, plan_costs
from reports.staffing import Staffing, collect_staffing
from reports.technicians import TechRow, week_technicians

Progress = Callable[[float, str], None]
LIST_LIMIT = 25

DEFAULT_CENTER = "Night Dispatch Console"
DEFAULT_TZ = CENTER_TZ
TZ_SETTINGS = ("timezone", "time_zone")


@dataclass(frozen=True, slots=True)
class Center:
    name: str
    currency: str


@dataclass(frozen=True, slots=True)
class WeeklyData:
    center: Center
    period: Period
    previous: Period
    generated_at: datetime
    kpis: Kpis
    prev_kpis: Kpis
    breakdowns: Breakdowns
    technicians: list[TechRow]
    costs: dict[str, int]
    plans: list[PlanCost]
    usage: Usage
    breaches: Capped
    low_ratings: Capped
    staffing: Staffing | None = None
    staffing_premium: float = 0.0  # the night premium of the plans file's [staffing]


def _noop(_fraction: float, _stage: str) -> None:
    return None


def check_schema(db: Database) -> None:
    """Refuse an unmigrated or unreachable database with a reason."""
    try:
        insp = inspect(db.read_engine)
        missing = {"calls", "technicians", "cost_entries"} - set(insp.get_table_names())
    except SQLAlchemyError as exc:
        raise ReportError(f"cannot read the database: {str(exc).splitlines()[0]}") from None
    if missing:
        raise ReportError(
            "the database has no dispatch tables (empty or not migrated); "
            "run `dispatch-console db upgrade` and load data first"
        )
    if privacy.is_synthetic(db):  # the one marker a demo night's database carries
        raise ReportError(
            "this is a demo night's database, not the live one: reports read the live "
            "database (training nights are recorded there)"
        )


def center_settings(session: Session) -> Center:
    values = dict(session.execute(select(Setting.key, Setting.value)).all())
    return Center(values.get("center_name", DEFAULT_CENTER), values.get("currency", "¥"))


def setting(db: Database, key: str) -> str | None:
    with db.reading() as session:
        row = session.get(Setting, key)
        return row.value if row else None


def center_time_zone(db: Database, default: str = DEFAULT_TZ) -> str:
    """The center's zone from its settings (``timezone``, as seed-demo writes it)."""
    for key in TZ_SETTINGS:
        try:
            value = setting(db, key)
        except SQLAlchemyError:
            return default  # unmigrated: the schema check reports it
        if value:
            return value
    return default


def _usage(b: Breakdowns) -> Usage:
    night = [h for h in range(24) if is_night_hour(h)]
    return Usage(
        orders=sum(x.orders for x in b.hours),
        revenue_cents=sum(x.order_revenue_cents for x in b.hours),
        night_orders=sum(b.hours[h].orders for h in night),
        night_revenue_cents=sum(b.hours[h].order_revenue_cents for h in night),
    )


def collect_weekly(
    db: Database,
    period: Period,
    *,
    plans_file: str | Path | None = None,
    progress: Progress | None = None,
) -> WeeklyData:
    step = progress or _noop
    plans: dict[str, Any] = load_plans(plans_file)
    check_schema(db)
    prev = previous_week(period)
    with db.reading() as s:
        step(0.02, "settings")
        center = center_settings(s)
        step(0.05, "kpis")
        kpis, prev_kpis = week_kpis(s, period), week_kpis(s, prev)
        step(0.2, "breakdowns")
        breakdowns = week_breakdowns(s, period)
        step(0.35, "technicians")
        techs = week_technicians(s, period, until=db.now())
        step(0.5, "costs")
        costs = costs_by_kind(s, period)
        step(0.55, "lists")
        breaches, low = sla_breaches(s, period, LIST_LIMIT), lowest_ratings(s, period, LIST_LIMIT)
        usage = _usage(breakdowns)
        costs_by_plan = plan_costs(usage, plans)
        step(0.58, "staffing")
        staffing = collect_staffing(
            s,
            period,
            plans,
            calls=kpis.calls,
            completed=kpis.completed,
            operating_cents=kpis.cost_cents,
            plan_costs=costs_by_plan,
        )
    step(0.6, "queries done")
    return WeeklyData(
        center,
        period,
        prev,
        db.now(),
        kpis,
        prev_kpis,
        breakdowns,
        techs,
        costs,
        costs_by_plan,
        usage,
        breaches,
        low,
        staffing,
        float((plans.get("staffing") or {}).get("night_premium", 0.0) or 0.0),
    )
