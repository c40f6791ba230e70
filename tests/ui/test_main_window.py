"""The console window against a real hub: connection state, layout, roles, shortcuts, undo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from console.domain import CallStatus, Position
from tests.ui.conftest import until
from ui.settings import Settings
from ui.shell import shortcuts

CALL = dict(
    customer_name="陈先生",
    phone="13800001111",
    address="黄浦区南京东路 100 号",
    lat=31.235,
    lon=121.48,
    category="burst_pipe",
    priority="urgent",
)


def test_status_bar_follows_the_hub_going_away_and_coming_back(
    make_main_window, hub_env, arun
) -> None:
    window = make_main_window()
    label = window.status.connection
    assert label.property("state") == "connected"
    assert "Connected" in window.status.state_text()

    arun(hub_env.stop())
    arun(until(lambda: label.property("state") in ("reconnecting", "offline"), what="reconnecting"))
    assert "since" in window.status.state_text()

    arun(hub_env.restart())
    arun(until(lambda: label.property("state") == "connected", timeout=15, what="connected"))
    assert "Connected" in window.status.state_text()


def test_layout_is_saved_and_restored(make_main_window, tmp_path) -> None:
    settings = Settings.in_file(tmp_path / "layout.ini")
    first = make_main_window(settings=settings)
    first.docks["timeline"].hide()
    first.docks["board"].setFloating(True)
    first.close()  # closeEvent saves geometry and dock state
    assert settings.get("window/state")

    second = make_main_window(settings=settings)
    assert not second.docks["timeline"].isVisible()
    assert second.docks["board"].isFloating()

    second.commands.reset_layout()
    assert second.docks["timeline"].isVisible()
    assert not second.docks["board"].isFloating()


def test_roles_see_only_what_they_may_do(make_main_window) -> None:
    dispatcher = make_main_window("dispatcher")
    acts = dispatcher.actions_by_id
    assert acts["new_call"].isEnabled() and acts["assign_top"].isEnabled()
    assert not acts["weekly_report"].isVisible()
    assert not dispatcher.menus["reports"].menuAction().isVisible()
    assert not acts["trainer_panel"].isVisible()  # and never outside demo mode
    assert not dispatcher.ctx.actions.read_only

    supervisor = make_main_window("supervisor")
    acts = supervisor.actions_by_id
    assert acts["weekly_report"].isVisible() and acts["weekly_report"].isEnabled()
    assert supervisor.menus["reports"].menuAction().isVisible()
    assert not acts["new_call"].isEnabled() and not acts["undo"].isEnabled()
    assert supervisor.ctx.actions.read_only
    failures: list[str] = []
    supervisor.ctx.actions.failed.connect(failures.append)
    supervisor.ctx.actions.assign(1, 1)
    assert failures and "view" in failures[0]

    admin = make_main_window("admin")
    assert admin.actions_by_id["weekly_report"].isVisible()
    assert admin.actions_by_id["new_call"].isEnabled()
    assert "Admin" in admin.status.user.text() or "管理员" in admin.status.user.text()


def test_every_shortcut_is_bound_and_listed_in_the_cheat_sheet(make_main_window) -> None:
    window = make_main_window("admin")
    sheet = window.commands.cheat_sheet()
    rows = sheet.rows()
    listed = {(label, keys) for _group, label, keys in rows}
    for sc in shortcuts.SHORTCUTS:
        if not window.allowed(sc.action):
            continue
        action = window.actions_by_id[sc.action]
        assert [s.toString() for s in action.shortcuts()] == [
            QKeySequence(k).toString() for k in sc.keys
        ]
        assert (shortcuts.tr(sc.label), shortcuts.native_keys(sc)) in listed
    # no panel action takes a table key for itself (Qt fires neither of two on one key)
    from PySide6.QtGui import QAction

    table_keys = {QKeySequence(k).toString() for sc in shortcuts.SHORTCUTS for k in sc.keys}
    mine = set(window.actions_by_id.values())
    taken = {s.toString() for a in window.findChildren(QAction)
             if a not in mine and not a.objectName().startswith("denied_")  # "not for you"
             for s in a.shortcuts()}
    assert not taken & table_keys, taken & table_keys
    must = {"Ctrl+N", "F9", "F2", "F3", "F4", "F5", "J", "K", "Ctrl+F", "Ctrl+Z", "F1",
            "Ctrl+Shift+P"}
    shown = ", ".join(keys for _g, _l, keys in rows)
    assert all(k in shown for k in must)
    sheet.close()


def test_focus_shortcuts_move_focus_to_the_panel(make_main_window, qtbot) -> None:
    window = make_main_window()
    window.activateWindow()
    window.actions_by_id["focus_board"].trigger()
    board = window.panels["board"]
    assert board.isAncestorOf(window.focusWidget()) or window.focusWidget() is board
    window.actions_by_id["focus_queue"].trigger()
    assert window.panels["queue"].isAncestorOf(window.focusWidget())


def _new_call(client: Any, arun: Any) -> Any:
    return arun(client.create_call(**CALL))


def test_assign_then_undo_through_the_real_hub(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    state, actions = window.ctx.state, window.ctx.actions
    call = _new_call(window.ctx.client, arun)
    arun(until(lambda: call.id in state.calls, what="call in LiveState"))
    tech = hub_env.technicians[0]
    offers: list[tuple[str, int]] = []
    actions.undo_available.connect(lambda text, secs: offers.append((text, secs)))

    actions.assign(call.id, tech.id)
    arun(until(lambda: state.calls[call.id].status is CallStatus.ASSIGNED, what="assigned"))
    arun(until(lambda: offers, what="undo offer"))
    assert offers[0][1] == 10 and tech.name in offers[0][0]

    window.actions_by_id["undo"].trigger()  # Ctrl+Z
    arun(until(lambda: state.calls[call.id].status is CallStatus.NEW, what="unassigned"))
    assert state.calls[call.id].technician_ids == ()
    assert actions.undo() is False  # nothing left to undo


def test_losing_a_race_names_the_winner(make_main_window, connect, hub_env, arun) -> None:
    window = make_main_window()
    state, actions = window.ctx.state, window.ctx.actions
    call = _new_call(window.ctx.client, arun)
    arun(until(lambda: call.id in state.calls, what="call"))
    rival = connect("admin")
    winner, loser = hub_env.technicians[0], hub_env.technicians[1]
    seen: list[tuple[int, str, Any]] = []
    actions.conflict.connect(lambda cid, text, details: seen.append((cid, text, details)))
    # the rival wins while our LiveState still holds the old version of the call
    arun(rival.assign(call.id, winner.id, expected_version=call.version))
    actions.assign(call.id, loser.id)
    arun(until(lambda: seen, what="conflict"))
    cid, text, details = seen[0]
    assert cid == call.id
    assert text.startswith(f"{winner.name} got it first (by ")
    assert "Admin" in text and details["winner"]["technician_id"] == winner.id


def test_offline_commands_are_queued_and_sent_on_reconnect(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    state, actions = window.ctx.state, window.ctx.actions
    call = _new_call(window.ctx.client, arun)
    arun(until(lambda: call.id in state.calls, what="call"))
    arun(hub_env.stop())
    arun(until(lambda: window.ctx.bridge.connection_state != "connected", what="offline"))

    actions.assign(call.id, hub_env.technicians[0].id)
    arun(until(lambda: actions.queued == 1, what="queued"))
    assert window.status.queued.isVisibleTo(window)
    assert "1" in window.status.queued.text()

    arun(hub_env.restart())
    arun(
        until(
            lambda: state.calls[call.id].status is CallStatus.ASSIGNED,
            timeout=15,
            what="queued assignment delivered",
        )
    )
    assert actions.queued == 0
    assert not window.status.queued.isVisibleTo(window)


def test_density_and_theme_switch_and_are_remembered(make_main_window, fresh_settings) -> None:
    from ui import theme

    window = make_main_window()
    fresh_settings.set("theme", "night")
    window.apply_theme()
    assert theme.current_name() == "night"
    window.actions_by_id["toggle_theme"].trigger()
    assert theme.current_name() == "day" and fresh_settings.get("theme") == "day"
    window.actions_by_id["toggle_density"].trigger()
    assert fresh_settings.get("density") == "compact"
    assert theme.current_density() == "compact"
    queue_view = window.panels["queue"].view
    assert queue_view.verticalHeader().defaultSectionSize() == theme.DENSITIES["compact"].row_height
    window.actions_by_id["mute"].trigger()
    assert fresh_settings.get("alerts/muted") is True


def test_next_and_previous_call_keys_walk_the_queue(make_main_window, arun) -> None:
    window = make_main_window()
    for i in range(3):
        arun(window.ctx.client.create_call(**{**CALL, "phone": f"1380000222{i}"}))
    arun(until(lambda: len(window.ctx.state.open_calls()) == 3, what="three calls"))
    queue = window.panels["queue"]
    window.actions_by_id["next_call"].trigger()
    first = queue.selected_call_id()
    window.actions_by_id["next_call"].trigger()
    second = queue.selected_call_id()
    window.actions_by_id["previous_call"].trigger()
    assert first and second and first != second
    assert queue.selected_call_id() == first
    assert window.windowState() & Qt.WindowState.WindowFullScreen == Qt.WindowState(0)


def test_new_call_opens_the_form_for_dispatchers_only(make_main_window) -> None:
    dispatcher = make_main_window("dispatcher")
    dispatcher.actions_by_id["new_call"].trigger()
    dialog = dispatcher.commands.dialogs["new_call"]
    assert dialog.isVisible() and dialog.findChild(object, "callForm") is not None
    dispatcher.commands.new_call(lat=31.2, lon=121.5)  # from the map: same form, one window
    assert dispatcher.commands.dialogs["new_call"] is dialog
    dialog.close()
    supervisor = make_main_window("supervisor")
    assert supervisor.commands.new_call() is None


def test_the_map_dock_follows_live_state(make_main_window, hub_env, arun) -> None:
    window = make_main_window(with_map=True)
    mapv = window.panels["map"]
    assert window.docks["map"].widget() is mapv
    arun(until(lambda: mapv.is_ready, timeout=30, what="map page"))
    call = arun(window.ctx.client.create_call(**CALL))
    seen: list[dict] = []

    def poll() -> bool:
        mapv.flush()
        mapv.counts(seen.append)
        return bool(seen) and seen[-1]["calls"] == 1

    arun(until(poll, timeout=20, what="call marker"))
    tech = hub_env.technicians[0]
    window.ctx.bridge.deliver_positions([(tech.id, Position(31.23, 121.47, at=None))])
    arun(
        until(lambda: poll() and seen[-1]["technicians"] == 1, timeout=20, what="technician marker")
    )
    arun(window.ctx.client.cancel(call.id, reason="test"))
    seen.clear()
    arun(
        until(
            lambda: poll() is False and seen and seen[-1]["calls"] == 0,
            timeout=20,
            what="marker removed",
        )
    )


def test_ctrl_p_brings_the_plan_tab_forward_and_plans(make_main_window, qtbot) -> None:
    """The Plan panel is a tab behind Recommendations; Ctrl+P (the window's action, listed in
    the Dispatch menu) must put it in front with the keyboard on it, and plan."""
    window = make_main_window()
    window.show()
    plan = window.panel_set.plan
    qtbot.waitUntil(lambda: window.docks["recommendations"].visibleRegion().isEmpty() is False)
    assert plan.visibleRegion().isEmpty()  # behind its tab at first
    with qtbot.waitSignal(plan.plan_ready, timeout=30_000):
        window.actions_by_id["plan"].trigger()
    assert not plan.visibleRegion().isEmpty()
    assert plan.isAncestorOf(window.focusWidget())


def test_the_windows_map_takes_its_tiles_from_the_settings(
    make_main_window, fresh_settings
) -> None:
    """An administrator's config file sets map/tile_* as the settings' defaults; the docked
    map must use them (the packaged app's smoke test found a map built without them)."""
    fresh_settings.set("map/tile_source", "custom")
    fresh_settings.set("map/tile_url", "http://127.0.0.1:9/{z}/{x}/{y}.png")
    window = make_main_window(settings=fresh_settings, with_map=True)
    source = window.panel_set.map.tile_source
    assert source is not None and source.url == "http://127.0.0.1:9/{z}/{x}/{y}.png"


def test_a_plan_tab_behind_another_does_no_solver_work_until_chosen(
    make_main_window, qtbot
) -> None:
    """Behind Recommendations the Plan dock still reports isVisible(); changes there must
    not plan (bench ui's loop lag p99 doubled when they did), and choosing the tab plans."""
    window = make_main_window()
    window.show()
    plan = window.panel_set.plan
    qtbot.waitUntil(lambda: not window.docks["recommendations"].visibleRegion().isEmpty())
    assert not plan.on_screen()
    with qtbot.assertNotEmitted(plan.plan_ready, wait=4000):  # debounce is 1.5 s
        plan.request_plan()
    with qtbot.waitSignal(plan.plan_ready, timeout=30_000):
        window.docks["plan"].raise_()  # the dispatcher picks the Plan tab
