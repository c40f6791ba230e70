"""``dispatch-console bench ui --json`` runs a real window and reports lag, rate and memory."""

from __future__ import annotations

import json

from ui import bench


def test_bench_ui_prints_its_figures_as_json(qapp, capsys) -> None:
    code = bench.main(
        [
            "--json",
            "--technicians",
            "300",
            "--calls",
            "150",
            "--seconds",
            "1.5",
            "--rate",
            "100",
            "--fixes",
            "300",
            "--no-map",
        ]
    )
    result = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and result["ok"] == (code == 0)
    assert result["bench"] == "ui" and result["technicians"] == 300
    assert result["events"] > 0 and result["events_per_s"] > 0
    lag = result["lag_ms"]
    assert lag["samples"] > 0 and 0 <= lag["p50"] <= lag["p95"] <= lag["p99"] <= lag["max"]
    assert result["peak_rss_mb"] > 50
    # the snapshot is built off the UI thread: the UI part is within the total
    assert 0 < result["snapshot_apply_ms"] <= result["snapshot_total_ms"]
    cpu = result["cpu"]
    assert cpu["console_s"] <= cpu["ui_thread_s"] and cpu["console_ms_per_event"] > 0
    assert result["per_second"]["board_resets"] == 0 == result["per_second"]["queue_resets"]
    # a header click and a search keystroke on both lists were timed (figures, not targets)
    assert set(result["interaction_ms"]) == {"queue_sort", "queue_filter", "board_sort",
                                             "board_filter"}


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == 51.0 or bench.percentile(values, 50) == 50.0
    assert bench.percentile(values, 99) == 99.0
    assert bench.percentile([], 99) == 0.0


def test_bad_arguments_are_refused(capsys) -> None:
    import pytest

    with pytest.raises(SystemExit):
        bench.main(["--seconds", "0"])
    assert "--seconds must be positive" in capsys.readouterr().err
