"""Job detail: the customer, the address, the steps with their times, who was sent when,
the notes, the rating, and this customer's earlier calls.

What LiveState knows is shown at once; notes, costs and history come from a detail source
a moment later and again whenever the call changes: the hub (DispatchActions.call_detail),
or in a replay the replayed night (``use_details``), which has no hub to ask.

Signals:
    note_added(int)   call id a note was sent for
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.domain import AssignmentView, CallView
from console.live_state import LiveState
from console.timezone import CENTER_TZ
from console.wire import assignment_from_wire, call_from_wire
from ui.models.labels import actor_name, label
from ui.models.tasks import spawn

STEPS = (
    "created",
    "assigned",
    "accepted",
    "en_route",
    "on_site",
    "completed",
    "cancelled",
    "failed",
)


class CallDetails(Protocol):
    """Where notes, assignments and earlier calls come from (the hub's ``call_detail``)."""

    async def call_detail(self, call_id: int) -> dict[str, Any]: ...


class JobDetailPanel(QWidget):
    """Everything about one call; ``show_call(call_id)`` picks which."""

    note_added = Signal(int)

    def __init__(
        self,
        state: LiveState,
        *,
        actions: Any = None,
        clock: Callable[[], datetime] | None = None,
        tz: str = CENTER_TZ,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("jobDetail")
        self._state = state
        self._actions = actions
        self._details: CallDetails | None = actions
        self._notes_closed = ""  # why notes cannot be added here (a replay), or ""
        self._tz = ZoneInfo(tz)
        self.call_id = 0
        self.detail: dict[str, Any] | None = None
        self.sections: dict[str, QLabel] = {}
        body = QWidget(self)
        column = QVBoxLayout(body)
        for key in ("header", "customer", "steps", "assignments", "notes", "history"):
            label = QLabel(body)
            label.setObjectName(f"detail_{key}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(label)
            self.sections[key] = label
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Add a note and press Enter"))
        self.note.returnPressed.connect(self.add_note)
        self.note_button = QPushButton(self.tr("Add note"), self)
        self.note_button.clicked.connect(self.add_note)
        self.message = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._refetch = QTimer(self)
        self._refetch.setSingleShot(True)
        self._refetch.setInterval(200)
        self._refetch.timeout.connect(self.fetch)
        state.on_call_changed(self._on_call_changed)
        self._render()

    # --- public API ------------------------------------------------------------------------

    def show_call(self, call_id: int | None) -> None:
        """Show ``call_id`` (0 or None: nothing selected)."""
        call_id = call_id or 0
        if call_id == self.call_id and self.detail is not None:
            return
        self.call_id = call_id
        self.detail = None
        self._render()
        self.fetch()

    def use_details(self, details: CallDetails, *, notes_closed: str = "") -> None:
        """Take details from ``details`` instead of the hub (a replay's night); with
        ``notes_closed``, the note box is off and says why."""
        self._details = details
        self._notes_closed = notes_closed
        for widget in (self.note, self.note_button):
            widget.setEnabled(not notes_closed)
            widget.setToolTip(notes_closed)
        self.detail = None
        self._render()
        self.fetch()

    @Slot()
    def refresh(self) -> None:
        """Fetch again soon (a replay moved): at most every 200 ms while it plays."""
        if self.call_id and not self._refetch.isActive():
            self._refetch.start()

    def fetch(self) -> None:
        """Ask for notes, costs and history (async; the panel never waits)."""
        if not self.call_id or self._details is None:
            return
        wanted = self.call_id
        spawn(
            self._details.call_detail(wanted),
            lambda d: self._on_detail(wanted, d),
            lambda exc: self.message.setText(str(exc)),
            owner=self,
        )

    @Slot()
    def add_note(self) -> bool:
        if self._notes_closed:
            self.message.setText(self._notes_closed)
            return False
        text = self.note.text().strip()
        if not text or not self.call_id or self._actions is None:
            if not text:
                self.message.setText(self.tr("Type the note first"))
            return False
        call_id = self.call_id
        self._actions.add_note(call_id, text)
        self._note_sent(call_id)
        return True

    def text(self) -> str:
        """All the panel shows, as plain text (tests and screen readers)."""
        return "\n".join(lbl.text() for lbl in self.sections.values())

    # --- rendering -------------------------------------------------------------------------

    def _render(self) -> None:
        call = self._state.calls.get(self.call_id)
        if self.detail is not None and call is None and self.detail.get("call"):
            call = call_from_wire(self.detail["call"])
        if call is None:
            for lbl in self.sections.values():
                lbl.clear()
            self.sections["header"].setText(self.tr("No call selected"))
            return
        s = self.sections
        s["header"].setText(
            f"<b>#{call.id} {escape(label(call.category))}</b> · "
            f"{escape(label(call.priority.value))} · {escape(label(call.status.value))}"
            + (
                f" · ★{call.rating}" + (f" “{escape(call.feedback)}”" if call.feedback else "")
                if call.rating
                else ""
            )
        )
        s["customer"].setText(
            f"{escape(call.customer_name)} · {escape(call.phone)}<br>{escape(call.address)}"
            f" ({escape(call.district)})<br>{call.lat:.5f}, {call.lon:.5f}"
            + (f"<br><i>{escape(call.notes)}</i>" if call.notes else "")
        )
        s["steps"].setText(self._steps_html(call))
        s["assignments"].setText(self._assignments_html(call))
        s["notes"].setText(self._notes_html())
        s["history"].setText(self._history_html())

    def _time(self, at: datetime | None) -> str:
        return "" if at is None else at.astimezone(self._tz).strftime("%m-%d %H:%M")

    def _steps_html(self, call: CallView) -> str:
        rows = [
            f"{escape(label(step))} {self._time(call.step_times[step])}"
            for step in STEPS
            if step in call.step_times
        ]
        return f"<b>{self.tr('Steps')}</b><br>" + "<br>".join(rows)

    def _assignments_html(self, call: CallView) -> str:
        found: list[AssignmentView] = self._state.call_assignments(call.id)
        if self.detail is not None:
            found = [assignment_from_wire(a) for a in self.detail.get("assignments", [])]
        techs = self._state.technicians
        rows = []
        for a in found:
            name = (
                techs[a.technician_id].name if a.technician_id in techs else f"#{a.technician_id}"
            )
            end = (
                f" → {self._time(a.ended_at)} ({escape(label(a.end_reason or ''))})"
                if a.ended_at
                else ""
            )
            why = (
                f" — {self.tr('override')}: {escape(a.override_reason)}"
                if a.override_reason
                else ""
            )
            rows.append(
                f"{escape(name)} {self._time(a.assigned_at)}{end} "
                f"{self.tr('by')} {escape(actor_name(a.assigned_by))}{why}"
            )
        return f"<b>{self.tr('Assignments')}</b><br>" + ("<br>".join(rows) or "—")

    def _notes_html(self) -> str:
        if self.detail is None:
            return f"<b>{self.tr('Notes')}</b><br>…"
        rows = [
            f"{self._time(datetime.fromisoformat(n['at']))} {escape(n['author'])}: "
            f"{escape(n['text'])}"
            for n in self.detail.get("notes", [])
        ]
        return f"<b>{self.tr('Notes')}</b><br>" + ("<br>".join(rows) or "—")

    def _history_html(self) -> str:
        if self.detail is None:
            return f"<b>{self.tr('Earlier calls from this customer')}</b><br>…"
        rows = []
        for raw in self.detail.get("history", []):
            c = call_from_wire(raw)
            rows.append(
                f"#{c.id} {self._time(c.created_at)} {escape(label(c.category))}"
                f" — {escape(label(c.status.value))}" + (f" ★{c.rating}" if c.rating else "")
            )
        body = "<br>".join(rows) or self.tr("none")
        since = self.detail.get("history_since")
        if since:  # a replay loads a few days of history: older calls are not in it
            when = self._time(datetime.fromisoformat(since))
            body += (
                "<br><i>"
                + escape(
                    self.tr("Calls before {when} are not part of this replay").format(when=when)
                )
                + "</i>"
            )
        return f"<b>{self.tr('Earlier calls from this customer')}</b><br>" + body

    # --- handlers --------------------------------------------------------------------------

    def _on_detail(self, call_id: int, detail: dict[str, Any]) -> None:
        if call_id != self.call_id:
            return  # the dispatcher has moved on to another call
        self.detail = detail
        self.message.clear()
        self._render()

    def _note_sent(self, call_id: int) -> None:
        if call_id == self.call_id:
            self.note.clear()
        self.note_added.emit(call_id)

    def _on_call_changed(self, call_id: int, _call: object) -> None:
        if call_id == self.call_id:
            self._render()
            self._refetch.start()  # notes and assignment history may have changed
