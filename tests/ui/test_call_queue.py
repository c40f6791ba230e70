"""Call queue model and panel, fed with the real event log of the real services."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from console.db.engine import Database
from console.domain import EventView
from console.live_state import LiveState
from console.services import Actor, assign_call, cancel_call
from console.wire import call_to_wire
from tests.helpers.panels_support import Clock, add_call, add_tech, events_since, snapshot
from ui.mime import CALL_MIME, call_id_from_mime
from ui.models.call_queue_model import COL, CallIdRole, CallQueueModel, SlaLevelRole
from ui.panels.call_queue import CallQueuePanel

ANN = Actor("user", 1, "Ann", "dispatcher")


def feed(state: LiveState, db: Database) -> None:
    for ev in events_since(db, state.last_seq):
        state.apply_event(ev)


@pytest.fixture
def state(db: Database) -> LiveState:
    live = LiveState()
    live.apply_snapshot(snapshot(db))
    return live


def test_model_passes_modeltester_and_updates_row_by_row(
    db: Database, state: LiveState, qtmodeltester: object, qtbot: QtBot
) -> None:
    clock = Clock()
    model = CallQueueModel(state, clock)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    zhang = add_tech(db, "Zhang Min")
    c1 = add_call(db, priority="emergency")
    c2 = add_call(db, phone="+8613900000002", address="9 Huaihai Rd", district="Xuhui")
    with qtbot.assertNotEmitted(model.modelReset):
        with qtbot.waitSignal(model.rowsInserted):
            feed(state, db)
        assert model.rowCount() == 2
        assign_call(db, actor=ANN, call_id=c1.id, technician_id=zhang.id)
        with qtbot.waitSignal(model.dataChanged) as changed:
            feed(state, db)
        top, bottom = changed.args[0], changed.args[1]
        assert top.row() == bottom.row() == model.row_of(c1.id)
        assert model.index(model.row_of(c1.id), COL["assignee"]).data() == "Zhang Min"
        cancel_call(db, actor=ANN, call_id=c2.id, reason="fixed it")
        with qtbot.waitSignal(model.rowsRemoved):
            feed(state, db)
    assert model.rowCount() == 1
    assert model.row_of(c2.id) is None and model.row_of(c1.id) == 0
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.stop_timers()


def test_sla_countdown_changes_level_as_clock_advances(
    db: Database, state: LiveState, qtbot: QtBot
) -> None:
    call = add_call(db, priority="emergency")  # 45 minutes promised
    feed(state, db)
    clock = Clock(call.created_at)
    model = CallQueueModel(state, clock)
    sla = model.index(0, COL["sla"])
    seen = []
    for minutes, level in ((0, "ok"), (31, "warning"), (41, "critical"), (46, "breached")):
        clock.now = call.created_at + timedelta(minutes=minutes)
        seen.append(sla.data(SlaLevelRole))
        assert sla.data(SlaLevelRole) == level
    assert sla.data() == "-1:00"
    font = sla.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert sla.data(Qt.ItemDataRole.BackgroundRole) is not None  # breached: tinted cell
    clock.now = call.created_at
    assert sla.data(Qt.ItemDataRole.FontRole) is None
    assert sla.data(Qt.ItemDataRole.BackgroundRole) is None
    ok_icon = sla.data(Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()
    clock.now = call.created_at + timedelta(minutes=50)
    late_icon = sla.data(Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()
    assert ok_icon != late_icon
    assert seen == ["ok", "warning", "critical", "breached"]
    # The 1 s tick repaints only the waiting..SLA columns.
    model.start_timers()
    with qtbot.waitSignal(model.dataChanged, timeout=3000) as tick:
        pass
    assert (tick.args[0].column(), tick.args[1].column()) == (COL["sla"], COL["waiting"])
    model.stop_timers()


def test_filter_search_sort_and_drag_payload(
    db: Database, state: LiveState, qtbot: QtBot, qtmodeltester: object
) -> None:
    a = add_call(
        db,
        priority="normal",
        category="leak",
        district="Huangpu",
        name="Li Lei",
        phone="+8613900000001",
        address="1 Nanjing Rd",
    )
    b = add_call(
        db,
        priority="emergency",
        category="lockout",
        district="Xuhui",
        name="Han Meimei",
        phone="+8613900000777",
        address="9 Huaihai Rd",
    )
    feed(state, db)
    panel = CallQueuePanel(state, clock=Clock(a.created_at))
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.proxy)  # type: ignore[attr-defined]
    proxy = panel.proxy
    assert proxy.index(0, 0).data(CallIdRole) == b.id  # sorted by SLA: the emergency first
    panel.category.setCurrentIndex(panel.category.findData("leak"))
    assert [proxy.index(r, 0).data(CallIdRole) for r in range(proxy.rowCount())] == [a.id]
    panel.category.setCurrentIndex(0)
    panel.priority.setCurrentIndex(panel.priority.findData("emergency"))
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(CallIdRole) == b.id
    panel.priority.setCurrentIndex(0)
    panel.district.setCurrentIndex(panel.district.findData("Huangpu"))
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(CallIdRole) == a.id
    panel.district.setCurrentIndex(0)
    for text, expected in (
        ("huaihai", b.id),
        ("han mei", b.id),
        ("0777", b.id),
        ("nanjing", a.id),
        (f"#{a.id}", a.id),
    ):
        panel.search.setText(text)
        assert [proxy.index(r, 0).data(CallIdRole) for r in range(proxy.rowCount())] == [
            expected
        ], text
    panel.search.clear()
    assert proxy.rowCount() == 2
    # Drag source: the payload names the call in both formats.
    data = panel.model.mimeData([panel.model.index(panel.model.row_of(a.id), 2)])
    assert bytes(data.data(CALL_MIME).data()) == str(a.id).encode()
    assert data.text() == f"ndc-call:{a.id}"
    assert call_id_from_mime(data) == a.id
    # Selection reports the call; select_call finds it again.
    with qtbot.waitSignal(panel.call_selected) as sel:
        assert panel.select_call(a.id)
    assert sel.args == [a.id] and panel.selected_call_id() == a.id
    panel.set_density("compact")
    assert panel.view.verticalHeader().defaultSectionSize() == 22
    with pytest.raises(ValueError, match="density"):
        panel.set_density("roomy")
    panel.model.stop_timers()


def test_pulse_highlights_a_row_then_fades(db: Database, state: LiveState, qtbot: QtBot) -> None:
    call = add_call(db, priority="emergency")
    feed(state, db)
    panel = CallQueuePanel(state, clock=Clock(call.created_at))
    qtbot.addWidget(panel)
    model = panel.model
    model.pulse_ms = 400
    cell = model.index(0, COL["address"])
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    panel.pulse(call.id)
    assert model.is_pulsing(call.id)
    first = cell.data(Qt.ItemDataRole.BackgroundRole)
    assert first is not None and first.alphaF() > 0.5
    qtbot.waitUntil(lambda: not model.is_pulsing(call.id), timeout=3000)
    qtbot.waitUntil(lambda: cell.data(Qt.ItemDataRole.BackgroundRole) is None, timeout=3000)
    panel.pulse(999_999)  # unknown call: nothing happens, nothing breaks
    model.stop_timers()


def test_thousand_events_on_a_big_night_stay_well_under_a_second(
    db: Database, qtbot: QtBot
) -> None:
    """2,000 technicians and 1,000 open calls on screen; 1,000 call events applied."""
    from ui.panels.technician_board import TechnicianBoardPanel
    from ui.panels.timeline import TimelinePanel

    tech = add_tech(db, "Zhang Min")
    call = add_call(db)
    assign_call(db, actor=ANN, call_id=call.id, technician_id=tech.id)
    base = snapshot(db)
    (assigned,) = [e for e in events_since(db) if e.type == "call.assigned"]
    techs = {i: replace(tech, id=i, name=f"Tech {i}") for i in range(1, 2001)}
    calls = {i: replace(base.calls[call.id], id=i, technician_ids=()) for i in range(1, 1001)}
    base = replace(base, technicians=techs, calls=calls, assignments=[])
    state = LiveState()
    state.apply_snapshot(base)
    clock = Clock(call.created_at)
    queue = CallQueuePanel(state, clock=clock)
    board = TechnicianBoardPanel(state, clock=clock)
    timeline = TimelinePanel(state, clock=clock)
    for w in (queue, board, timeline):
        qtbot.addWidget(w)
        w.resize(900, 600)
        w.show()
    events = []
    for n in range(1000):
        cid, tid = n + 1, (n % 2000) + 1
        view = replace(
            calls[cid], technician_ids=(tid,), version=2, status=base.calls[call.id].status
        )
        payload = {
            **assigned.payload,
            "call": call_to_wire(view),
            "assignment_id": 10_000 + n,
            "technician_id": tid,
        }
        events.append(EventView(base.seq + 1 + n, "call.assigned", assigned.at, payload))
    started = time.perf_counter()
    for ev in events:
        state.apply_event(ev)
    qtbot.wait(1)  # let the views process what the models announced
    for w in (queue, board, timeline):
        w.grab()  # and paint the result
    elapsed = time.perf_counter() - started
    assert queue.model.rowCount() == 1000
    assert board.model.index(0, 0).data() == "Tech 1"
    print(f"1,000 events with 2,000 technicians and 1,000 calls shown: {elapsed:.3f} s")
    # how fast is `bench ui`'s question (STYLE: no timed assertions in tests)
