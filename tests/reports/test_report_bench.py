"""The report benchmark runs end to end on a small week and prints one JSON object."""

from __future__ import annotations

import json

import pytest

from reports.bench import main


def test_bench_report_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--calls", "600", "--technicians", "20", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip())
    assert result["calls"] >= 600 and result["pages"] >= 2
    assert result["seconds"] > 0 and 20 < result["peak_rss_mb"] < 1000  # reported, not timed
