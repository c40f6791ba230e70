"""``bench plan`` runs and reports the keys the README and the targets use (small sizes
here; the targets are checked by running the bench itself, never in a timed test)."""

from __future__ import annotations

import json

import pytest

from console.cli import main


def test_bench_plan_reports_cold_warm_and_memory(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "plan", "--calls", "30", "--technicians", "12", "--repeats", "2",
                 "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["calls"] == 30 and out["technicians"] == 12
    assert set(out["solve_ms"]) >= {"p50", "p95"} and set(out["warm_solve_ms"]) >= {"p50", "p95"}
    assert out["peak_rss_mb"] > 0
    assert out["solve_cpu_ms"]["p50"] > 0 and isinstance(out["timed_out"], int)
    assert out["served"] + out["unserved"] == 30
