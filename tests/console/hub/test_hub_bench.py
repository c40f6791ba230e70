"""The capacity benchmark runs end to end at a small size and reports every figure."""

from __future__ import annotations

import json

import pytest

from console.cli import main


def test_bench_hub_reports_latency_saturation_and_memory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["bench", "hub", "--technicians", "30", "--seconds", "1.5",
                 "--saturation-seconds", "1", "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    lat = result["latency_ms"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["p99"] < 5_000
    assert result["samples"] > 30 and result["errors"] == 0
    assert result["max_fixes_per_s"] > 100 and result["bare_msgs_per_s"] > 100
    assert 0 < result["ratio"] == pytest.approx(
        result["max_fixes_per_s"] / result["bare_msgs_per_s"], abs=0.01)
    assert result["peak_rss_mb"] > 10
    hub = result["hub"]
    assert hub["accepted"] == hub["written"] > 0  # every accepted fix reached the track
    # the load-independent figures (issue 20): nothing lost, CPU per fix, loop lag in load
    assert result["fixes_lost"] == 0
    assert result["fixes_in_track"] == result["fixes_accepted"] == hub["accepted"]
    assert result["cpu_ms_per_1000_fixes"] > 0 and result["hub_cpu_s_load"] >= 0
    assert result["loop_lag_p99_ms"] is not None and result["loop_lag_p99_ms"] >= 0
    assert result["loop"] == "uvloop" and result["codec"] == "orjson"  # the test extra
    assert set(hub["phases"]) == {"load", "after_load", "saturation"}
    assert "hubs" not in result  # one hub: the per-hub list is for --hubs 2
