"""``evaluate`` on a tiny night with crew calls: both engines dispatch the same calls, the
table has every measure, and the planner's crews arrive together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.cli import main

TINY = """
name = "tiny_crews"
timezone = "Asia/Shanghai"
date = "2026-01-21"
start = "22:00"
hours = 1.5

[technicians]
count = 8
second_skill_share = 0.5
start_spread_minutes = 0
skills = { plumbing = 4, heating = 4 }

[calls]
cancel_share = 0.0
fail_share = 0.0
rating_share = 0.0

[calls.crews]
boiler_failure = { share = 1.0, size = 2 }

[calls.rate_by_hour]
"22" = 8
"23" = 8

[calls.categories]
boiler_failure = 1
leak = 2

[calls.priorities]
emergency = 1
urgent = 1
normal = 1

[calls.channels]
phone = 1
app = 1
"""


def test_evaluate_compares_both_engines_on_the_same_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(TINY, encoding="utf-8")
    code = main(["evaluate", "--scenario", str(scenario), "--seeds", "1", "--engine", "both",
                 "--jobs", "1", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    rows = {r["engine"]: r for r in out["table"]}
    assert set(rows) == {"recommend", "planner"}
    for r in rows.values():
        for key in ("sla_met_pct", "mean_response_min", "p90_response_min", "late_by_priority",
                    "km_per_completed", "overtime_minutes", "crew_spread_max_min",
                    "crew_within_10min_share"):
            assert key in r
        assert r["sla_decided"] > 0
    assert rows["recommend"]["calls"] == rows["planner"]["calls"]  # the same night's calls
    planner = rows["planner"]
    assert planner["crew_calls"] >= 1
    assert planner["crew_spread_max_min"] is not None
    share = planner["crew_within_10min_share"]
    assert share == pytest.approx(planner["crew_within_10_min"] / planner["crew_calls"], abs=1e-3)


def test_evaluate_refuses_an_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--scenario", "no_such_night"]) == 2
    assert "no scenario named" in capsys.readouterr().out
