"""Messages speak the dispatcher's language, appear once, and go when they no longer hold."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import until
from ui.dispatch_words import transition_message
from ui.models.labels import actor_name

BURST = dict(
    customer_name="Lin Tao",
    phone="13800006666",
    address="12 Henan Rd",
    lat=31.235,
    lon=121.48,
    category="burst_pipe",
    priority="urgent",
)


def _tech(hub_env: Any, name: str) -> int:
    return next(t.id for t in hub_env.technicians if t.name == name)


def test_a_board_refusal_is_shown_once(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    board = window.panels["board"]
    call = arun(window.ctx.client.create_call(**BURST))
    arun(until(lambda: call.id in window.ctx.state.calls, what="the call"))
    locksmith = _tech(hub_env, "李娜")
    board.assign(call.id, locksmith)  # what a drop on her row does
    arun(until(lambda: board.toast.isVisible(), what="the inline refusal"))
    arun(window.ctx.actions.drain())
    assert "Not assigned" in board.toast.message.text()
    assert not (window.toast.isVisible() and window.toast.kind == "refusal"), "shown twice"


def test_a_refusal_goes_away_once_the_override_went_through(
    make_main_window, connect, hub_env, arun
) -> None:
    window = make_main_window()
    call = arun(window.ctx.client.create_call(**BURST))
    arun(until(lambda: call.id in window.ctx.state.calls, what="the call"))
    locksmith = _tech(hub_env, "李娜")
    window.ctx.actions.assign(call.id, locksmith)  # Ctrl+Enter-like: not a board drop
    arun(until(lambda: window.toast.kind == "refusal", what="the refusal"))
    other = connect("admin")
    arun(other.assign(call.id, locksmith, override_reason="she has the tools tonight"))
    arun(until(lambda: window.toast.isHidden(), what="the refusal goes away"))


def test_ctrl_enter_again_on_a_call_in_hand_says_so(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    call = arun(window.ctx.client.create_call(**BURST))
    plumber = _tech(hub_env, "王伟")
    arun(window.ctx.client.assign(call.id, plumber))
    queue = window.panels["queue"]
    arun(until(lambda: window.ctx.state.calls[call.id].technician_ids, what="assigned"))
    assert queue.select_call(call.id)
    sent: list[Any] = []
    window.ctx.actions.assigned.connect(sent.append)
    window.actions_by_id["assign_top"].trigger()
    text = window.toast.message.text()
    assert f"Call #{call.id} already has 王伟 (Assigned)" in text
    assert "drag the call onto them" in text
    arun(window.ctx.actions.drain())
    assert sent == []  # nothing was sent to the hub


def test_hub_states_and_actors_are_said_in_words() -> None:
    details = {"call_id": 25, "status": "accepted", "refused": "assigned"}
    assert (
        transition_message(25, details) == "Call #25 is already Accepted: it cannot be assigned now"
    )
    assert transition_message(7, {"status": "on_site", "refused": "assigned"}).startswith(
        "Call #7 is already On site"
    )
    assert actor_name("user:3 Ann") == "Ann"
    assert actor_name("user:3") == "a user"
    assert actor_name("system") == "the system"
    assert actor_name("Wang Wei") == "Wang Wei"


def test_ctrl_r_without_reports_says_why(make_main_window, arun) -> None:
    window = make_main_window("dispatcher")
    window.activateWindow()
    arun(until(lambda: window.isActiveWindow(), what="active"))
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.toast.isVisible()
    assert "supervisors and admins" in window.toast.message.text()
    assert "Dispatcher" in window.toast.message.text()
    text = window.commands.explain_denied("trainer_panel")
    assert "demo mode" in text


def test_ctrl_t_brings_a_tabbed_trainer_panel_forward_then_hides_it(make_main_window) -> None:
    from PySide6.QtWidgets import QLabel

    window = make_main_window("trainer")
    window.ctx.demo = object()  # a demo night's window offers the trainer panel
    dock = window.add_panel("trainer", "Trainer", QLabel("trainer controls"))
    window.tabifyDockWidget(window.docks["recommendations"], dock)
    window.docks["recommendations"].raise_()
    QTest.qWait(50)
    assert dock.visibleRegion().isEmpty()  # a tab behind another one
    window.commands.trainer_panel()
    QTest.qWait(50)
    assert dock.isVisible() and not dock.visibleRegion().isEmpty(), "brought forward"
    window.commands.trainer_panel()
    assert dock.isHidden(), "in front: Ctrl+T hides it"
    window.commands.trainer_panel()
    QTest.qWait(50)
    assert not dock.visibleRegion().isEmpty()
