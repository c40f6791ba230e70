"""The Plan panel: the planner's diff with reasons and totals, computed off the UI thread,
accepted with the keyboard through a real hub, rejected, re-planned after changes."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QItemSelectionModel, Qt

from console.db.engine import Database
from console.db.models import Assignment
from console.live_state import LiveState
from console.services.actors import Actor
from console.services.policy import set_policy
from tests.helpers.panels_support import (
    Clock,
    HubRig,
    add_call,
    add_tech,
    collect_qt_garbage,  # noqa: F401 - autouse: collect garbage on the Qt thread
    hub_rig_fixture,  # noqa: F401 - the hub_rig fixture
    next_night_hour,
    snapshot,
)
from ui.panels.plan_panel import COLUMNS, PlanPanel

ADMIN = Actor("user", 9, "Ada", role="admin")


def _row(panel: PlanPanel, call_id: int) -> int:
    return next(i for i, c in enumerate(panel.model.rows) if c.call_id == call_id)


def test_the_diff_shows_assignments_and_waiting_calls_with_reasons(
    db: Database, qtbot: QtBot, qtmodeltester: object
) -> None:
    near = add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    far = add_tech(db, "Wang Wei", ("plumbing",), lat=31.15, lon=121.36)
    leak = add_call(db, category="leak", lat=31.235, lon=121.48)
    drain = add_call(db, phone="+8613900000002", category="blocked_drain", lat=31.16, lon=121.37)
    pests = add_call(db, phone="+8613900000003", category="pests")
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    panel = PlanPanel(state, clock=Clock(leak.created_at), timer_ms=3_600_000)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000):
        panel.replan()  # solved in the worker thread
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    m = panel.model
    rows = {c.call_id: c for c in m.rows}
    assert rows[leak.id].after == (near.id,) and rows[drain.id].after == (far.id,)
    assert m.index(_row(panel, leak.id), COLUMNS.index("change")).data() == "Assign"
    assert m.index(_row(panel, leak.id), COLUMNS.index("after")).data() == "Zhang Min"
    assert "on time" in m.index(_row(panel, leak.id), COLUMNS.index("reason")).data()
    waiting = _row(panel, pests.id)
    assert m.index(waiting, COLUMNS.index("change")).data() == "Stays waiting"
    assert "no technician on duty has pest" in m.index(waiting, COLUMNS.index("reason")).data()
    assert "Plan: 2 on time" in panel.totals.text() and "Now: 0 on time" in panel.totals.text()
    panel.reject()
    assert m.rowCount() == 0


def test_enter_accepts_the_selected_change_through_the_hub(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    near = add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    other = add_tech(db, "Wang Wei", ("locksmith",), lat=31.15, lon=121.36)
    leak = add_call(db, category="leak")
    lock = add_call(db, phone="+8613900000002", category="lockout", lat=31.16, lon=121.37)
    set_policy(db, actor=ADMIN, mode="auto", start="00:00", end="00:00", hold_seconds=3600)
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)
    panel = PlanPanel(
        desk.state,
        desk.actions,
        client=desk.client,
        clock=Clock(leak.created_at),
        debounce_ms=50,
        timer_ms=3_600_000,
    )
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.auto_dispatch_changed, timeout=10_000) as status:
        panel.check_policies()
    assert status.args == ["Auto-dispatch: on"]
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000):
        qtbot.keyClick(panel, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    panel.view.setFocus()
    panel.view.selectionModel().select(
        panel.model.index(_row(panel, leak.id), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    with qtbot.waitSignal(desk.actions.assigned, timeout=10_000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    with db.reading() as s:
        rows = s.execute(
            select(Assignment.call_id, Assignment.technician_id, Assignment.assigned_by)
        ).all()
    assert [(c, t) for c, t, _by in rows] == [(leak.id, near.id)]
    assert "Ann" in rows[0][2] or "ann" in rows[0][2]  # the dispatcher, as for a drag
    # the accepted call changed: the panel plans again by itself (debounced), and "accept
    # all" sends the rest
    hub_rig.until(
        lambda: (
            lock.id in {c.call_id for c in panel.model.rows}
            and leak.id not in {c.call_id for c in panel.model.rows}
        ),
        what="replan",
    )
    with qtbot.waitSignal(desk.actions.assigned, timeout=10_000):
        assert panel.accept_all() == 1
    with db.reading() as s:
        assert (
            s.execute(
                select(Assignment.technician_id).where(Assignment.call_id == lock.id)
            ).scalar_one()
            == other.id
        )


def test_a_dispatchers_own_assignment_is_pinned_through_the_hub(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    far = add_tech(db, "Wang Wei", ("plumbing",), lat=31.15, lon=121.36)
    add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    leak = add_call(db, category="leak")
    desk, other = hub_rig.desk(), hub_rig.desk("bob")
    hub_rig.caught_up(desk)
    panel = PlanPanel(desk.state, desk.actions, client=desk.client, clock=Clock(leak.created_at),
                      timer_ms=3_600_000)
    qtbot.addWidget(panel)
    desk.actions.assign(leak.id, far.id)  # by hand, as a drag does
    hub_rig.until(lambda: other.state.calls[leak.id].pinned, what="the pin, on bob's console")
    assert other.state.calls[leak.id].technician_ids == (far.id,)


def test_the_timeline_draws_planned_jobs_as_hollow_bars(db: Database, qtbot: QtBot) -> None:
    from ui.panels.timeline import TimelinePanel

    tech = add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    call = add_call(db, category="leak")
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    clock = Clock(next_night_hour(call.created_at))  # the planned job lies inside the window
    panel = PlanPanel(state, clock=clock, timer_ms=3_600_000)
    timeline = TimelinePanel(state, clock=clock)
    for w in (panel, timeline):
        qtbot.addWidget(w)
    timeline.resize(1200, 300)
    timeline.show()
    panel.plan_ready.connect(timeline.show_plan)
    with qtbot.waitSignal(panel.plan_ready, timeout=20_000):
        panel.replan()
    ((call_id, rect),) = timeline.view.planned_rects(tech.id)
    assert call_id == call.id and rect.width() > 4
    image = timeline.view.viewport().grab().toImage()
    inside = image.pixelColor(rect.right() - 3, rect.center().y())  # right of the "#id" text
    behind = image.pixelColor(rect.right() + 6, rect.center().y())
    assert inside == behind  # hollow: the lane shows through
    top = [image.pixelColor(x, rect.top()) for x in range(rect.left(), rect.right())]
    assert any(c != inside for c in top)  # ... inside a drawn (dashed) outline


def test_accepting_a_crew_change_goes_through_the_hub_with_one_undo(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    from console.db.models import AuditRecord
    from console.planning.diff import REASSIGN, Change
    from console.services.assignment import assign_call

    skills = ("heating", "plumbing")
    a, b, c = (add_tech(db, n, skills) for n in ("Zhang Min", "Wang Wei", "Li Na"))
    boiler = add_call(db, category="boiler_failure", crew_size=2)
    for t in (a, b):
        assign_call(db, actor=ADMIN, call_id=boiler.id, technician_id=t.id)
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)
    panel = PlanPanel(desk.state, desk.actions, timer_ms=3_600_000)
    qtbot.addWidget(panel)
    change = Change(REASSIGN, boiler.id, (a.id, b.id), (a.id, c.id), None, 0.0, "crew of 2")

    def crew() -> set[int]:
        with db.reading() as s:
            return set(
                s.execute(
                    select(Assignment.technician_id).where(
                        Assignment.call_id == boiler.id, Assignment.active.is_(True)
                    )
                ).scalars()
            )

    with qtbot.waitSignal(desk.actions.assigned, timeout=10_000):
        assert panel.accept([change]) == 1
    assert crew() == {a.id, c.id}
    with db.reading() as s:
        actions = s.execute(
            select(AuditRecord.action, AuditRecord.actor).where(AuditRecord.entity_id == boiler.id)
        ).all()
    assert any("reassign" in act and "ann" in who.lower() for act, who in actions)
    hub_rig.caught_up(desk)
    with qtbot.waitSignal(desk.actions.undone, timeout=10_000):
        assert desk.actions.undo()
    assert crew() == {a.id, b.id}  # the whole change taken back


def test_a_crew_change_made_stale_by_someone_else_is_a_conflict(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    from console.planning.diff import NEW, Change
    from console.services.assignment import assign_call

    skills = ("heating", "plumbing")
    a, b, c = (add_tech(db, n, skills) for n in ("Zhang Min", "Wang Wei", "Li Na"))
    boiler = add_call(db, category="boiler_failure", crew_size=2)
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)
    assign_call(db, actor=ADMIN, call_id=boiler.id, technician_id=c.id)  # not seen yet
    panel = PlanPanel(desk.state, desk.actions, timer_ms=3_600_000)
    qtbot.addWidget(panel)
    change = Change(NEW, boiler.id, (), (a.id, b.id), None, 0.0, "crew of 2")
    with qtbot.waitSignal(desk.actions.conflict, timeout=10_000):
        panel.accept([change])
    with db.reading() as s:
        assert set(
            s.execute(select(Assignment.technician_id).where(Assignment.active.is_(True))).scalars()
        ) == {c.id}


def test_a_hollow_planned_bar_selects_its_call(db: Database, qtbot: QtBot) -> None:
    from datetime import timedelta

    from ui.panels.timeline import TimelinePanel

    tech = add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    call = add_call(db, category="leak")
    state = LiveState()
    state.apply_snapshot(snapshot(db))
    timeline = TimelinePanel(state, clock=Clock(call.created_at))
    qtbot.addWidget(timeline)
    timeline.resize(1200, 300)
    timeline.show()
    on_site = call.created_at + timedelta(minutes=20)
    timeline.view.set_planned({tech.id: [(call.id, on_site, on_site + timedelta(minutes=55))]})
    ((_cid, rect),) = timeline.view.planned_rects(tech.id)
    with qtbot.waitSignal(timeline.call_selected, timeout=2_000) as picked:
        qtbot.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picked.args == [call.id]
    with qtbot.waitSignal(timeline.call_activated, timeout=2_000) as opened:
        qtbot.mouseDClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [call.id]
    outside = rect.center() + rect.bottomRight() - rect.topLeft()  # past the bar's corner
    with qtbot.assertNotEmitted(timeline.call_selected):
        qtbot.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=outside)
