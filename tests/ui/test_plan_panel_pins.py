"""The Plan panel's pins, notes and the manual policy, through a real hub on loopback:
Ctrl+Shift+P and the context menu pin and unpin a call (another console sees the pin, the
call queue marks it, the next plan keeps it); the plan's notes and a time-out are said under
the totals; under a manual policy the panel proposes nothing unless asked to plan anyway."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QItemSelectionModel, Qt

from console.db.engine import Database
from console.db.models import AuditRecord
from console.live_state import LiveState
from console.services import assign_call
from console.services.actors import SYSTEM, Actor
from console.services.policy import set_policy
from tests.helpers.panels_support import (
    Clock,
    HubRig,
    add_call,
    add_tech,
    collect_qt_garbage,  # noqa: F401 - autouse: collect garbage on the Qt thread
    hub_rig_fixture,  # noqa: F401 - the hub_rig fixture
    snapshot,
)
from ui.models.call_queue_model import COL, PIN_MARK, CallQueueModel
from ui.models.plan_diff import COLUMNS, PINNED
from ui.panels.plan_panel import PlanPanel

ADMIN = Actor("user", 9, "Ada", role="admin")
FAR, NEAR = (31.15, 121.36), (31.236, 121.481)  # the leak is next to NEAR


def _panel(qtbot: QtBot, rig: HubRig, at: datetime) -> PlanPanel:
    desk = rig.desk()
    rig.caught_up(desk)
    panel = PlanPanel(desk.state, desk.actions, client=desk.client, clock=Clock(at),
                      debounce_ms=50, timer_ms=3_600_000)
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    return panel


def _select(panel: PlanPanel, call_id: int) -> None:
    row = next(i for i, c in enumerate(panel.model.rows) if c.call_id == call_id)
    panel.view.setFocus()
    panel.view.selectionModel().select(
        panel.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _kind(panel: PlanPanel, call_id: int) -> str | None:
    return next((c.kind for c in panel.model.rows if c.call_id == call_id), None)


def test_ctrl_shift_p_pins_the_call_everywhere_and_the_next_plan_keeps_it(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    far = add_tech(db, "Wang Wei", lat=FAR[0], lon=FAR[1])
    add_tech(db, "Zhang Min", lat=NEAR[0], lon=NEAR[1])
    leak = add_call(db, category="leak")
    assign_call(db, actor=SYSTEM, call_id=leak.id, technician_id=far.id)  # someone else
    panel = _panel(qtbot, hub_rig, leak.created_at)
    bob = hub_rig.desk("bob")
    queue = CallQueueModel(bob.state, Clock(leak.created_at))
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000):
        panel.replan()
    assert _kind(panel, leak.id) == "reassign"  # unpinned: the plan would send Zhang Min
    _select(panel, leak.id)
    qtbot.keyClick(panel.view, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    hub_rig.until(lambda: bob.state.calls[leak.id].pinned, what="bob sees the pin")
    row = next(r for r in range(queue.rowCount()) if queue.call_at(r).id == leak.id)
    assignee = queue.index(row, COL["assignee"])
    assert assignee.data() == f"{PIN_MARK} Wang Wei"
    assert "pinned" in assignee.data(Qt.ItemDataRole.ToolTipRole)
    # the pinned call changed: the panel plans again by itself, and keeps it with Wang Wei
    hub_rig.until(lambda: _kind(panel, leak.id) == PINNED, what="the replan keeps the pin")
    assert panel.plan is not None and panel.plan.technicians_for(leak.id) == (far.id,)
    row = [c.call_id for c in panel.model.rows].index(leak.id)
    assert panel.model.index(row, COLUMNS.index("change")).data() == "Pinned"
    _select(panel, leak.id)  # the context menu offers the way back
    menu = panel.context_menu()
    assert panel.pin_action in menu.actions()
    assert panel.pin_action.text().startswith("Unpin")
    panel.pin_action.trigger()
    hub_rig.until(lambda: not bob.state.calls[leak.id].pinned, what="bob sees the unpin")
    hub_rig.until(lambda: _kind(panel, leak.id) == "reassign", what="movable again")
    menu.deleteLater()
    with db.reading() as s:
        audit = s.execute(
            select(AuditRecord.action, AuditRecord.actor)
            .where(AuditRecord.action.in_(("pin_call", "unpin_call")))
            .order_by(AuditRecord.id)
        ).all()
    assert [a for a, _ in audit] == ["pin_call", "unpin_call"]
    assert all("Ann" in who for _, who in audit)


def test_a_call_with_nobody_on_it_cannot_be_pinned(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    add_tech(db, "Zhang Min", lat=NEAR[0], lon=NEAR[1])
    leak = add_call(db, category="leak")
    panel = _panel(qtbot, hub_rig, leak.created_at)
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000):
        panel.replan()
    _select(panel, leak.id)
    panel.toggle_pin_selected()
    assert panel.notes.isVisibleTo(panel)
    assert f"Call #{leak.id} has nobody on it to pin to" in panel.notes.text()


def test_notes_and_a_time_out_are_said_under_the_totals(db: Database, qtbot: QtBot) -> None:
    zhang = add_tech(db, "Zhang Min", lat=NEAR[0], lon=NEAR[1])  # no phone fix yet
    leak = add_call(db, category="leak")
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    panel = PlanPanel(state, clock=Clock(leak.created_at), timer_ms=3_600_000)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000) as got:
        panel.replan()
    assert f"Zhang Min (#{zhang.id}) has no position fix yet" in panel.notes.text()
    assert panel.notes.isVisibleTo(panel)
    panel.show_plan(replace(got.args[0], notes=(), timed_out=True))
    assert "time limit" in panel.notes.text()
    panel.show_plan(replace(got.args[0], notes=(), timed_out=False))
    assert not panel.notes.isVisibleTo(panel)


def test_under_a_manual_policy_planning_is_off_until_asked(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    add_tech(db, "Zhang Min", lat=NEAR[0], lon=NEAR[1])
    leak = add_call(db, category="leak")
    set_policy(db, actor=ADMIN, mode="manual", start="00:00", end="00:00")
    panel = _panel(qtbot, hub_rig, leak.created_at)
    with qtbot.waitSignal(panel.auto_dispatch_changed, timeout=10_000):
        panel.check_policies()
    with qtbot.assertNotEmitted(panel.plan_ready, wait=500):
        panel.replan()
    assert panel.totals.text().startswith("Planning is off")
    assert panel.model.rowCount() == 0 and panel.plan_anyway_button.isVisibleTo(panel)
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000):
        qtbot.mouseClick(panel.plan_anyway_button, Qt.MouseButton.LeftButton)
    assert _kind(panel, leak.id) == "new"
    assert "Planned anyway" in panel.notes.text()
    panel.reject()  # back to the policy
    with qtbot.assertNotEmitted(panel.plan_ready, wait=500):
        panel.replan()


def test_a_manual_category_is_not_proposed_while_suggest_shows_the_rest(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    add_tech(db, "Zhang Min", ("plumbing", "locksmith"), lat=NEAR[0], lon=NEAR[1])
    leak = add_call(db, category="leak")
    lock = add_call(db, phone="+8613900000002", category="lockout", lat=31.23, lon=121.47)
    set_policy(db, actor=ADMIN, mode="suggest", start="00:00", end="00:00")
    set_policy(db, actor=ADMIN, mode="manual", start="00:00", end="00:00", category="lockout")
    panel = _panel(qtbot, hub_rig, leak.created_at)
    with qtbot.waitSignal(panel.auto_dispatch_changed, timeout=10_000):
        panel.check_policies()
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000):
        panel.replan()
    assert _kind(panel, leak.id) == "new" and _kind(panel, lock.id) is None
    assert "manual policy is in force for lockout (1 calls)" in panel.notes.text()
    assert panel.plan_anyway_button.isVisibleTo(panel)
