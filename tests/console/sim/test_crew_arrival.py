"""Crews arrive together: a member who would be on site well before the rest of the crew is
told when to leave (the simulated field app holds them), so the crew's arrivals fall within
10 minutes of each other. A night of crew calls only, dispatched by the recommendation
engine (no solver: quick and repeatable)."""

from __future__ import annotations

from pathlib import Path

from console.sim.headless import run_headless
from console.sim.scenario import parse_scenario

CREWS_ONLY = """
name = "crews_only"
timezone = "Asia/Shanghai"
date = "2026-01-21"
start = "22:00"
hours = 1

[technicians]
count = 10
second_skill_share = 1.0
start_spread_minutes = 0
skills = { plumbing = 1, heating = 1 }

[calls]
cancel_share = 0.0
fail_share = 0.0
rating_share = 0.0

[calls.crews]
boiler_failure = { share = 1.0, size = 2 }
burst_pipe = { share = 1.0, size = 3 }

[calls.rate_by_hour]
"22" = 6

[calls.categories]
boiler_failure = 1
burst_pipe = 1

[calls.priorities]
emergency = 1
urgent = 1
normal = 1

[calls.channels]
phone = 1
"""


def test_crew_members_arrive_within_ten_minutes_of_each_other(tmp_path: Path) -> None:
    scenario = parse_scenario(CREWS_ONLY, "crews_only")
    night = run_headless(scenario, 3, db_url=f"sqlite:///{tmp_path / 'night.sqlite3'}")
    assert len(night.crew_spreads) >= 3
    assert max(night.crew_spreads) <= 10, night.crew_spreads
