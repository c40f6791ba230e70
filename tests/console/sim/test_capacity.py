"""``bench capacity`` at a tiny scale: a scaled night runs through the real hub and the
report has every figure, judged against its budget in words."""

from __future__ import annotations

import json

import pytest

from console.cli import main
from console.sim.capacity import scale, verdicts
from console.sim.scenario import load_scenario


def test_scaling_multiplies_technicians_and_calls_per_hour() -> None:
    base = load_scenario("holiday_peak")
    big = scale(base, 5, hours=2)
    assert big.technicians.count == base.technicians.count * 5
    assert big.calls.rate_by_hour[20] == base.calls.rate_by_hour[20] * 5
    assert big.hours == 2 and scale(base, 1, hours=99).hours == base.hours


def test_verdicts_say_the_headroom_or_that_it_does_not_hold() -> None:
    figures = {"commit_p95_ms": 40.0, "position_p95_ms": 300.0, "cores_busy": 0.5,
               "cpu_count": 2, "peak_rss_mb": 200.0, "memory_total_mb": 4000}
    v = verdicts(figures)
    assert v["commit"]["words"] == (
        "holds: event commit p95 40 ms of a 500 ms budget (12.5x headroom)")
    assert not v["positions"]["holds"]
    assert v["positions"]["words"].startswith("DOES NOT HOLD: position fix to console p95 300")
    assert v["cpu"]["holds"] and v["memory"]["holds"]
    assert not verdicts({**figures, "commit_p95_ms": None})["commit"]["holds"]


def test_bench_capacity_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "capacity", "--scale", "0.2", "--hours", "0.2", "--speed", "60",
                 "--json"])
    assert code == 0
    r = json.loads(capsys.readouterr().out)
    assert r["scenario"] == "holiday_peak" and r["technicians"] == 10
    assert r["position_samples"] > 20 and r["position_p95_ms"] > 0
    assert r["cpu_s"] > 0 and r["peak_rss_mb"] > 10 and r["wall_s"] > 0
    assert set(r["verdicts"]) == {"commit", "positions", "cpu", "memory"}
    assert r["holds"] == all(v["holds"] for v in r["verdicts"].values())
    assert all(v["words"] for v in r["verdicts"].values())
    assert isinstance(r["machine_busy"], bool)
