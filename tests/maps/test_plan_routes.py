"""Planned routes on a real QtWebEngine page: one line per technician in their colour,
numbered stops, cleared by an empty list; rows built from a plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from console.domain import Priority
from console.planning import PlanCall, PlanTechnician, Problem, solve
from maps.plan_routes import colour_of, route_rows
from maps.view import MapView

Js = Callable[[MapView, str], Any]
MakeMap = Callable[..., MapView]


def test_routes_are_drawn_numbered_and_cleared(make_map: MakeMap, js: Js) -> None:
    view = make_map()
    rows = [
        (1, colour_of(1), [(31.23, 121.47), (31.24, 121.48), (31.25, 121.49)]),
        (2, colour_of(2), [(31.20, 121.40), (31.21, 121.41)]),
        (3, colour_of(3), [(31.20, 121.40)]),  # nothing planned: no line
    ]
    view.show_plan_routes(rows)
    view.flush()
    assert js(view, "NDC.planRouteCounts()") == {"routes": 2, "stops": 3}
    assert js(view, "NDC.counts().technicians") == 0  # a layer of its own
    view.show_plan_routes([])
    view.flush()
    assert js(view, "NDC.planRouteCounts()") == {"routes": 0, "stops": 0}


def test_rows_follow_the_plans_order() -> None:
    from console.domain import CallStatus, CallView, Channel, TechnicianView, TechStatus

    now = datetime(2026, 1, 21, 22, 0, tzinfo=UTC)
    problem = Problem(
        now,
        tuple(
            PlanCall(
                i,
                (31.2, 121.40 + i / 100),
                Priority.NORMAL,
                now + timedelta(hours=4),
                ("plumbing",),
                service_minutes=20,
            )
            for i in (3, 1, 2)
        ),
        (PlanTechnician(7, "T", (31.2, 121.40), ("plumbing",)),),
    )
    plan = solve(problem)
    tech = TechnicianView(
        7, "T", "1", ("plumbing",), TechStatus.AVAILABLE, "b", 31.2, 121.40, None, 1
    )
    calls = {
        i: CallView(
            i,
            1,
            "c",
            "p",
            "a",
            "d",
            31.2,
            121.40 + i / 100,
            "leak",
            ("plumbing",),
            Priority.NORMAL,
            Channel.PHONE,
            CallStatus.NEW,
            now,
            now,
            1,
            1,
        )
        for i in (1, 2, 3)
    }
    ((tech_id, colour, points),) = route_rows(plan, {7: tech}, calls)
    assert tech_id == 7 and colour == colour_of(7)
    assert [round(p[1], 2) for p in points] == [121.40, 121.41, 121.42, 121.43]
