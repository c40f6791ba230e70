"""A non-modal banner for what just happened to a dispatcher's action.

Three shapes: a conflict ("Zhang Min was assigned first by Ann"), a refusal with an
"Assign anyway…" action that asks for the reason the audit will record, and an
"Assigned — Undo (Ctrl+Z) 9 s" countdown. It never takes focus by itself, so typing in the
call form is never interrupted.

Signals:
    undo_requested()                         the Undo button was pressed
    override_requested(int, int, str)        call id, technician id, reason (not empty)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.models.palette import color


class UndoToast(QFrame):
    """One message at a time; a newer message replaces the older one."""

    undo_requested = Signal()
    override_requested = Signal(int, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoToast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.kind = ""
        self._refusal: tuple[int, int] | None = None
        self._left = 0
        self._undo_text = ""
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton(self)
        self.action.clicked.connect(self._on_action_clicked)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Reason for the record (required)"))
        self.reason.returnPressed.connect(self._confirm_override)
        self.confirm = QPushButton(self.tr("Assign"), self)
        self.confirm.clicked.connect(self._confirm_override)
        self.close_button = QPushButton(self.tr("Dismiss"), self)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message, 1)
        for w in (self.reason, self.confirm, self.action, self.close_button):
            layout.addWidget(w)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._on_countdown)
        self._expire = QTimer(self)
        self._expire.setSingleShot(True)
        self._expire.timeout.connect(self.dismiss)
        self.hide()

    # --- shapes ----------------------------------------------------------------------------

    def show_message(self, text: str, *, kind: str = "info", timeout_ms: int = 8000) -> None:
        """A plain notice (errors, "queued while offline") that goes away by itself."""
        self._reset(kind)
        self.message.setText(text)
        self._show(timeout_ms)

    def show_conflict(self, call_id: int, text: str, details: Any = None) -> None:
        self._reset("conflict")
        self.message.setText(self.tr("Call %1: %2").replace("%1", str(call_id)).replace("%2", text))
        self._show(12_000)

    def show_refusal(self, call_id: int, tech_id: int, text: str, problems: Any = None) -> None:
        """The hub refused (off duty, missing skill): say why and offer to insist."""
        self._reset("refusal")
        self._refusal = (call_id, tech_id)
        lines = (
            [str(p) for p in problems]
            if isinstance(problems, list | tuple) and problems
            else [text]
        )
        self.message.setText(self.tr("Not assigned: %1").replace("%1", "; ".join(lines)))
        self.action.setText(self.tr("Assign anyway…"))
        self.action.show()
        self._show(0)

    def show_undo(self, description: str, seconds: int) -> None:
        """ "Assigned — Undo (Ctrl+Z) 9 s", counting down; gone when the window closes."""
        self._reset("undo")
        self._undo_text = description
        self._left = max(0, int(seconds))
        self.action.setText(self.tr("Undo"))
        self.action.show()
        self._render_undo()
        self._countdown.start()
        self._show(0)

    def dismiss(self) -> None:
        self._countdown.stop()
        self._expire.stop()
        self.kind = ""
        self._refusal = None
        self.hide()

    # --- wiring ----------------------------------------------------------------------------

    def attach(self, actions: Any, *, refusals: bool = True, state: Any = None) -> None:
        """Show an actions object's conflicts, failures, undo offers and (optionally) refusals,
        and send overrides back through it (reassign when the call's crew is already full)."""
        actions.conflict.connect(self.show_conflict)
        actions.failed.connect(lambda text: self.show_message(text, kind="error"))
        actions.undo_available.connect(self.show_undo)
        if refusals:
            actions.refused.connect(self.show_refusal)
        self.undo_requested.connect(actions.undo)
        self.override_requested.connect(
            lambda call_id, tech_id, reason: override(actions, state, call_id, tech_id, reason)
        )

    # --- internals -------------------------------------------------------------------------

    def _reset(self, kind: str) -> None:
        self._countdown.stop()
        self._expire.stop()
        self.kind = kind
        self._refusal = None
        self.action.hide()
        self.reason.hide()
        self.reason.clear()
        self.confirm.hide()
        fg, bg = (
            color("error" if kind in ("refusal", "conflict", "error") else "toast_text"),
            color("toast_bg"),
        )
        self.setStyleSheet(
            f"#undoToast {{ background: {bg.name()}; border: 1px solid {fg.name()}; }}"
            f" #undoToast QLabel {{ color: {color('toast_text').name()}; }}"
        )

    def _show(self, timeout_ms: int) -> None:
        self.show()
        self.raise_()
        if timeout_ms > 0:
            self._expire.start(timeout_ms)

    def _render_undo(self) -> None:
        self.message.setText(
            self.tr("%1 — Undo (Ctrl+Z) %2 s")
            .replace("%1", self._undo_text)
            .replace("%2", str(self._left))
        )

    def _on_countdown(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.dismiss()
        else:
            self._render_undo()

    def _on_action_clicked(self) -> None:
        if self.kind == "undo":
            self.dismiss()
            self.undo_requested.emit()
        elif self.kind == "refusal":
            self.action.hide()
            self.reason.show()
            self.confirm.show()
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def _confirm_override(self) -> None:
        if self._refusal is None:
            return
        text = self.reason.text().strip()
        if not text:
            self.reason.setPlaceholderText(self.tr("A reason is required to override"))
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        call_id, tech_id = self._refusal
        self.dismiss()
        self.override_requested.emit(call_id, tech_id, text)


def override(actions: Any, state: Any, call_id: int, tech_id: int, reason: str) -> None:
    """Insist on a refused assignment: add to the crew, or move it when the crew is full."""
    call = state.calls.get(call_id) if state is not None else None
    if call is not None and call.technician_ids and len(call.technician_ids) >= call.crew_size:
        actions.reassign(
            call_id, tech_id, from_technician_id=call.technician_ids[0], override_reason=reason
        )
    else:
        actions.assign(call_id, tech_id, override_reason=reason)
