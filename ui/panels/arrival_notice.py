"""A new urgent call is seen even with the sound off: a quiet bar, a count in the window
title and a taskbar flash, until the dispatcher has looked at it.

A call counts as unseen from its arrival (AlertController.call_arrived) until it is
selected, assigned, closed, or the bar is dismissed. Nothing blinks: the bar uses the
theme's raised surface with an accent edge, readable on the night theme at low brightness.

Signals:
    show_requested(int)   "Show" pressed: the shell selects this call in the queue
    count_changed(int)    how many urgent calls are unseen now
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolBar, QWidget

from console.domain import CallStatus, CallView
from console.live_state import LiveState
from ui.models.labels import label
from ui.models.palette import color


class ArrivalNotice(QToolBar):
    show_requested = Signal(int)
    count_changed = Signal(int)

    def __init__(self, window: QWidget, state: LiveState) -> None:
        super().__init__(QCoreApplication.translate("ArrivalNotice", "New calls"), window)
        self.setObjectName("arrivalNotice")
        self.setMovable(False)
        self.setFloatable(False)
        self._window = window
        self._state = state
        self._base_title = window.windowTitle()
        self.unseen: list[int] = []  # oldest first
        self.text = QLabel(self)
        self.text.setObjectName("arrivalText")
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never steals typing
        self.show_button.clicked.connect(self._on_show_clicked)
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dismiss_button.clicked.connect(self.dismiss)
        for widget in (self.text, self.show_button, self.dismiss_button):
            self.addWidget(widget)
        state.on_call_changed(self._on_call_changed)
        state.on_reset(self._on_reset)
        self.toggleViewAction().setVisible(False)  # not a panel the dispatcher arranges
        self.hide()

    # --- public API ------------------------------------------------------------------------

    def add(self, call_id: int, _level: int = 0) -> None:
        """A new urgent call arrived (AlertController.call_arrived)."""
        if call_id in self.unseen:
            return
        self.unseen.append(call_id)
        self._render()
        if not self._window.isActiveWindow():
            QApplication.alert(self._window, 0)  # the taskbar entry flashes until focused

    def seen(self, call_id: int) -> None:
        """The dispatcher looked at the call (selected it) or it no longer waits."""
        if call_id in self.unseen:
            self.unseen.remove(call_id)
            self._render()

    def dismiss(self) -> None:
        self.unseen.clear()
        self._render()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.unseen:  # a restored layout may show the bar with nothing to say
            QTimer.singleShot(0, self, self.hide)

    # --- internals -------------------------------------------------------------------------

    def _on_call_changed(self, call_id: int, call: CallView | None) -> None:
        if call is None or call.status is not CallStatus.NEW:
            self.seen(call_id)

    def _on_reset(self) -> None:
        self.unseen = [c for c in self.unseen if self._waiting(c)]
        self._render()

    def _waiting(self, call_id: int) -> bool:
        call = self._state.calls.get(call_id)
        return call is not None and call.status is CallStatus.NEW

    def _on_show_clicked(self) -> None:
        if self.unseen:
            self.show_requested.emit(self.unseen[0])

    def _render(self) -> None:
        count = len(self.unseen)
        self._window.setWindowTitle(f"({count}) {self._base_title}" if count else self._base_title)
        self.count_changed.emit(count)
        if not count:
            self.hide()
            return
        call = self._state.calls.get(self.unseen[0])
        what = (
            f"#{call.id} {label(call.priority.value)} · {label(call.category)} · {call.address}"
            if call is not None
            else f"#{self.unseen[0]}"
        )
        self.text.setText(
            self.tr("%n new urgent call(s) not yet seen — oldest: %1", "", count).replace(
                "%1", what
            )
        )
        accent, bg, fg = color("call_assigned"), color("toast_bg"), color("toast_text")
        self.setStyleSheet(
            f"#arrivalNotice {{ background: {bg.name()}; border-left: 4px solid {accent.name()};"
            f" padding: 2px 6px; }} #arrivalText {{ color: {fg.name()}; }}"
        )
        self.show()
