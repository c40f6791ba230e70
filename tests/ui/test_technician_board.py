"""Technician board: model updates from real events, shift arithmetic, filters, and drops
that assign through a real hub (including a refusal with override, and a conflict)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from console.db.engine import Database
from console.db.models import Assignment, AuditRecord
from console.domain import Position
from console.live_state import LiveState
from console.services import Actor, advance_status, assign_call, set_technician_status
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
from ui.mime import call_mime
from ui.models.call_queue_model import COL as QCOL
from ui.models.technician_model import COL, TechIdRole, TechnicianModel
from ui.panels.call_queue import CallQueuePanel
from ui.panels.technician_board import TechnicianBoardPanel
from ui.shell.undo_toast import UndoToast

ANN = Actor("user", 1, "Ann", "dispatcher")
#: Friday 2026-11-27 02:00 in Shanghai (18:00 UTC on Thursday).
FRIDAY_2AM = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)


def feed(state: LiveState, db: Database) -> None:
    for ev in events_since(db, state.last_seq):
        state.apply_event(ev)


def test_model_rows_follow_events_and_positions(
    db: Database, qtmodeltester: object, qtbot: QtBot
) -> None:
    zhang = add_tech(db, "Zhang Min", ("plumbing",), shifts=[(3, "18:00", "06:00")])
    wang = add_tech(db, "Wang Wei", ("locksmith",), on_duty=False, shifts=[(0, "09:00", "17:00")])
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    clock = Clock(FRIDAY_2AM)
    model = TechnicianModel(state, clock)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    row = model.row_of(zhang.id)
    assert row is not None
    # Thursday's 18:00-06:00 shift still covers Friday 02:00: four hours left.
    assert model.index(row, COL["shift_left"]).data() == "4:00"
    assert model.index(model.row_of(wang.id), COL["shift_left"]).data() == "off shift"
    call = add_call(db, lat=31.30, lon=121.50)
    assign_call(db, actor=ANN, call_id=call.id, technician_id=zhang.id)
    with qtbot.assertNotEmitted(model.modelReset):
        with qtbot.waitSignal(model.dataChanged):
            feed(state, db)
        assert model.index(row, COL["job"]).data() == f"#{call.id} Leak"
        assert model.index(row, COL["jobs"]).data() == "1"
        assert model.index(row, COL["eta"]).data().endswith("min")
        eta_before = model.eta_minutes(state.technicians[zhang.id])
        model.flush_changes()
        # One batch of fixes -> exactly one dataChanged, on the ETA column only, at the next
        # frame (repaints are coalesced; two batches in one frame still make one signal).
        changes: list[tuple[int, int, int, int]] = []
        model.dataChanged.connect(
            lambda a, b, _r=None: changes.append((a.row(), a.column(), b.row(), b.column()))
        )
        with qtbot.waitSignal(model.dataChanged):
            for lat in (31.298, 31.299):
                state.apply_positions(
                    [
                        (zhang.id, Position(lat, 121.499, at=FRIDAY_2AM)),
                        (wang.id, Position(31.0, 121.0, at=FRIDAY_2AM)),
                    ]
                )
            assert changes == []
        rows = sorted((model.row_of(zhang.id), model.row_of(wang.id)))
        assert changes == [(rows[0], COL["eta"], rows[1], COL["eta"])]
        assert model.eta_minutes(state.technicians[zhang.id]) < eta_before
        add_tech(db, "Li Na", ("electrical",))
        with qtbot.waitSignal(model.rowsInserted):
            feed(state, db)
    assert model.rowCount() == 3
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_filters_by_skill_status_and_name(
    db: Database, qtbot: QtBot, qtmodeltester: object
) -> None:
    add_tech(db, "Zhang Min", ("plumbing", "heating"))
    add_tech(db, "Wang Wei", ("locksmith",), on_duty=False)
    add_tech(db, "Li Na", ("plumbing",))
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    board = TechnicianBoardPanel(state, clock=Clock())
    qtbot.addWidget(board)
    qtmodeltester.check(board.proxy)  # type: ignore[attr-defined]

    def names() -> list[str]:
        return [board.proxy.index(r, 0).data() for r in range(board.proxy.rowCount())]

    assert names() == ["Li Na", "Zhang Min", "Wang Wei"]  # on duty first, then by name
    board.skill.setCurrentIndex(board.skill.findData("plumbing"))
    assert names() == ["Li Na", "Zhang Min"]
    board.status.setCurrentIndex(board.status.findData("available"))
    board.skill.setCurrentIndex(0)
    assert names() == ["Li Na", "Zhang Min"]
    board.status.setCurrentIndex(board.status.findData("off_duty"))
    assert names() == ["Wang Wei"]
    board.status.setCurrentIndex(0)
    board.search.setText("zhang")
    assert names() == ["Zhang Min"]
    board.set_density("compact")
    assert board.view.verticalHeader().defaultSectionSize() == 22


def _drop_on_row(view: object, row: int, data: QMimeData) -> None:
    """What a real drag does at the end: enter, move, drop on the row's centre."""
    rect = view.visualRect(view.model().index(row, 0))  # type: ignore[attr-defined]
    pos = QPointF(rect.center())
    vp = view.viewport()  # type: ignore[attr-defined]
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    act = Qt.DropAction.CopyAction
    QApplication.sendEvent(
        vp, QDragEnterEvent(QPoint(int(pos.x()), int(pos.y())), act, data, buttons, mods)
    )
    QApplication.sendEvent(
        vp, QDragMoveEvent(QPoint(int(pos.x()), int(pos.y())), act, data, buttons, mods)
    )
    QApplication.sendEvent(vp, QDropEvent(pos, act, data, buttons, mods))


def test_drag_from_queue_onto_a_technician_assigns_through_the_hub(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    zhang = add_tech(db, "Zhang Min", ("plumbing",))
    call = add_call(db)
    desk = hub_rig.desk("ann")
    hub_rig.caught_up(desk)
    queue = CallQueuePanel(desk.state, clock=Clock(call.created_at))
    board = TechnicianBoardPanel(desk.state, clock=Clock(call.created_at), actions=desk.actions)
    for w in (queue, board):
        qtbot.addWidget(w)
        w.resize(800, 400)
        w.show()
    assert queue.select_call(call.id)
    payload = queue.proxy.mimeData(queue.view.selectionModel().selectedRows())
    row = board.proxy.mapFromSource(board.model.index(board.model.row_of(zhang.id), 0)).row()
    with qtbot.waitSignal(desk.actions.assigned, timeout=10_000):
        _drop_on_row(board.view, row, payload)
        hub_rig.until(lambda: desk.state.calls[call.id].technician_ids == (zhang.id,))
    assert queue.model.index(queue.model.row_of(call.id), QCOL["assignee"]).data() == "Zhang Min"
    with db.reading() as s:
        (a,) = s.execute(select(Assignment).where(Assignment.call_id == call.id)).scalars()
        assert a.technician_id == zhang.id and "Ann" in a.assigned_by


def test_refused_drop_explains_and_assign_anyway_records_the_reason(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    wang = add_tech(db, "Wang Wei", ("locksmith",), on_duty=False)
    call = add_call(db, category="leak")
    desk = hub_rig.desk("ann")
    hub_rig.caught_up(desk)
    board = TechnicianBoardPanel(desk.state, clock=Clock(call.created_at), actions=desk.actions)
    qtbot.addWidget(board)
    board.show()
    with qtbot.waitSignal(desk.actions.refused, timeout=10_000) as refused:
        assert board.model.dropMimeData(
            call_mime(call.id),
            Qt.DropAction.CopyAction,
            -1,
            -1,
            board.model.index(board.model.row_of(wang.id), 0),
        )
        hub_rig.until(lambda: board.toast.isVisible(), what="refusal banner")
    assert refused.args[:2] == [call.id, wang.id]
    toast: UndoToast = board.toast
    assert toast.kind == "refusal"
    assert "off duty" in toast.message.text() and "lacks plumbing" in toast.message.text()
    assert toast.action.text() == "Assign anyway…"
    qtbot.mouseClick(toast.action, Qt.MouseButton.LeftButton)
    assert toast.reason.isVisible()
    qtbot.keyClick(toast.reason, Qt.Key.Key_Return)  # an empty reason is not accepted
    assert toast.isVisible() and "required" in toast.reason.placeholderText()
    qtbot.keyClicks(toast.reason, "only locksmith nearby, customer agreed")
    with qtbot.waitSignal(desk.actions.assigned, timeout=10_000):
        qtbot.keyClick(toast.reason, Qt.Key.Key_Return)
    assert not toast.isVisible()
    hub_rig.until(lambda: desk.state.calls[call.id].technician_ids == (wang.id,))
    with db.reading() as s:
        (a,) = s.execute(select(Assignment).where(Assignment.call_id == call.id)).scalars()
        assert a.override_reason == "only locksmith nearby, customer agreed"
        audit = s.execute(
            select(AuditRecord).where(AuditRecord.action == "assign_call")
        ).scalar_one()
        assert audit.reason == "only locksmith nearby, customer agreed"


def test_two_dispatchers_race_and_the_loser_sees_who_won(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    zhang = add_tech(db, "Zhang Min", ("plumbing",))
    wang = add_tech(db, "Wang Wei", ("plumbing",))
    call = add_call(db)
    ann, bob = hub_rig.desk("ann"), hub_rig.desk("bob")
    for d in (ann, bob):
        hub_rig.caught_up(d)
    toast = UndoToast()
    qtbot.addWidget(toast)
    toast.attach(bob.actions, state=bob.state)
    ann_undo = UndoToast()
    qtbot.addWidget(ann_undo)
    ann_undo.attach(ann.actions, state=ann.state)
    # Both saw version 1; Ann's command is sent first, Bob's a moment later on the same version.
    ann.actions.assign(call.id, zhang.id)
    with qtbot.waitSignal(bob.actions.conflict, timeout=10_000) as lost:
        hub_rig.until(lambda: ann.state.calls[call.id].technician_ids == (zhang.id,))
        bob.actions.assign(call.id, wang.id)
        hub_rig.until(lambda: toast.kind == "conflict", what="conflict banner")
    assert lost.args[0] == call.id
    assert "Zhang Min" in lost.args[1] and "Ann" in lost.args[1]
    assert toast.isVisible() and "Zhang Min" in toast.message.text()
    assert ann_undo.kind == "undo" and "Undo (Ctrl+Z)" in ann_undo.message.text()
    # The winner can take it back within ten seconds.
    with qtbot.waitSignal(ann.actions.undone, timeout=10_000):
        qtbot.mouseClick(ann_undo.action, Qt.MouseButton.LeftButton)
        hub_rig.until(lambda: ann.state.calls[call.id].technician_ids == ())


def test_set_density_rejects_unknown(db: Database, qtbot: QtBot) -> None:
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    board = TechnicianBoardPanel(state, clock=Clock())
    qtbot.addWidget(board)
    with pytest.raises(ValueError, match="density"):
        board.set_density("huge")
    assert not board.model.index(0, 0).isValid()  # no technicians: no rows, no crash
    assert board.model.index(0, 0).data(TechIdRole) is None


def test_default_order_puts_working_technicians_first_until_a_header_is_clicked(
    db: Database, qtbot: QtBot
) -> None:
    """En route, on site, available, on break, off duty; by name within each; a header
    click sorts by that column instead (and the default can be restored)."""
    add_tech(db, "Aaron Off", on_duty=False)
    avail_z = add_tech(db, "Zoe Free")
    add_tech(db, "Bella Free")
    resting = add_tech(db, "Anna Rest")
    set_technician_status(db, actor=ANN, technician_id=resting.id, status="on_break")
    driving, working = add_tech(db, "Yuri Road"), add_tech(db, "Xia Site")
    for tech, steps in (
        (driving, ("accepted", "en_route")),
        (working, ("accepted", "en_route", "on_site")),
    ):
        call = add_call(db)
        assign_call(db, actor=ANN, call_id=call.id, technician_id=tech.id)
        for step in steps:
            advance_status(db, actor=ANN, call_id=call.id, to=step)
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    board = TechnicianBoardPanel(state, clock=Clock())
    qtbot.addWidget(board)

    def names() -> list[str]:
        return [board.proxy.index(r, 0).data() for r in range(board.proxy.rowCount())]

    assert names() == ["Yuri Road", "Xia Site", "Bella Free", "Zoe Free", "Anna Rest", "Aaron Off"]
    assert not board.view.horizontalHeader().isSortIndicatorShown()
    # a status change moves the row (the sort is live)
    set_technician_status(db, actor=ANN, technician_id=avail_z.id, status="off_duty")
    feed(state, db)
    assert names()[-2:] == ["Aaron Off", "Zoe Free"]

    # clicking the Technician header sorts by name alone, ascending
    header = board.view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(COL["name"]) + 5, header.height() // 2),
    )
    assert names() == ["Aaron Off", "Anna Rest", "Bella Free", "Xia Site", "Yuri Road", "Zoe Free"]
    assert header.isSortIndicatorShown() and not board.proxy.status_first
    board.sort_status_first()
    assert names()[:3] == ["Yuri Road", "Xia Site", "Bella Free"]
