"""What a plan says when the solver runs out of time or fails, and why a late stop is late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.domain import CallStatus, CallView, Channel, Priority
from console.planning import PlanCall, PlanTechnician, Problem, solve
from console.planning.diff import plan_diff
from console.travel import GreatCircleTravel

NOW = datetime(2026, 1, 21, 22, 0, tzinfo=UTC)
TRAVEL = GreatCircleTravel(tz="UTC")  # 22:00 UTC: 36 km/h, detour 1.35, 3 min start-up
BASE = (31.20, 121.40)


def east(km: float) -> tuple[float, float]:
    return (BASE[0], BASE[1] + km / 1.35 / 95.2)


def call(cid: int, km: float, minutes: float = 240, **kw: object) -> PlanCall:
    fields: dict[str, object] = {"skills": ("plumbing",), "service_minutes": 30.0}
    fields.update(kw)
    priority = fields.pop("priority", Priority.NORMAL)
    return PlanCall(cid, east(km), priority, NOW + timedelta(minutes=minutes), **fields)  # type: ignore[arg-type]


def techs() -> tuple[PlanTechnician, ...]:
    return (
        PlanTechnician(1, "T1", east(0), ("plumbing",)),
        PlanTechnician(2, "T2", east(1), ("plumbing",)),
    )


def test_calls_the_solver_had_no_time_for_say_so_and_crews_are_still_placed() -> None:
    crew = call(12, 2, 60, priority=Priority.EMERGENCY, crew_size=2)
    problem = Problem(NOW, (call(10, 1), call(11, 3), crew), techs(), time_limit_s=0.0)
    plan = solve(problem, travel=TRAVEL)
    assert plan.timed_out
    reasons = {u.call_id: u for u in plan.unserved}
    assert set(reasons) == {10, 11}
    assert all(u.code == "timeout" and "time limit" in u.reason for u in reasons.values())
    # the emergency crew the solver never placed meets at the end of the (empty) routes
    assert set(plan.technicians_for(12)) == {1, 2}


def test_a_solver_failure_is_reported_per_call_never_raised() -> None:
    # a negative remaining job time (bad input from a feed) gives VROOM a time window
    # before zero, which it refuses: every call the solver was to plan says so
    broken = (PlanTechnician(1, "T1", east(0), ("plumbing",), free_in_minutes=-10),)
    plan = solve(Problem(NOW, (call(10, 1), call(11, 3)), broken), travel=TRAVEL)
    assert {u.call_id: u.code for u in plan.unserved} == {10: "solver_failed", 11: "solver_failed"}
    assert all("the solver failed" in u.reason for u in plan.unserved)
    assert not plan.timed_out and plan.routes == ()


def test_a_late_stop_says_why() -> None:
    # one plumber: an emergency and a normal call both due in 20 min, 8 km apart in
    # opposite directions. The emergency goes first; the normal call is late because the
    # plumber is needed first. A call 30 km away is late because nobody can be on time.
    only = (PlanTechnician(1, "T1", east(0), ("plumbing",)),)
    calls = (
        call(10, 4, 20, priority=Priority.EMERGENCY),
        call(11, -4, 20, priority=Priority.NORMAL),
        call(12, 30, 20, priority=Priority.URGENT),
    )
    plan = solve(Problem(NOW, calls, only), travel=TRAVEL)
    stops = {s.call_id: s for r in plan.routes for s in r.stops}
    assert stops[10].on_time and stops[10].late_reason == ""
    assert not stops[11].on_time and "needed for calls that come first" in stops[11].late_reason
    assert not stops[12].on_time
    assert "no qualified technician can be there by the deadline" in stops[12].late_reason


def test_the_diff_carries_the_late_reason() -> None:
    only = (PlanTechnician(1, "T1", east(0), ("plumbing",)),)
    plan = solve(Problem(NOW, (call(12, 30, 20),), only), travel=TRAVEL)
    row = CallView(
        12,
        1,
        "C",
        "",
        "",
        "",
        *east(30),
        "leak",
        ("plumbing",),
        Priority.NORMAL,
        Channel.PHONE,
        CallStatus.NEW,
        NOW,
        NOW + timedelta(minutes=20),
        1,
        1,
    )
    (change,) = plan_diff(plan, {12: row})
    assert "min late (no qualified technician can be there by the deadline)" in change.reason
