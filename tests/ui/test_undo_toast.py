"""The conflict/refusal/undo banner: its three shapes and that it never steals focus."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ui.shell.undo_toast import UndoToast


def make(qtbot: QtBot) -> tuple[QWidget, UndoToast, QLineEdit]:
    host = QWidget()
    typing = QLineEdit(host)
    toast = UndoToast(host)
    layout = QVBoxLayout(host)
    layout.addWidget(toast)
    layout.addWidget(typing)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow, timeout=2000)
    typing.setFocus()
    qtbot.waitUntil(typing.hasFocus, timeout=2000)
    return host, toast, typing


def test_undo_counts_down_and_emits(qtbot: QtBot) -> None:
    _host, toast, _typing = make(qtbot)
    toast.show_undo("Call 12 to Zhang Min", 2)
    assert toast.isVisible() and toast.kind == "undo"
    assert toast.message.text() == "Call 12 to Zhang Min — Undo (Ctrl+Z) 2 s"
    qtbot.waitUntil(lambda: "1 s" in toast.message.text(), timeout=3000)
    with qtbot.waitSignal(toast.undo_requested):
        qtbot.mouseClick(toast.action, Qt.MouseButton.LeftButton)
    assert not toast.isVisible()
    toast.show_undo("Call 13 to Wang Wei", 1)
    qtbot.waitUntil(lambda: not toast.isVisible(), timeout=3000)  # expires by itself
    assert toast.kind == ""


def test_conflict_and_refusal_do_not_take_focus(qtbot: QtBot) -> None:
    _host, toast, typing = make(qtbot)
    toast.show_conflict(12, "Zhang Min got it first (by Ann)", {})
    assert toast.message.text() == "Call 12: Zhang Min got it first (by Ann)"
    toast.show_refusal(12, 3, "refused", ["Wang Wei is off duty", "Wang Wei lacks plumbing"])
    assert toast.kind == "refusal"
    assert "Wang Wei is off duty; Wang Wei lacks plumbing" in toast.message.text()
    assert typing.hasFocus()  # the dispatcher's typing is never interrupted
    qtbot.mouseClick(toast.action, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(toast.reason, "  ")
    with qtbot.assertNotEmitted(toast.override_requested):
        qtbot.mouseClick(toast.confirm, Qt.MouseButton.LeftButton)
    toast.reason.setText("customer insists")
    with qtbot.waitSignal(toast.override_requested) as asked:
        qtbot.mouseClick(toast.confirm, Qt.MouseButton.LeftButton)
    assert asked.args == [12, 3, "customer insists"]
    toast.show_message(
        "Hub unreachable: Assign call 5 queued (1 waiting)", kind="error", timeout_ms=50
    )
    qtbot.waitUntil(lambda: not toast.isVisible(), timeout=2000)
