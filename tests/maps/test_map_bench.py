"""The map benchmark runs end to end (tiny sizes) and prints the JSON the CLI forwards."""

from __future__ import annotations

import json
from typing import Any

from maps import bench


def test_bench_prints_one_json_object(qapp: Any, capsys: Any) -> None:
    argv = ["--json", "--technicians", "80", "--calls", "40", "--changed-calls", "10"]
    assert bench.main([*argv, "--batches", "3", "--warmup", "1"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"page_ms", "bare_ms", "ratio", "page_roundtrip_ms", "bare_roundtrip_ms"} <= set(result)
    assert result["page_ms"] > 0 and result["bare_ms"] > 0
    assert result["ratio"] == round(result["page_ms"] / result["bare_ms"], 3)
