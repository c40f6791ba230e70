"""Scenario files: the shipped ones load; a broken one is refused naming file, line, problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.sim.plan import build_plan
from console.sim.scenario import ScenarioError, available, load_scenario, parse_scenario

GOOD = (Path(__file__).parents[3] / "resources/scenarios/quiet_weeknight.toml").read_text()


def test_shipped_scenarios_load_and_plan() -> None:
    assert {"quiet_weeknight", "winter_freeze", "holiday_peak", "hub_outage_drill"} <= set(
        available()
    )
    for name in available():
        scenario = load_scenario(name)
        plan = build_plan(scenario, 1)
        assert plan.calls and len(plan.technicians) == scenario.technicians.count
    quiet = build_plan(load_scenario("quiet_weeknight"), 1)
    assert 150 <= len(quiet.calls) <= 300
    freeze = build_plan(load_scenario("winter_freeze"), 1)
    share = sum(c.category == "burst_pipe" for c in freeze.calls) / len(freeze.calls)
    assert share > 0.25  # the surge is in the plan


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    s = load_scenario("quiet_weeknight")
    assert build_plan(s, 7) == build_plan(s, 7)
    assert build_plan(s, 7).calls != build_plan(s, 8).calls


def _refused(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "night.toml")
    return info.value


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_toml_syntax_error_names_file_and_line() -> None:
    broken = GOOD.replace("hours = 10", "hours = = 10")
    err = _refused(broken)
    assert err.file == "night.toml" and err.line == _line_of(broken, "hours = = 10")
    assert "not valid TOML" in err.problem
    assert str(err).startswith(f"night.toml:{err.line}: ")


@pytest.mark.parametrize(
    ("old", "new", "needle", "problem"),
    [
        ("lockout = 17", "lockout = -1", "lockout = -1", "must be between 0"),
        ("pests = 2", "termites = 2", "termites = 2", "'termites' is not one of"),
        ('"23" = 22', '"23" = "many"', '"23" = "many"', "must be a number"),
        ("count = 40", "count = 4.5", "count = 4.5", "whole number"),
        ('start = "19:00"', 'start = "7pm"', 'start = "7pm"', "HH:MM"),
        (
            "skills = { plumbing = 40,",
            "skills = { plumbing = 40, juggling = 1,",
            "juggling",
            "'juggling' is not one of",
        ),
        ('"02" = 10\n', "", "[calls.rate_by_hour]", "no rate for hour 02"),
        ("[calls]\n", "[calls]\nsurprise = 1\n", "surprise = 1", "unknown key 'surprise'"),
    ],
)
def test_schema_errors_point_at_the_offending_line(
    old: str, new: str, needle: str, problem: str
) -> None:
    assert old in GOOD
    broken = GOOD.replace(old, new, 1)
    err = _refused(broken)
    assert problem in err.problem
    assert err.line == _line_of(broken, needle), err


def test_event_errors_point_into_the_right_events_table() -> None:
    text = GOOD + '\n[[events]]\nkind = "outage"\nat = "20:00"\n\n[[events]]\nkind = "meteor"\n'
    err = _refused(text)
    assert "'meteor'" in err.problem and err.line == _line_of(text, 'kind = "meteor"')
    late = GOOD + '\n[[events]]\nkind = "outage"\nat = "06:30"\n'
    err = _refused(late)
    assert "after the night ends" in err.problem and err.line == _line_of(late, '"06:30"')


def test_load_by_path_and_unknown_name(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace("hours = 10", "hours = 30"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(path) in str(info.value) and ":7: " in str(info.value)
    with pytest.raises(ScenarioError, match="quiet_weeknight"):
        load_scenario("no_such_night")


def test_tonight_starts_on_the_given_local_date() -> None:
    from datetime import date

    tonight = parse_scenario(GOOD.replace('date = "2026-03-10"', 'date = "tonight"'), "t.toml")
    start = tonight.start_at(date(2026, 12, 24))
    assert start.isoformat() == "2026-12-24T19:00:00+08:00"
    assert tonight.date is None
