"""The call queue as a table model over LiveState's open calls (filtering: call_filter.py).

Calls that need a technician come first (GroupRole 0, sorted apart by the proxy); calls in
hand (assigned, on the way, on site) follow, dimmed, with their status. Once a technician
has arrived the SLA cell stops counting and shows the outcome: kept, or late by N min.

Rows change one at a time from LiveState's listeners (insert, remove, dataChanged on one
row); only a snapshot resets the model. The waiting and SLA columns are the only things that
move with the clock, so ``tick()`` (a 1 s QTimer) repaints just those two columns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QElapsedTimer,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont

from console.domain import CallStatus, CallView
from console.live_state import LiveState
from ui.mime import CALL_MIME, call_mime
from ui.models.icons import sla_icon
from ui.models.keyed_table import KeyedTableModel
from ui.models.labels import duration, label
from ui.models.palette import color
from ui.models.sla import (
    SlaLevel,
    arrived_at,
    format_countdown,
    minutes_late,
    outcome_level,
    sla_level,
)

Index = QModelIndex | QPersistentModelIndex
CallIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
SlaLevelRole = Qt.ItemDataRole.UserRole + 3
CallRole = Qt.ItemDataRole.UserRole + 4
GroupRole = Qt.ItemDataRole.UserRole + 5  # 0: waiting for a technician, 1: in hand

COLUMNS = (
    "id",
    "priority",
    "sla",
    "waiting",
    "category",
    "address",
    "district",
    "channel",
    "crew",
    "assignee",
    "status",  # shown second (call_queue.py moves the section); last here keeps old indexes
)  # SLA first after priority: it is what the dispatcher scans for
COL = {name: i for i, name in enumerate(COLUMNS)}
#: Before the assignee of a pinned call (console.services.pins): plans leave it where it is.
PIN_MARK = "📌"
_PRIORITY_RANK = {"emergency": 0, "urgent": 1, "normal": 2}
_STATUS_RANK = {"new": 0, "assigned": 1, "accepted": 2, "en_route": 3, "on_site": 4}


def group_of(call: CallView) -> int:
    """0 for a call that still needs a technician (the crew is not full), 1 once in hand."""
    waiting = call.status is CallStatus.NEW or len(call.technician_ids) < call.crew_size
    return 0 if waiting and call.status is not CallStatus.ON_SITE else 1
PULSE_MS = 4000


class CallQueueModel(KeyedTableModel):
    """Open calls, one row each, in arrival order (the proxy sorts)."""

    columns = COLUMNS
    row_flags = Qt.ItemFlag.ItemIsDragEnabled

    def __init__(
        self, state: LiveState, clock: Callable[[], datetime], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._headers = {
            "id": self.tr("ID"),
            "priority": self.tr("Priority"),
            "category": self.tr("Category"),
            "address": self.tr("Address"),
            "district": self.tr("District"),
            "channel": self.tr("Channel"),
            "waiting": self.tr("Waiting"),
            "sla": self.tr("SLA"),
            "crew": self.tr("Crew"),
            "assignee": self.tr("Assignee"),
            "status": self.tr("Status"),
        }
        self._state = state
        self._clock = clock
        #: offline (console.outbox): new calls not yet sent (negative ids) and assignments
        #: made offline, shown as tentative until the hub has them
        self._unsent: dict[int, CallView] = {}
        self._tentative: dict[int, tuple[int, ...]] = {}
        self._pulses: dict[int, int] = {}  # call id -> elapsed ms when the pulse began
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.tick)
        self.pulse_ms = PULSE_MS
        self._pulse_timer = QTimer(self)
        self._pulse_timer.setInterval(100)
        self._pulse_timer.timeout.connect(self._on_pulse_frame)
        state.on_reset(self._on_state_reset)
        state.on_call_changed(self._on_call_changed)
        self._on_state_reset()

    # --- data ------------------------------------------------------------------------------

    def call_at(self, row: int) -> CallView:
        obj_id = self._ids[row]
        return self._unsent[obj_id] if obj_id < 0 else self._state.calls[obj_id]

    def set_offline(
        self, unsent: list[CallView], tentative: dict[int, tuple[int, ...]]
    ) -> None:
        """Show the outbox: unsent new calls as rows, offline assignments as tentative."""
        gone = [i for i in self._unsent if i not in {c.id for c in unsent}]
        for obj_id in gone:
            del self._unsent[obj_id]
            self._remove_id(obj_id)
        for call in unsent:
            self._unsent[call.id] = call
            self._upsert_id(call.id)
        changed = set(self._tentative) | set(tentative)
        self._tentative = dict(tentative)
        for call_id in changed:
            if call_id in self._row:
                self._emit_row(call_id)

    def is_unsent(self, call_id: int) -> bool:
        return call_id in self._unsent

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self._valid_row(index) and self._ids[index.row()] < 0:  # not on the hub yet:
            flags &= ~Qt.ItemFlag.ItemIsDragEnabled  # nothing to assign until it is
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid_row(index):
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """``data()`` by row and column (the sorting proxy calls it without an index)."""
        call = self.call_at(row)
        col = COLUMNS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(call, col)
        if role == CallIdRole:
            return call.id
        if role == CallRole:
            return call
        if role == SortRole:
            return self._sort_key(call, col)
        if role == GroupRole:
            return group_of(call)
        if role == SlaLevelRole:
            return self._level(call).value
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(call, col)
        if col == "sla":
            return self._sla_role(call, role)
        if role == Qt.ItemDataRole.ForegroundRole and group_of(call):
            return color("muted")  # in hand: readable, but quieter than what waits
        if role == Qt.ItemDataRole.ToolTipRole and col == "assignee" and call.pinned:
            return self.tr("{names}: pinned, plans keep the call with them").format(
                names=self._display(call, col).removeprefix(PIN_MARK).strip()
            )
        if role == Qt.ItemDataRole.ToolTipRole and col in ("assignee", "category", "district"):
            return self._display(call, col) or None
        if role == Qt.ItemDataRole.ToolTipRole and col == "address":
            return f"{call.customer_name} · {call.phone}\n{call.address}"
        return None

    def _display(self, call: CallView, col: str) -> str:
        now = self._clock()
        if col == "id":
            return "—" if call.id in self._unsent else str(call.id)
        if col == "priority":
            return {
                "emergency": self.tr("Emergency"),
                "urgent": self.tr("Urgent"),
                "normal": self.tr("Normal"),
            }.get(call.priority.value, call.priority.value)
        if col == "category":
            return label(call.category)
        if col == "waiting":
            return duration(max(0.0, (now - call.created_at).total_seconds()) / 60)
        if col == "sla":
            at = arrived_at(call)
            if at is None:
                return format_countdown(call.sla_deadline, now)
            late = minutes_late(call.sla_deadline, at)
            return self.tr("late by %n min", "", late) if late else self.tr("kept")
        if col == "status":
            if call.id in self._unsent:
                return self.tr("Not yet sent")
            return self.tr("To dispatch") if not group_of(call) else label(call.status.value)
        if col == "crew":
            return f"{len(call.technician_ids)}/{call.crew_size}"
        if col == "assignee":
            techs = self._state.technicians
            names = ", ".join(
                techs[t].name if t in techs else f"#{t}" for t in call.technician_ids
            )
            tentative = self._tentative.get(call.id)
            if tentative:
                who = ", ".join(techs[t].name if t in techs else f"#{t}" for t in tentative)
                return self.tr("{name} (tentative)").format(name=who)
            return f"{PIN_MARK} {names}" if call.pinned and names else names
        if col == "channel":
            return label(call.channel.value)
        return str(getattr(call, col))

    def _level(self, call: CallView) -> SlaLevel:
        return outcome_level(call) or sla_level(call.sla_deadline, self._clock())

    def sort_key(self, call: CallView, col: str) -> Any:
        """What the queue sorts ``col`` by (the proxy's lessThan asks directly)."""
        return self._sort_key(call, col)

    def _sort_key(self, call: CallView, col: str) -> Any:
        if col == "status":
            return _STATUS_RANK.get(call.status.value, 9)
        if col == "priority":
            return _PRIORITY_RANK.get(call.priority.value, 9)
        if col in ("waiting",):
            return call.created_at.timestamp()
        if col == "sla":
            return call.sla_deadline.timestamp()
        if col in ("id", "crew"):
            return call.id if col == "id" else call.crew_size
        return self._display(call, col).casefold()

    def _sla_role(self, call: CallView, role: int) -> Any:
        level = self._level(call)
        if arrived_at(call) is not None:
            return self._outcome_role(call, level, role)
        if role == Qt.ItemDataRole.ForegroundRole:
            return color(f"sla_{level.value}")
        if role == Qt.ItemDataRole.DecorationRole:
            return sla_icon(level)
        if role == Qt.ItemDataRole.FontRole and level in (SlaLevel.CRITICAL, SlaLevel.BREACHED):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            labels = {
                SlaLevel.OK: self.tr("On time"),
                SlaLevel.WARNING: self.tr("Due soon"),
                SlaLevel.CRITICAL: self.tr("Almost late"),
                SlaLevel.BREACHED: self.tr("Promise broken"),
            }
            return labels[level]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return level.value
        return None

    def _outcome_role(self, call: CallView, level: SlaLevel, role: int) -> Any:
        """A settled promise: a quiet colour and a sentence, no bold, no running clock."""
        if role == Qt.ItemDataRole.ForegroundRole:
            return color(f"sla_{level.value}")
        if role == Qt.ItemDataRole.ToolTipRole:
            late = minutes_late(call.sla_deadline, arrived_at(call) or call.sla_deadline)
            if late:
                return self.tr("Arrived %n min late: promise broken", "", late)
            return self.tr("Arrived in time: promise kept")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return "kept" if level is SlaLevel.OK else "broken"
        return None

    def _background(self, call: CallView, col: str) -> Any:
        started = self._pulses.get(call.id)
        if started is not None:
            fade = 1.0 - (self._elapsed.elapsed() - started) / self.pulse_ms
            if fade > 0:
                c = color("pulse")
                c.setAlphaF(max(0.0, min(1.0, fade)))
                return c
        pending = arrived_at(call) is None
        if col == "sla" and pending and self._level(call) is SlaLevel.BREACHED:
            return color("breached_bg")
        return None

    # --- drag source -----------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CALL_MIME, "text/plain"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if not rows:
            return QMimeData()
        return call_mime(self._ids[rows[0]])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    # --- time --------------------------------------------------------------------------------

    def tick(self) -> None:
        """Repaint the clock-driven columns (SLA, waiting: adjacent) of every row, nothing else."""
        # SLA and waiting sort by fixed timestamps: the text moves, the order does not
        self._emit_all(COL["sla"], COL["waiting"], keys_changed=False)

    def pulse(self, call_id: int) -> None:
        """Highlight a row that fades over a few seconds (a new urgent call)."""
        if call_id not in self._row:
            return
        self._pulses[call_id] = self._elapsed.elapsed()
        if not self._pulse_timer.isActive():
            self._pulse_timer.start()
        self._emit_row(call_id)

    def is_pulsing(self, call_id: int) -> bool:
        started = self._pulses.get(call_id)
        return started is not None and self._elapsed.elapsed() - started < self.pulse_ms

    def _on_pulse_frame(self) -> None:
        for call_id in list(self._pulses):
            if not self.is_pulsing(call_id):
                del self._pulses[call_id]
            self._emit_row(call_id)
        if not self._pulses:
            self._pulse_timer.stop()

    def start_timers(self) -> None:
        """Start the 1 s countdown tick (the panel does this while it is shown)."""
        self._ticker.start()

    def stop_timers(self) -> None:
        self._ticker.stop()
        self._pulse_timer.stop()

    # --- LiveState listeners ------------------------------------------------------------------

    def _on_state_reset(self) -> None:
        self._pulses.clear()
        self._reset_ids([*(c.id for c in self._state.open_calls()), *self._unsent])

    def _on_call_changed(self, call_id: int, call: CallView | None) -> None:
        if call is not None and call.status.is_open:
            self._upsert_id(call_id)
        elif self._remove_id(call_id):
            self._pulses.pop(call_id, None)
