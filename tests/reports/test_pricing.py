"""Pricing plans: the arithmetic of each plan, and a bad plans file explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.errors import ReportError
from reports.pricing import Usage, graduated, load_plans, plan_costs


def test_bundled_plans_priced_by_hand() -> None:
    usage = Usage(orders=5, revenue_cents=135000, night_orders=3, night_revenue_cents=70000)
    costs = {p.key: round(p.cents) for p in plan_costs(usage, load_plans())}
    assert costs == {
        "commission": 17200,  # 1350 * 12% + 5 * 2
        "subscription": 876923,  # 38000 * 12 / 52
        "tiered": 142962,  # (6000 + 5 * 52/12 * 9) * 12 / 52
        "night_package": 215892,  # 9000 * 12/52 + 650 * 12% + 2 * 2
    }
    assert plan_costs(usage, load_plans())[0].key == "commission"


def test_graduated_tiers() -> None:
    tiers = [
        {"up_to": 2000, "per_order": 9.0},
        {"up_to": 8000, "per_order": 6.0},
        {"per_order": 4.0},
    ]
    assert graduated(0, tiers) == 0
    assert graduated(1500, tiers) == 13500
    assert graduated(10000, tiers) == 2000 * 9 + 6000 * 6 + 2000 * 4


def test_override_file_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "plans.toml"
    good.write_text(
        "[commission]\nrate = 0\nper_order_fee = 0\n"
        "[subscription]\nmonthly_fee = 1\n"
        "[tiered]\nmonthly_base = 0\ntiers = [{per_order = 0}]\n"
        "[night_package]\nmonthly_fee = 0\nday_rate = 0\nday_per_order_fee = 0\n"
    )
    usage = Usage(orders=100, revenue_cents=10**6, night_orders=50, night_revenue_cents=5 * 10**5)
    assert plan_costs(usage, load_plans(good))[-1].key == "subscription"
    for body, reason in [
        ("not toml [", "is not valid TOML"),
        ("[commission]\nrate = 1\nper_order_fee = 1\n", "has no [subscription] table"),
        (
            good.read_text().replace(
                "tiers = [{per_order = 0}]", "tiers = [{up_to = 5, per_order = 1}]"
            ),
            "the last tier must have no up_to",
        ),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(body)
        with pytest.raises(ReportError, match=reason.replace("[", r"\[")):
            load_plans(bad)
