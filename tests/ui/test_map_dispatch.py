"""Dispatch on the map, end to end: a call dropped on a technician's marker in the real
window is assigned through the real hub, and a marker click selects in the panels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from console.db.models import Assignment
from console.domain import CallStatus, Position
from maps.drop import call_mime_data
from tests.ui.conftest import until

CALL = dict(
    customer_name="周女士",
    phone="13800002222",
    address="静安区南京西路 1266 号",
    lat=31.2290,
    lon=121.4550,
    category="leak",
    priority="urgent",
)


def _page_value(mapv: Any, arun: Any, expression: str) -> Any:
    answers: list[Any] = []
    mapv.evaluate(expression, answers.append)
    arun(until(lambda: bool(answers), what=expression))
    return answers[0]


def _drop(mapv: Any, call_id: int, point: QPoint) -> None:
    target = mapv.focusProxy() or mapv
    mime = call_mime_data(call_id)
    moves = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(point, moves, mime, left, none),
        QDragMoveEvent(point, moves, mime, left, none),
        QDropEvent(QPointF(point), moves, mime, Qt.MouseButton.NoButton, none),
    ):
        QApplication.sendEvent(target, event)
        assert event.isAccepted()


def _window_with_tech_on_map(make_main_window: Any, hub_env: Any, arun: Any) -> tuple[Any, Any]:
    window = make_main_window(with_map=True)
    mapv = window.panels["map"]
    arun(until(lambda: mapv.is_ready, timeout=30, what="map page"))
    tech = next(t for t in hub_env.technicians if t.status.value == "available"
                and "plumbing" in t.skills)
    window.ctx.bridge.deliver_positions([(tech.id, Position(31.2300, 121.4600, at=None))])

    answers: list[Any] = []

    def tech_drawn() -> bool:  # ask again each poll; never nest a wait inside the wait
        mapv.flush()
        mapv.evaluate(f"NDC_TEST.pointOf('technician', {tech.id})", answers.append)
        return any(a is not None for a in answers)

    arun(until(tech_drawn, timeout=20, what="technician marker"))
    return window, tech


def test_drop_on_a_marker_assigns_through_the_hub(make_main_window, hub_env, arun) -> None:
    window, tech = _window_with_tech_on_map(make_main_window, hub_env, arun)
    mapv, state = window.panels["map"], window.ctx.state
    call = arun(window.ctx.client.create_call(**CALL))
    arun(until(lambda: call.id in state.calls, what="call in LiveState"))

    x, y = _page_value(mapv, arun, f"NDC_TEST.pointOf('technician', {tech.id})")
    _drop(mapv, call.id, QPoint(round(x) + 4, round(y) - 3))

    arun(until(lambda: state.calls[call.id].status is CallStatus.ASSIGNED, timeout=15,
               what="assigned through the hub"))
    assert state.calls[call.id].technician_ids == (tech.id,)
    with hub_env.db.reading() as session:
        rows = session.query(Assignment).filter_by(call_id=call.id, active=True).all()
    assert [a.technician_id for a in rows] == [tech.id]
    assert "Dispatcher" in rows[0].assigned_by  # the signed-in dispatcher, audited


def test_clicking_a_marker_selects_the_technician_on_the_board(
    make_main_window, hub_env, arun
) -> None:
    window, tech = _window_with_tech_on_map(make_main_window, hub_env, arun)
    mapv, board = window.panels["map"], window.panels["board"]
    x, y = _page_value(mapv, arun, f"NDC_TEST.pointOf('technician', {tech.id})")
    QTest.mouseClick(mapv.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    arun(until(lambda: board.selected_technician_id() == tech.id, timeout=10,
               what="board selection"))
