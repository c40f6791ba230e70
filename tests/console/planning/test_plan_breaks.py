"""Breaks: one outside a technician's available window must not sink the plan (VROOM refuses
the whole problem for it), and the plan's times include them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain import Priority
from console.planning import PlanCall, PlanTechnician, Problem, solve
from console.planning.breaks import advance, usable_breaks
from console.travel import GreatCircleTravel

NOW = datetime(2026, 1, 21, 22, 0, tzinfo=UTC)
TRAVEL = GreatCircleTravel(tz="UTC")  # 22:00 UTC: 36 km/h, detour 1.35, 3 min start-up
BASE = (31.20, 121.40)


def east(km: float) -> tuple[float, float]:
    return (BASE[0], BASE[1] + km / 1.35 / 95.2)


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def call(cid: int, km: float, minutes: float = 240, crew: int = 1) -> PlanCall:
    return PlanCall(
        cid, east(km), Priority.NORMAL, at(minutes), ("plumbing",), crew, service_minutes=30.0
    )


def plumber(tid: int, km: float, *breaks: tuple[float, float], **kw: object) -> PlanTechnician:
    spans = tuple((at(a), at(b)) for a, b in breaks)
    return PlanTechnician(tid, f"T{tid}", east(km), ("plumbing",), breaks=spans, **kw)  # type: ignore[arg-type]


def test_breaks_are_clipped_to_the_available_window_sorted_and_merged() -> None:
    # window [600, 20000]: over before 600 dropped; straddling 600 clipped; past the end
    # dropped; straddling the end clipped; overlapping and out of order merged
    raw = [
        (100, 200),
        (300, 600),
        (21000, 600),
        (19800, 600),
        (5000, 600),
        (3000, 600),
        (3300, 600),
    ]
    assert usable_breaks(raw, 600, 20000) == ((600, 300), (3000, 900), (5000, 600), (19800, 200))


def test_advance_puts_a_break_in_the_drive_or_before_the_service() -> None:
    # leave at 0, 600 s drive, 1800 s service: a break at 200 lengthens the drive (as VROOM
    # does); one at 1000 is taken on site before the service; one at 3000 is still ahead
    assert advance(0, 600, 0, 1800, ((200, 600),)) == (1200, 1200, ())
    assert advance(0, 600, 0, 1800, ((1000, 600),)) == (600, 1600, ())
    assert advance(0, 600, 0, 1800, ((3000, 600),)) == (600, 600, ((3000, 600),))


@pytest.mark.parametrize(
    "bad",
    [
        (-60, -30),  # over before now
        (10, 40),  # while the technician finishes the job in hand (free at 60)
        (500, 530),  # after the shift end (+ 30 min grace)
        (100, 300),  # runs past the shift end
    ],
)
def test_a_break_outside_the_available_window_does_not_sink_the_plan(
    bad: tuple[float, float],
) -> None:
    techs = (
        plumber(1, 0, bad, free_in_minutes=60, shift_end=at(200)),
        plumber(2, 5),
    )
    plan = solve(Problem(NOW, (call(10, 1), call(11, 6)), techs), travel=TRAVEL)
    assert plan.unserved == ()
    assert plan.served_ids() == {10, 11}


def test_a_break_during_the_drive_delays_the_eta() -> None:
    # 6 km = 13 min; a 20 min break from minute 5: on site at 33 min, still a 13 min drive
    plan = solve(Problem(NOW, (call(10, 6),), (plumber(1, 0, (5, 25)),)), travel=TRAVEL)
    (route,) = plan.routes
    (stop,) = route.stops
    assert abs((stop.eta - NOW).total_seconds() / 60 - 33) < 0.1
    assert abs(stop.travel_minutes - 13) < 0.1
    assert stop.depart - stop.eta == timedelta(minutes=30)


def test_a_technician_on_break_now_starts_after_it() -> None:
    # on break since 10 min ago, until minute 15: 1 km (4.7 min) after the break
    plan = solve(Problem(NOW, (call(10, 1),), (plumber(1, 0, (-10, 15)),)), travel=TRAVEL)
    (stop,) = plan.routes[0].stops
    assert abs((stop.eta - NOW).total_seconds() / 60 - (15 + 3 + 60 / 36)) < 0.1


def test_a_crew_still_starts_together_when_one_member_takes_a_break_on_the_way() -> None:
    # T1 next door, T2 4 km away (9.7 min) with a 15 min break from minute 2: the crew
    # meets when T2 arrives (24.7 min)
    techs = (plumber(1, 1), plumber(2, 5, (2, 17)))
    plan = solve(Problem(NOW, (call(10, 1, crew=2),), techs), travel=TRAVEL)
    times = sorted(s.eta for r in plan.routes for s in r.stops if s.call_id == 10)
    assert len(times) == 2 and times[1] - times[0] <= timedelta(minutes=10)
    assert abs((times[1] - NOW).total_seconds() / 60 - (15 + 3 + 4 * 60 / 36)) < 0.1
