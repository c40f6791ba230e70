"""A small scenario for fast simulator tests (few technicians, one busy hour)."""

from __future__ import annotations

from pathlib import Path

SMALL = """
name = "small_test_night"
description = "Eight technicians, one busy hour, a van breakdown."
timezone = "Asia/Shanghai"
date = "2026-03-10"
start = "21:00"
hours = 1.5

[technicians]
count = 8
start_spread_minutes = 0
skills = { plumbing = 3, locksmith = 2, electrical = 2, heating = 1 }

[calls]
cancel_share = 0.1
fail_share = 0.15
rating_share = 0.7

[calls.rate_by_hour]
"21" = 16
"22" = 10

[calls.categories]
lockout = 3
leak = 3
burst_pipe = 2
power_outage = 2

[calls.priorities]
emergency = 1
urgent = 2
normal = 2

[calls.channels]
phone = 2
app = 1
mini_program = 1
web = 1
partner_api = 1

[[events]]
kind = "van_breakdown"
at = "21:20"
duration_minutes = 15
"""


def small_scenario(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL + extra, encoding="utf-8")
    return path
