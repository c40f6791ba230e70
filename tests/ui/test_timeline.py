"""Shift timeline: lanes and bars from real events, drops that assign and reassign through a
real hub, and only the visible lanes painted with 2,000 technicians."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from console.db.engine import Database
from console.live_state import LiveState
from console.services import Actor, advance_status, assign_call, complete_call
from tests.helpers.panels_support import (
    Clock,
    HubRig,
    add_call,
    add_tech,
    collect_qt_garbage,  # noqa: F401 - autouse: collect garbage on the Qt thread
    events_since,
    hub_rig_fixture,  # noqa: F401 - the hub_rig fixture
    snapshot,
)
from ui import theme
from ui.mime import ASSIGNMENT_MIME, assignment_from_mime, call_mime
from ui.models.shifts import night_window
from ui.panels.timeline import HEADER_HEIGHT, LABEL_WIDTH, TimelinePanel

ANN = Actor("user", 1, "Ann", "dispatcher")


def lane_point(panel: TimelinePanel, tech_id: int) -> QPoint:
    lane = panel.view.lanes.index(tech_id)
    return QPoint(LABEL_WIDTH + 40, panel.view.lane_top(lane) + panel.view.lane_height // 2)


def test_night_window_crosses_midnight() -> None:
    # 02:00 Friday in Shanghai belongs to Thursday's night; 20:00 Friday starts Friday's.
    start, end = night_window(datetime(2026, 11, 26, 18, 0, tzinfo=UTC))
    assert (start.day, start.hour, end.day, end.hour) == (26, 18, 27, 8)
    start, _ = night_window(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    assert (start.day, start.hour) == (27, 18)


def test_bars_follow_assignments_and_completion(db: Database, qtbot: QtBot) -> None:
    zhang = add_tech(db, "Zhang Min")
    wang = add_tech(db, "Wang Wei")
    call = add_call(db)
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    clock = Clock(call.created_at + timedelta(minutes=30))
    panel = TimelinePanel(state, clock=clock)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    assert panel.view.lanes == [wang.id, zhang.id]  # by name
    assert panel.view.bars(zhang.id) == []
    assign_call(db, actor=ANN, call_id=call.id, technician_id=zhang.id)
    for ev in events_since(db, state.last_seq):
        state.apply_event(ev)
    (bar,) = panel.view.bars(zhang.id)
    assert bar.active and bar.call_id == call.id
    assert bar.rect.right() >= panel.view.x_of(clock.now) - 1  # runs to "now"
    assert panel.view.bar_at(bar.rect.center()) == bar
    data = panel.view.mime_for(bar)
    assert data.hasFormat(ASSIGNMENT_MIME)
    assert assignment_from_mime(data) == (call.id, zhang.id)
    advance_status(db, actor=ANN, call_id=call.id, to="accepted")
    advance_status(db, actor=ANN, call_id=call.id, to="en_route")
    advance_status(db, actor=ANN, call_id=call.id, to="on_site")
    complete_call(db, actor=ANN, call_id=call.id)
    for ev in events_since(db, state.last_seq):
        state.apply_event(ev)
    (done,) = panel.view.bars(zhang.id)
    assert not done.active
    step = timedelta(hours=1)  # time moves on, inside the same night window (any hour of day)
    while night_window(clock.now + step) != night_window(clock.now):
        step /= 2
    clock.now += step
    assert panel.view.bars(zhang.id)[0].rect.right() == done.rect.right()  # ended: fixed end
    assert panel.view.lane_at(HEADER_HEIGHT - 1) is None
    assert panel.view.lane_at(lane_point(panel, wang.id).y()) == wang.id
    panel.select_call(call.id)  # the queue's selection: outlined, lane in view
    assert panel.view.highlighted == call.id
    with qtbot.waitSignal(panel.technician_selected) as picked:
        qtbot.mouseClick(
            panel.view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(20, lane_point(panel, wang.id).y()),
        )
    assert picked.args == [wang.id]
    panel.select_call(None)
    assert panel.view.highlighted == 0
    panel.set_density("compact")
    assert panel.view.lane_height == 18
    theme.apply(QApplication.instance(), "day")  # recolours on the theme signal
    try:
        image = panel.view.viewport().grab().toImage()
        assert image.pixelColor(5, HEADER_HEIGHT + 2) in (
            QColor(theme.palette().surface),
            QColor(theme.palette().row_alt),
        )
    finally:
        theme.apply(QApplication.instance(), "night")


def test_drops_assign_and_reassign_through_the_hub(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    zhang = add_tech(db, "Zhang Min")
    wang = add_tech(db, "Wang Wei")
    call = add_call(db)
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)
    panel = TimelinePanel(desk.state, clock=Clock(call.created_at), actions=desk.actions)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    # A call from the queue dropped on Zhang's lane assigns it (the real drag events).
    data, vp = call_mime(call.id), panel.view.viewport()
    at = lane_point(panel, zhang.id)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    copy = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(at, copy, data, buttons, mods)
    QApplication.sendEvent(vp, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(vp, QDragMoveEvent(at, copy, data, buttons, mods))
    drop = QDropEvent(QPointF(at), copy, data, buttons, mods)
    QApplication.sendEvent(vp, drop)
    assert drop.isAccepted()
    hub_rig.until(lambda: desk.state.calls[call.id].technician_ids == (zhang.id,))
    (bar,) = panel.view.bars(zhang.id)
    # Zhang's bar dragged to Wang's lane reassigns it; dropping it back on its own lane is a no-op.
    assert not panel.view.drop(panel.view.mime_for(bar), lane_point(panel, zhang.id))
    assert panel.view.drop(panel.view.mime_for(bar), lane_point(panel, wang.id))
    hub_rig.until(lambda: desk.state.calls[call.id].technician_ids == (wang.id,))
    ended = [b for b in panel.view.bars(zhang.id) if not b.active]
    assert len(ended) == 1 and [b.call_id for b in panel.view.bars(wang.id)] == [call.id]
    assert not panel.view.drop(call_mime(call.id), QPoint(300, 2))  # the header is no lane


def test_two_thousand_lanes_paint_only_what_is_visible(db: Database, qtbot: QtBot) -> None:
    tech = add_tech(db, "Zhang Min")
    call = add_call(db)
    assign_call(db, actor=ANN, call_id=call.id, technician_id=tech.id)
    base = snapshot(db)
    (assignment,) = base.assignments
    techs = {i: replace(tech, id=i, name=f"Tech {i:04d}") for i in range(1, 2001)}
    assigns = [replace(assignment, id=i, technician_id=i) for i in range(1, 2001)]
    state = LiveState()
    state.apply_snapshot(replace(base, technicians=techs, assignments=assigns))
    panel = TimelinePanel(state, clock=Clock(call.created_at + timedelta(minutes=20)))
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    steps = 0
    started = time.perf_counter()
    for value in range(0, 2000 * panel.view.lane_height, 20_000):
        panel.view.verticalScrollBar().setValue(value)
        panel.view.viewport().grab()  # renders now, exposed or not
        steps += 1
    elapsed = time.perf_counter() - started
    first, last = panel.view.painted_lanes
    assert last - first + 1 <= 600 // panel.view.lane_height + 3
    assert first > 0 and steps >= 2
    print(f"{steps} full repaints of a 2,000-lane timeline: {elapsed * 1000:.1f} ms")
    # only the lanes in view were painted (above); how fast is for `bench ui`
    panel.scroll_to_technician(1500)
    panel.view.viewport().grab()
    first, last = panel.view.painted_lanes
    assert first <= panel.view.lanes.index(1500) <= last


def test_lanes_with_work_come_first_then_on_shift_then_off_duty(db: Database, qtbot: QtBot) -> None:
    off = add_tech(db, "Ann Off", on_duty=False)
    idle = add_tech(db, "Bo Idle")
    busy = add_tech(db, "Zed Busy")
    call = add_call(db)
    assign_call(db, actor=ANN, call_id=call.id, technician_id=busy.id)
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    panel = TimelinePanel(state, clock=Clock(call.created_at + timedelta(minutes=5)))
    qtbot.addWidget(panel)
    assert panel.view.lanes == [busy.id, idle.id, off.id]
