"""The queue puts calls that need a technician first and stops the SLA clock at arrival."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from console.db.engine import Database
from console.domain import CallStatus, EventView, Priority
from console.live_state import LiveState
from console.wire import call_to_wire
from tests.helpers.panels_support import Clock, add_call, add_tech, snapshot
from ui.models.call_queue_model import COL, CallIdRole, GroupRole, SlaLevelRole
from ui.panels.call_queue import CallQueuePanel


def _night(db: Database) -> tuple[LiveState, Clock, dict[str, int]]:
    """Four calls: one waiting emergency, one en route, one arrived in time, one late."""
    tech = add_tech(db, "Zhang Min")
    base = add_call(db, priority="urgent")
    snap = snapshot(db)
    call = snap.calls[base.id]
    created = call.created_at
    deadline = call.sla_deadline
    rows = {
        "en_route": replace(
            call,
            id=11,
            status=CallStatus.EN_ROUTE,
            technician_ids=(tech.id,),
            priority=Priority.EMERGENCY,
            sla_deadline=created + timedelta(minutes=5),
        ),
        "kept": replace(
            call,
            id=12,
            status=CallStatus.ON_SITE,
            technician_ids=(tech.id,),
            step_times={"on_site": deadline - timedelta(minutes=3)},
        ),
        "late": replace(
            call,
            id=13,
            status=CallStatus.ON_SITE,
            technician_ids=(tech.id,),
            step_times={"on_site": deadline + timedelta(minutes=12, seconds=5)},
        ),
        "waiting": replace(call, id=14, priority=Priority.NORMAL),
    }
    state = LiveState()
    state.apply_snapshot(replace(snap, calls={c.id: c for c in rows.values()}, assignments=[]))
    clock = Clock(deadline + timedelta(minutes=57))  # long after every deadline
    return state, clock, {k: v.id for k, v in rows.items()}


def test_waiting_calls_come_first_in_either_sort_order(db: Database, qtbot: QtBot) -> None:
    state, clock, ids = _night(db)
    panel = CallQueuePanel(state, clock=clock)
    qtbot.addWidget(panel)
    view = panel.view

    def order() -> list[int]:
        return [view.model().index(r, 0).data(CallIdRole) for r in range(view.model().rowCount())]

    for column in ("sla", "id", "priority"):
        for direction in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            view.sortByColumn(COL[column], direction)
            assert order()[0] == ids["waiting"], (column, direction)
            groups = [view.model().index(r, 0).data(GroupRole) for r in range(4)]
            assert groups == [0, 1, 1, 1]
    header = view.horizontalHeader()
    assert header.visualIndex(COL["status"]) == 1  # the status is read right after the id
    waiting = panel.model.index(panel.model.row_of(ids["waiting"]), COL["status"])
    assert waiting.data() == "To dispatch"
    en_route = panel.model.index(panel.model.row_of(ids["en_route"]), COL["status"])
    assert en_route.data() == "En route"
    assert en_route.data(Qt.ItemDataRole.ForegroundRole) is not None  # dimmed: in hand


def test_sla_shows_the_outcome_once_the_technician_arrived(db: Database) -> None:
    state, clock, ids = _night(db)
    panel = CallQueuePanel(state, clock=clock)
    model = panel.model

    def sla(name: str) -> object:
        return model.index(model.row_of(ids[name]), COL["sla"])

    kept, late, running = sla("kept"), sla("late"), sla("en_route")
    assert kept.data() == "kept" and kept.data(SlaLevelRole) == "ok"
    assert late.data() == "late by 13 min" and late.data(SlaLevelRole) == "breached"
    assert "promise broken" in late.data(Qt.ItemDataRole.ToolTipRole)
    assert late.data(Qt.ItemDataRole.FontRole) is None  # settled: no alarm
    assert running.data().startswith("-")  # still on the way: the clock still runs
    before = kept.data()
    clock.advance(minutes=30)
    assert kept.data() == before and late.data() == "late by 13 min"  # the clock stopped
    panel.deleteLater()


def test_a_focus_only_current_row_is_not_a_selection(db: Database, qtbot: QtBot) -> None:
    state, clock, ids = _night(db)
    panel = CallQueuePanel(state, clock=clock)
    qtbot.addWidget(panel)
    view = panel.view
    panel.show()
    view.setFocus()  # Qt gives a focused table a current row...
    qtbot.waitUntil(view.hasFocus)
    assert not view.currentIndex().isValid(), "...which the queue takes back"
    assert panel.selected_call_id() is None
    gone = replace(state.calls[ids["waiting"]], status=CallStatus.CANCELLED)
    event = EventView(state.last_seq + 1, "call.cancelled", clock(), {"call": call_to_wire(gone)})
    with qtbot.assertNotEmitted(panel.call_selected):
        state.apply_event(event)  # the current row goes: Qt moves the current index
    assert panel.model.row_of(gone.id) is None
    assert panel.selected_call_id() is None
