"""The planner on problems small enough to check by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from console.domain import Priority
from console.planning import PlanCall, PlanTechnician, Problem, solve
from console.travel import GreatCircleTravel

NOW = datetime(2026, 1, 21, 22, 0, tzinfo=UTC)
TRAVEL = GreatCircleTravel(tz="UTC")  # 22:00 UTC: 36 km/h, detour 1.35, 3 min start-up
BASE = (31.20, 121.40)


def east(km: float) -> tuple[float, float]:
    """A point ``km`` of road east of BASE (the model's detour factor taken out)."""
    return (BASE[0], BASE[1] + km / 1.35 / 95.2)


def call(cid: int, at: tuple[float, float] | None, minutes: float = 240, **kw: object) -> PlanCall:
    fields: dict[str, object] = {
        "priority": Priority.NORMAL,
        "skills": ("plumbing",),
        "service_minutes": 30.0,
    }
    fields.update(kw)
    return PlanCall(cid, at, deadline=NOW + timedelta(minutes=minutes), **fields)  # type: ignore[arg-type]


def tech(
    tid: int, at: tuple[float, float] | None, skills: tuple[str, ...] = ("plumbing",), **kw: object
) -> PlanTechnician:
    return PlanTechnician(tid, f"T{tid}", at, skills, **kw)  # type: ignore[arg-type]


def test_each_call_goes_to_the_nearest_technician_when_that_is_optimal() -> None:
    techs = (tech(1, east(0)), tech(2, east(20)))
    calls = (call(10, east(1)), call(11, east(19)))
    plan = solve(Problem(NOW, calls, techs), travel=TRAVEL)
    assert plan.technicians_for(10) == (1,)
    assert plan.technicians_for(11) == (2,)
    assert plan.unserved == ()
    assert plan.totals.on_time == 2
    assert plan.totals.km == 2.0  # 1 km each, the known optimum
    stop = plan.stop_for(1, 10)
    assert stop is not None
    # 1 km at 36 km/h (22:00) plus 3 min start-up
    assert abs(stop.travel_minutes - (3 + 60 / 36)) < 0.1


def test_one_technician_visits_a_line_of_calls_in_order() -> None:
    plan = solve(
        Problem(
            NOW, (call(12, east(3)), call(10, east(1)), call(11, east(2))), (tech(1, east(0)),)
        ),
        travel=TRAVEL,
    )
    (route,) = plan.routes
    assert [s.call_id for s in route.stops] == [10, 11, 12]
    assert route.km == 3.0
    assert route.stops[1].eta > route.stops[0].depart


def test_an_emergency_is_never_sacrificed_for_a_normal_call() -> None:
    # one technician, two calls 10 km apart in opposite directions, both due in 30 minutes:
    # only one can be reached in time; the emergency must be the one
    techs = (tech(1, east(0)),)
    calls = (
        call(10, east(-10), minutes=30, priority=Priority.NORMAL),
        call(11, east(10), minutes=30, priority=Priority.EMERGENCY),
    )
    plan = solve(Problem(NOW, calls, techs), travel=TRAVEL)
    first = plan.first_stops()[1]
    assert first.call_id == 11 and first.on_time
    normal = plan.stop_for(1, 10)
    assert normal is not None and not normal.on_time  # still planned, late, never dropped


def test_a_crew_arrives_within_ten_minutes_and_only_qualified_members_go() -> None:
    techs = (
        tech(1, east(0), ("heating",)),
        tech(2, east(12), ("heating", "plumbing")),
        tech(3, east(1), ("locksmith",)),
        tech(4, east(30), ("heating",)),
    )
    boiler = call(10, east(2), skills=("heating",), crew_size=2, service_minutes=110)
    plan = solve(Problem(NOW, (boiler,), techs), travel=TRAVEL)
    crew = set(plan.technicians_for(10))
    assert crew == {1, 2}  # the two nearest heating technicians
    etas = [s.eta for r in plan.routes for s in r.stops if s.call_id == 10]
    assert max(etas) - min(etas) <= timedelta(minutes=10)
    stop = plan.stop_for(1, 10)
    assert stop is not None and set(stop.crew) == {1, 2}
    assert plan.totals.served == 1  # a crew call counts once


def test_a_crew_larger_than_the_qualified_staff_is_reported() -> None:
    plan = solve(
        Problem(NOW, (call(10, east(1), crew_size=3),), (tech(1, east(0)), tech(2, east(1)))),
        travel=TRAVEL,
    )
    assert plan.routes == ()
    (u,) = plan.unserved
    assert u.code == "crew_short" and "crew of 3" in u.reason


def test_a_pin_keeps_the_dispatchers_choice_even_when_worse() -> None:
    techs = (tech(1, east(0)), tech(2, east(15)))
    pinned = call(10, east(1), assigned=(2,), pinned=True)
    plan = solve(Problem(NOW, (pinned, call(11, east(14))), techs), travel=TRAVEL)
    assert plan.technicians_for(10) == (2,)
    # the current assignments are scored beside the plan
    assert plan.current is not None and plan.current.served == 1


def test_bad_input_is_reported_never_dropped() -> None:
    techs = (tech(1, east(0)), tech(2, None))
    calls = (
        call(10, None),
        call(11, (40.0, 116.4)),  # Beijing: outside a Shanghai service area
        call(12, east(1), skills=("pest",)),
        call(13, east(2)),
    )
    problem = Problem(NOW, calls, techs, service_area=(30.7, 120.8, 31.9, 122.2))
    plan = solve(problem, travel=TRAVEL)
    codes = {u.call_id: u.code for u in plan.unserved}
    assert codes == {10: "no_location", 11: "outside_area", 12: "no_skill"}
    assert plan.technicians_for(13) == (1,)
    assert any("T2" in n and "no known position" in n for n in plan.notes)
    # every call is either planned or explained
    assert plan.served_ids() | set(codes) == {c.id for c in calls}


def test_zero_technicians_explains_every_call() -> None:
    plan = solve(Problem(NOW, (call(10, east(1)), call(11, east(2))), ()), travel=TRAVEL)
    assert [u.code for u in plan.unserved] == ["no_technicians", "no_technicians"]
    assert "no technician is on duty" in plan.notes


def test_a_technician_busy_nearby_beats_a_free_one_far_away() -> None:
    techs = (tech(1, east(0), free_in_minutes=10), tech(2, east(30)))
    plan = solve(Problem(NOW, (call(10, east(1), minutes=60),), techs), travel=TRAVEL)
    assert plan.technicians_for(10) == (1,)


def test_a_warm_start_gives_the_same_answer() -> None:
    problem = Problem(
        NOW, (call(10, east(1)), call(11, east(19))), (tech(1, east(0)), tech(2, east(20)))
    )
    cold = solve(problem, travel=TRAVEL)
    warm = solve(
        replace(problem, calls=(*problem.calls, call(12, east(2)))), travel=TRAVEL, previous=cold
    )
    assert warm.technicians_for(10) == (1,) and warm.technicians_for(12) == (1,)


def test_shift_end_is_respected_and_overtime_reported() -> None:
    t = tech(1, east(0), shift_end=NOW + timedelta(minutes=20))
    plan = solve(Problem(NOW, (call(10, east(1), service_minutes=30),), (t,)), travel=TRAVEL)
    (route,) = plan.routes
    assert 0 < route.overtime_minutes <= 30  # within the grace, and reported


def test_the_safety_margin_prefers_a_sure_arrival_to_a_short_drive() -> None:
    # a call due in 100 min; T1 free, 12 km away (23 min); T2 next door but busy for an
    # hour (on site at 65 min). Without a margin the shorter drive wins; planning to be on
    # site with half the time to spare sends T1; with a quarter (75 min) T2 still fits.
    techs = (tech(1, east(12)), tech(2, east(0), free_in_minutes=60))
    calls = (call(10, east(1), minutes=100),)
    for share, who in ((0.0, 2), (0.25, 2), (0.5, 1)):
        plan = solve(Problem(NOW, calls, techs, safety_share=share), travel=TRAVEL)
        assert plan.technicians_for(10) == (who,), share


def test_a_call_only_reachable_without_the_margin_is_still_planned_on_time() -> None:
    # only the busy neighbour (on site at 65 min, past the half-margin target of 50 min but
    # before the deadline): planned against the deadline, on time, at its own priority
    busy = tech(2, east(0), free_in_minutes=60)
    plan = solve(
        Problem(NOW, (call(10, east(1), minutes=100),), (busy,), safety_share=0.5), travel=TRAVEL
    )
    stop = plan.stop_for(2, 10)
    assert stop is not None and stop.on_time and plan.unserved == ()
