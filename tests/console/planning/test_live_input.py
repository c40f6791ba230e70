"""The planner's live input (console.planning.live): what the console and the hub plan from.
Rows are written by the real services and read back as the hub's snapshot; the plan is the
real solver's. A call outside the service area and a technician with no position fix reach
the plan's reasons and notes; a pin kept in the database keeps its call where it is."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from console.client import Snapshot
from console.db.engine import Database
from console.domain import Position, TechnicianView
from console.errors import IllegalTransition
from console.geo.service_bounds import area_file, service_bounds
from console.hub.snapshot import build_snapshot
from console.planning.live import build_problem, solve
from console.services import assign_call, reassign_call, set_technician_status
from console.services.actors import SYSTEM, Actor
from console.services.pins import pin_call, unpin_call
from tests.helpers.hub_support import make_center, new_call

ANN = Actor("user", 1, "Ann", "dispatcher")
TZ = "Asia/Shanghai"
NEAR, FAR = (31.201, 121.451), (31.5, 121.9)  # the calls are at (31.2, 121.45)


def _views(db: Database) -> Snapshot:
    return Snapshot.from_wire(build_snapshot(db, timedelta(hours=24), {}))


def _on_duty(db: Database, tech_ids: list[int]) -> None:
    for t in tech_ids:
        set_technician_status(db, actor=SYSTEM, technician_id=t, status="available")


def _placed(techs: list[TechnicianView], where: list[tuple[float, float]]) -> list[TechnicianView]:
    """The views as the hub sends them once each phone has sent a fix."""
    return [replace(t, position=Position(*p)) for t, p in zip(techs, where, strict=True)]


def test_the_service_area_is_the_shipped_city_until_one_is_imported() -> None:
    assert area_file().name == "shanghai_districts.geojson"
    south, west, north, east = service_bounds() or (0, 0, 0, 0)
    assert south < 31.2 < north and west < 121.45 < east
    assert service_bounds("/nonexistent/area.geojson") is None  # unreadable: no area check


def test_a_call_outside_the_service_area_is_reported_not_planned(db: Database) -> None:
    center = make_center(db, technicians=1)
    _on_duty(db, center.tech_ids)
    inside = new_call(db)
    beijing = new_call(db, phone="13900002222", lat=39.9, lon=116.4)
    snap = _views(db)
    problem = build_problem(
        snap.calls.values(),
        _placed(list(snap.technicians.values()), [NEAR]),
        now=db.now(),
        tz=TZ,
        service_area=service_bounds(),
    )
    plan = solve(problem)
    assert plan.technicians_for(inside) == (center.tech_ids[0],)
    why = plan.unserved_reason(beijing)
    assert why is not None and why.code == "outside_area"
    assert plan.notes == ()  # every technician had a fix


def test_a_technician_with_no_fix_is_planned_from_home_base_with_a_note(db: Database) -> None:
    center = make_center(db, technicians=2)
    _on_duty(db, center.tech_ids)
    call_id = new_call(db)
    snap = _views(db)
    first, second = sorted(snap.technicians.values(), key=lambda t: t.id)
    assert first.position is None  # no phone has sent a fix yet
    techs = [first, *_placed([second], [FAR])]
    problem = build_problem(snap.calls.values(), techs, now=db.now(), tz=TZ)
    plan = solve(problem)
    assert plan.notes == (
        f"Tech 0 (#{first.id}) has no position fix yet: planned from home base (Xuhui)",
    )
    assert plan.technicians_for(call_id) == (first.id,)  # home base (Xuhui) is close by


def test_a_pinned_call_stays_with_its_technician_until_unpinned(db: Database) -> None:
    center = make_center(db, technicians=2)
    _on_duty(db, center.tech_ids)
    far, near = center.tech_ids
    call_id = new_call(db)
    assign_call(db, actor=ANN, call_id=call_id, technician_id=far)

    def planned() -> tuple[int, ...]:
        snap = _views(db)
        techs = sorted(snap.technicians.values(), key=lambda t: t.id)
        problem = build_problem(
            snap.calls.values(), _placed(techs, [FAR, NEAR]), now=db.now(), tz=TZ
        )
        assert problem.calls[0].pinned == snap.calls[call_id].pinned
        return solve(problem).technicians_for(call_id)

    assert planned() == (near,)  # not pinned: the plan moves it next door
    assert pin_call(db, actor=ANN, call_id=call_id).pinned
    assert planned() == (far,)
    assert not unpin_call(db, actor=ANN, call_id=call_id).pinned
    assert planned() == (near,)


def test_a_pin_needs_someone_on_the_call_and_ends_with_the_assignment(db: Database) -> None:
    center = make_center(db, technicians=2)
    call_id = new_call(db)
    with pytest.raises(IllegalTransition, match="nothing to pin"):
        pin_call(db, actor=ANN, call_id=call_id)
    assign_call(db, actor=ANN, call_id=call_id, technician_id=center.tech_ids[0],
                override_reason="test")
    pin_call(db, actor=ANN, call_id=call_id)
    moved = reassign_call(db, actor=ANN, call_id=call_id, technician_id=center.tech_ids[1],
                          override_reason="test")
    assert not moved.pinned  # the pin was about the assignment a reassignment ended
