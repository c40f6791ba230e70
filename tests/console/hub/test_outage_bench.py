"""``dispatch-console bench outage``: one JSON object with the figures, and no hub process
left behind, whether the run ends well or a hub misses its start deadline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.db.engine import Database
from console.hub.faults import HubProcess
from console.hub.outage_bench import main


def _hubs_on(port: int) -> list[int]:
    """Live (not zombie) ``dispatch-console hub`` processes started for ``port``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().split(") ", 1)[1][0]
        except (OSError, IndexError):
            continue
        if b"hub" in cmd and str(port).encode() in cmd and state != "Z":
            found.append(int(proc.name))
    return found


def test_a_hub_that_misses_its_start_deadline_is_stopped(db: Database) -> None:
    hub = HubProcess(db.url)
    with pytest.raises(TimeoutError):
        hub.start(timeout=0.05)  # a Python process cannot import the hub this fast
    assert hub.proc is None and _hubs_on(hub.port) == []


def test_bench_outage_prints_one_json_object_with_the_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--json", "--restarts", "1", "--between", "0.5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["restarts"] == 1 and out["commands_sent"] == out["commands_applied"] > 0
    assert (out["duplicates"], out["lost"], out["seq_gaps"]) == (0, 0, 0)
    assert len(out["recovery_s"]) == 1
