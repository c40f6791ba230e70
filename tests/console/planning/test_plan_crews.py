"""Crews on problems small enough to check by hand: a crew goes to the solver whole or not at
all; an emergency crew left out is placed at the end of the routes, an urgent or normal one
is reported; members start together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.domain import Priority
from console.planning import Plan, PlanCall, PlanTechnician, Problem, solve
from console.travel import GreatCircleTravel

NOW = datetime(2026, 1, 21, 22, 0, tzinfo=UTC)
TRAVEL = GreatCircleTravel(tz="UTC")  # 22:00 UTC: 36 km/h, detour 1.35, 3 min start-up
BASE = (31.20, 121.40)
SPREAD = timedelta(minutes=10)


def east(km: float) -> tuple[float, float]:
    """A point ``km`` of road east of BASE (the model's detour factor taken out)."""
    return (BASE[0], BASE[1] + km / 1.35 / 95.2)


def drive(km: float) -> float:
    """Minutes for ``km`` of road at 22:00: 3 min start-up, 36 km/h."""
    return 3 + km * 60 / 36


def call(cid: int, km: float, minutes: float, priority: Priority, crew: int = 1) -> PlanCall:
    return PlanCall(
        cid,
        east(km),
        priority,
        NOW + timedelta(minutes=minutes),
        skills=("plumbing",),
        crew_size=crew,
        service_minutes=45.0,
    )


def tech(tid: int, km: float, **kw: float) -> PlanTechnician:
    return PlanTechnician(tid, f"T{tid}", east(km), ("plumbing",), **kw)  # type: ignore[arg-type]


def etas(plan: Plan, call_id: int) -> list[datetime]:
    return sorted(s.eta for r in plan.routes for s in r.stops if s.call_id == call_id)


def test_an_emergency_crew_left_out_meets_at_the_end_of_the_routes() -> None:
    # two plumbers; two emergency crew calls needing both, and a normal call next to each
    # plumber. Each plumber joins one crew per solve, so crew 10 goes to the solver and
    # crew 11 is left out; being an emergency, it is placed after the routes, not dropped.
    techs = (tech(1, 0), tech(2, 1))
    calls = (
        call(10, 2, 60, Priority.EMERGENCY, crew=2),
        call(11, 3, 180, Priority.EMERGENCY, crew=2),
        call(20, 0.2, 90, Priority.NORMAL),
        call(21, 1.2, 90, Priority.NORMAL),
    )
    plan = solve(Problem(NOW, calls, techs), travel=TRAVEL)
    assert plan.unserved == ()
    for crew_call in (10, 11):
        assert set(plan.technicians_for(crew_call)) == {1, 2}
        times = etas(plan, crew_call)
        assert times[-1] - times[0] <= SPREAD
        assert all(s.on_time for r in plan.routes for s in r.stops if s.call_id == crew_call)
    for r in plan.routes:
        stops = [s.call_id for s in r.stops]
        assert stops[0] == 10 and stops[-1] == 11 and len(stops) == 3
    # T2 (1 km away) waits for T1 (2 km away): they meet when T1 arrives, 6.3 min
    assert abs((etas(plan, 10)[0] - NOW).total_seconds() / 60 - drive(2)) < 0.1
    # crew 11 meets when T2 gets there: from crew 10 (2 km) to call 20 (0.2 km), 45 min on
    # site, then 2.8 km on; T1, done sooner at call 21, waits, and the two start together
    meet = drive(2) + 45 + drive(1.8) + 45 + drive(2.8)
    assert [round((t - NOW).total_seconds() / 60, 1) for t in etas(plan, 11)] == [
        round(meet, 1)
    ] * 2


def test_crew_members_start_within_ten_minutes_whoever_is_late() -> None:
    # T1 free next door, T2 busy for 20 min 4 km away, T3 free 6 km away: the crew of three
    # meets when T2 arrives (20 + 9.7 min); the others wait, so all start together
    techs = (tech(1, 1), tech(2, 5, free_in_minutes=20), tech(3, 7))
    plan = solve(Problem(NOW, (call(10, 1, 120, Priority.URGENT, crew=3),), techs), travel=TRAVEL)
    times = etas(plan, 10)
    assert len(times) == 3 and times[-1] - times[0] <= SPREAD
    assert abs((times[-1] - NOW).total_seconds() / 60 - (20 + drive(4))) < 0.1


def test_a_normal_crew_whose_members_are_taken_is_reported_not_placed() -> None:
    # the same two plumbers for two normal crews: the first (sooner to meet) is planned,
    # the second waits for the next plan, with its reason; only emergencies are placed late
    techs = (tech(1, 0), tech(2, 1))
    calls = (
        call(10, 2, 240, Priority.NORMAL, crew=2),
        call(11, 4, 240, Priority.NORMAL, crew=2),
    )
    plan = solve(Problem(NOW, calls, techs), travel=TRAVEL)
    assert set(plan.technicians_for(10)) == {1, 2}
    (u,) = plan.unserved
    assert u.call_id == 11 and u.code == "crew_short" and "free now" in u.reason


def test_emergency_crews_that_share_members_are_chained() -> None:
    techs = (tech(1, 0), tech(2, 1))
    calls = (
        call(10, 2, 240, Priority.EMERGENCY, crew=2),
        call(11, 4, 240, Priority.EMERGENCY, crew=2),
    )
    plan = solve(Problem(NOW, calls, techs), travel=TRAVEL)
    assert plan.unserved == ()
    for r in plan.routes:
        assert [s.call_id for s in r.stops] == [10, 11]
    for crew_call in (10, 11):
        times = etas(plan, crew_call)
        assert len(times) == 2 and times[-1] - times[0] <= SPREAD
    # after crew 10 (6.3 + 45 min) both drive the 2 km on together
    assert abs((etas(plan, 11)[0] - NOW).total_seconds() / 60 - (drive(2) + 45 + drive(2))) < 0.1


def test_a_crew_that_cannot_meet_within_the_shifts_is_reported() -> None:
    # the second plumber's shift (with its 30 min grace) ends before the job could finish
    techs = (
        tech(1, 0),
        PlanTechnician(2, "T2", east(1), ("plumbing",), shift_end=NOW + timedelta(minutes=5)),
    )
    plan = solve(Problem(NOW, (call(10, 2, 60, Priority.EMERGENCY, crew=2),), techs), travel=TRAVEL)
    (u,) = plan.unserved
    assert u.code == "crew_short" and "crew of 2" in u.reason
