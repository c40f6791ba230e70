"""A small simulated night on a SQLite file, and its replay timeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from console.replay import Timeline, load_night, night_range, open_read_only
from console.sim.headless import run_headless
from console.sim.scenario import load_scenario
from tests.helpers.sim_support import small_scenario

TZ = "Asia/Shanghai"
NIGHT = date(2026, 3, 10)  # small_scenario's night


def simulated_night(tmp: Path, *, hours: float = 1.0, seed: int = 5) -> str:
    url = f"sqlite:///{tmp / 'replay-night.sqlite3'}"
    scenario = load_scenario(small_scenario(tmp)).with_hours(hours)
    run_headless(scenario, seed, db_url=url, fix_seconds=20.0)
    return url


def timeline_of(url: str) -> Timeline:
    db = open_read_only(url)
    try:
        return Timeline(load_night(db, *night_range(NIGHT, TZ), TZ), every=20)
    finally:
        db.dispose()
