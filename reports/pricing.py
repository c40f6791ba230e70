"""What the week's platform fees would have been under each pricing plan.

Plan parameters live in ``resources/pricing/plans.toml`` (``--plans FILE`` overrides it).
Orders are the week's completed calls; night orders are those received 22:00-06:00 local.
Monthly amounts are prorated to a week as ``monthly * 12 / 52``; the tiered plan projects the
week's orders to a month the same way (``orders * 52 / 12``), prices the month on graduated
tiers and prorates the result back.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from reports.errors import ReportError

WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True, slots=True)
class Usage:
    orders: int
    revenue_cents: int
    night_orders: int
    night_revenue_cents: int


@dataclass(frozen=True, slots=True)
class PlanCost:
    key: str
    name: str
    cents: float


def load_plans(path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Read and check the plans file; a bad file is a ReportError naming what is wrong."""
    source = Path(path) if path else files("resources") / "pricing" / "plans.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"plans file {source} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"plans file {source} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReportError(f"plans file {source} is not valid TOML: {exc}") from None
    required = {
        "commission": ("rate", "per_order_fee"),
        "subscription": ("monthly_fee",),
        "tiered": ("monthly_base", "tiers"),
        "night_package": ("monthly_fee", "day_rate", "day_per_order_fee"),
    }
    for plan, keys in required.items():
        section = data.get(plan)
        if not isinstance(section, dict):
            raise ReportError(f"plans file {source} has no [{plan}] table")
        for key in keys:
            value = section.get(key)
            ok = (
                isinstance(value, list)
                if key == "tiers"
                else (isinstance(value, int | float) and not isinstance(value, bool) and value >= 0)
            )
            if not ok:
                raise ReportError(f"plans file {source}: [{plan}] {key} is missing or invalid")
    _check_tiers(data["tiered"]["tiers"], source)
    _check_staffing(data, source)
    return data


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _check_staffing(data: dict[str, Any], source: object) -> None:
    """``[staffing]`` and the plans' staffing keys are optional; present, they must be
    non-negative numbers (a missing rate or ``night_premium`` is reported as missing by
    ``reports.staffing``, never taken as 0; a wrong one is refused here)."""
    for plan in ("commission", "subscription", "tiered", "night_package"):
        for key in ("fixed_monthly_fees", "training_hours_included_monthly"):
            if key in data[plan] and not _number(data[plan][key]):
                raise ReportError(f"plans file {source}: [{plan}] {key} must be a number >= 0")
    staffing = data.get("staffing")
    if staffing is None:
        return
    if not isinstance(staffing, dict) or not isinstance(staffing.get("hourly", {}), dict):
        raise ReportError(f"plans file {source}: [staffing] and [staffing.hourly] must be tables")
    for key in ("night_premium", "training_hour_rate"):
        if key in staffing and not _number(staffing[key]):
            raise ReportError(f"plans file {source}: [staffing] {key} must be a number >= 0")
    for role, rate in staffing.get("hourly", {}).items():
        if not _number(rate):
            raise ReportError(f"plans file {source}: [staffing.hourly] {role} must be >= 0")


def _check_tiers(tiers: list[Any], source: object) -> None:
    last = 0.0
    for i, tier in enumerate(tiers):
        if not isinstance(tier, dict) or not isinstance(tier.get("per_order"), int | float):
            raise ReportError(f"plans file {source}: tier {i + 1} needs a per_order number")
        up_to = tier.get("up_to")
        if up_to is None and i != len(tiers) - 1:
            raise ReportError(f"plans file {source}: only the last tier may omit up_to")
        if up_to is not None and (not isinstance(up_to, int | float) or up_to <= last):
            raise ReportError(f"plans file {source}: tier {i + 1} up_to must increase")
        last = float(up_to) if up_to is not None else last
    if not tiers or tiers[-1].get("up_to") is not None:
        raise ReportError(f"plans file {source}: the last tier must have no up_to")


def graduated(orders: float, tiers: list[dict[str, Any]]) -> float:
    """Currency units for ``orders`` priced tier by tier."""
    total, floor = 0.0, 0.0
    for tier in tiers:
        cap = float(tier.get("up_to", float("inf")))
        in_tier = max(0.0, min(orders, cap) - floor)
        total += in_tier * float(tier["per_order"])
        floor = cap
    return total


def plan_costs(usage: Usage, plans: dict[str, dict[str, Any]]) -> list[PlanCost]:
    """Each plan's weekly cost in cents, cheapest first."""
    c, s, t, n = (plans[k] for k in ("commission", "subscription", "tiered", "night_package"))
    revenue = usage.revenue_cents / 100
    day_orders = usage.orders - usage.night_orders
    day_revenue = (usage.revenue_cents - usage.night_revenue_cents) / 100
    monthly_orders = usage.orders * WEEKS_PER_MONTH
    costs = {
        "commission": revenue * c["rate"] + usage.orders * c["per_order_fee"],
        "subscription": s["monthly_fee"] / WEEKS_PER_MONTH,
        "tiered": (t["monthly_base"] + graduated(monthly_orders, t["tiers"])) / WEEKS_PER_MONTH,
        "night_package": n["monthly_fee"] / WEEKS_PER_MONTH
        + day_revenue * n["day_rate"]
        + day_orders * n["day_per_order_fee"],
    }
    out = [PlanCost(k, str(plans[k].get("name", k)), v * 100) for k, v in costs.items()]
    return sorted(out, key=lambda p: (p.cents, p.key))
