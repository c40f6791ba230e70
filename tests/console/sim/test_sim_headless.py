"""Headless nights: repeatable byte for byte, through the real hub, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.cli import main
from console.db.engine import Database
from console.sim.headless import NotEmpty, run_headless
from console.sim.scenario import load_scenario
from tests.helpers.sim_support import small_scenario


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_same_scenario_and_seed_give_identical_event_logs(tmp_path: Path) -> None:
    scenario = load_scenario(small_scenario(tmp_path))
    logs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.jsonl"
        result = run_headless(scenario, 5, db_url=_url(tmp_path / f"{run}.sqlite3"), events_out=out)
        logs.append(out.read_bytes())
    assert logs[0] == logs[1]
    rows = [json.loads(line) for line in logs[0].decode().splitlines()]
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    types = {r["type"] for r in rows}
    assert {
        "call.created",
        "call.assigned",
        "call.status",
        "call.completed",
        "technician.status",
        "call.unassigned",
    } <= types  # incl. the van breakdown
    s = result.summary
    assert s.calls >= 15 and s.completed > 0 and s.events == len(rows)
    assert result.refused_actions == 0
    # every technician step came from a field app, every call from a channel or call-taker
    kinds = {r["payload"]["actor"]["kind"] for r in rows if r["type"] == "call.status"}
    assert kinds == {"technician"}
    other = run_headless(
        scenario, 6, db_url=_url(tmp_path / "c.sqlite3"), events_out=tmp_path / "c.jsonl"
    )
    assert (tmp_path / "c.jsonl").read_bytes() != logs[0] and other.summary.calls > 0


def test_simulate_command_prints_a_summary_into_a_fresh_demo_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_scenario(tmp_path)
    out = tmp_path / "night.jsonl"
    code = main(
        [
            "simulate",
            "--scenario",
            str(path),
            "--seed",
            "3",
            "--hours",
            "1",
            "--events-out",
            str(out),
        ]
    )
    text = capsys.readouterr().out
    assert code == 0, text
    for word in (
        "calls",
        "completed",
        "cancelled",
        "failed",
        "mean",
        "p90",
        "SLA met",
        "events:",
        "database: sqlite:///",
    ):
        assert word in text
    assert "/demo/" in text and out.stat().st_size > 0


def test_simulate_refuses_a_database_with_a_night_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_scenario(tmp_path)
    url = _url(tmp_path / "used.sqlite3")
    scenario = load_scenario(path).with_hours(0.25)
    run_headless(scenario, 1, db_url=url)
    with pytest.raises(NotEmpty):
        run_headless(scenario, 1, db_url=url)
    db = Database(url)
    db.dispose()
    assert main(["simulate", "--scenario", str(path), "--db", url, "--hours", "0.25"]) == 2
    assert "already has" in capsys.readouterr().out


def test_simulate_refuses_a_bad_scenario_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_scenario(tmp_path, '\n[[events]]\nkind = "outage"\nat = "25:00"\n')
    assert main(["simulate", "--scenario", str(path)]) == 2
    out = capsys.readouterr().out
    line = len((path.read_text()).splitlines())
    assert f"{path}:{line}: " in out and "not a valid time" in out
