"""Recommendations panel: the ranking with reasons, and the keyboard-only path from a phone
call to an assignment through a real hub."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, Qt

from console.db.engine import Database
from console.live_state import LiveState
from console.services import Actor, cancel_call
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
from ui import i18n
from ui.models.call_queue_model import COL as QCOL
from ui.panels.call_form import CallForm
from ui.panels.call_queue import CallQueuePanel
from ui.panels.recommendations import COLUMNS, RecommendationsPanel, TechIdRole

ANN = Actor("user", 1, "Ann", "dispatcher")


def test_ranking_shows_reasons_and_follows_the_call(
    db: Database, qtbot: QtBot, qtmodeltester: object
) -> None:
    near = add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    far = add_tech(db, "Wang Wei", ("plumbing",), lat=31.10, lon=121.30)
    add_tech(db, "Li Na", ("locksmith",), lat=31.236, lon=121.481)
    add_tech(db, "Off Duty", ("plumbing",), on_duty=False)
    call = add_call(db, category="leak")
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    panel = RecommendationsPanel(state, clock=Clock(call.created_at))
    qtbot.addWidget(panel)
    model = panel.model
    assert model.rowCount() == 0 and "Select a call" in panel.title.text()
    with qtbot.waitSignal(panel.recommendations_changed) as changed:
        panel.set_call(call.id)
    assert changed.args == [call.id]
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    ids = [model.index(r, 0).data(TechIdRole) for r in range(model.rowCount())]
    assert ids[:2] == [near.id, far.id]  # nearest plumber first; the locksmith after both
    assert len(ids) == 3  # off-duty technicians are not proposed
    why = model.index(0, COLUMNS.index("reasons")).data()
    assert "ETA" in why and "skills match" in why
    assert model.index(2, COLUMNS.index("skills")).data() == "missing"
    assert panel.top() is not None and panel.top().name == "Zhang Min"  # type: ignore[union-attr]
    assert not panel.assign_top()  # no DispatchActions: nothing to send, says so
    cancel_call(db, actor=ANN, call_id=call.id, reason="sorted")
    with qtbot.waitSignal(panel.recommendations_changed, timeout=2000):
        for ev in events_since(db, state.last_seq):
            state.apply_event(ev)
    assert model.rowCount() == 0  # closed call: no ranking


def test_keyboard_only_from_phone_call_to_assignment(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    near = add_tech(db, "Zhang Min", ("plumbing",), lat=31.211, lon=121.441)
    add_tech(db, "Wang Wei", ("plumbing",), lat=31.10, lon=121.30)
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)
    form = CallForm(desk.actions)
    queue = CallQueuePanel(desk.state, clock=desk.actions.clock)
    recs = RecommendationsPanel(desk.state, clock=desk.actions.clock, actions=desk.actions)
    queue.call_selected.connect(recs.set_call)
    for w in (form, queue, recs):
        qtbot.addWidget(w)
        w.show()
    # 1. Take the call: type, Enter.
    for edit, text in (
        (form.phone, "+8613900000042"),
        (form.name, "Han Meimei"),
        (form.address, "9 Huaihai Rd"),
        (form.lat, "31.21"),
        (form.lon, "121.44"),
    ):
        qtbot.keyClicks(edit, text)
    # caught up before the queue was built: the new call can only arrive as an inserted row
    with (
        qtbot.waitSignal(queue.model.rowsInserted, timeout=10_000),
        qtbot.waitSignal(desk.actions.call_created, timeout=10_000) as created,
    ):
        qtbot.keyClick(form.lon, Qt.Key.Key_Return)
    call_id = created.args[0].id
    assert queue.model.row_of(call_id) is not None
    # 2. Select it in the queue with the keyboard.
    queue.view.setFocus()
    qtbot.keyClick(queue.view, Qt.Key.Key_Down)
    assert queue.selected_call_id() == call_id
    assert recs.call_id == call_id and recs.top().technician_id == near.id  # type: ignore[union-attr]
    # 3. One key assigns the top recommendation (the shell binds it to assign_top).
    with qtbot.waitSignal(desk.actions.assigned, timeout=10_000):
        assert recs.assign_top()
    hub_rig.until(lambda: desk.state.calls[call_id].technician_ids == (near.id,))
    assert queue.model.index(queue.model.row_of(call_id), QCOL["assignee"]).data() == "Zhang Min"


def test_reasons_are_shown_in_the_interface_language(db: Database, qtbot: QtBot) -> None:
    """The reasons are rendered from the engine's reason codes, so Chinese reads Chinese."""
    add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    add_tech(db, "Li Na", ("locksmith",), lat=31.236, lon=121.481)
    call = add_call(db, category="leak")
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    panel = RecommendationsPanel(state, clock=Clock(call.created_at))
    qtbot.addWidget(panel)
    panel.set_call(call.id)
    model = panel.model
    rec = model.rows[1]
    assert ("lacks", "plumbing") in rec.reason_codes
    english = model.index(1, COLUMNS.index("reasons")).data()
    assert english.startswith("ETA ") and "; lacks Plumbing; free now" in english
    app = QCoreApplication.instance()
    assert app is not None
    try:
        assert i18n.install(app, "zh")
        chinese = model.index(1, COLUMNS.index("reasons")).data()
        eta = round(rec.eta_minutes)
        assert chinese.startswith(f"预计 {eta} 分钟到达；缺少 ")
        assert "当前空闲" in chinese and "lacks" not in chinese
        assert "技能匹配" in model.index(0, COLUMNS.index("reasons")).data(
            Qt.ItemDataRole.ToolTipRole
        )
    finally:
        i18n.install(app, "en")


def test_the_title_keeps_clear_of_the_left_edge(qtbot) -> None:
    from datetime import UTC, datetime

    from console.live_state import LiveState

    panel = RecommendationsPanel(LiveState(), clock=lambda: datetime.now(UTC))
    qtbot.addWidget(panel)
    panel.resize(220, 200)
    panel.show()
    assert panel.title.wordWrap()
    assert panel.title.contentsRect().left() - panel.title.rect().left() >= 4
