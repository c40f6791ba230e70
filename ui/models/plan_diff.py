"""The Plan panel's table: one row per proposed change (new assignment, reassignment, a
call that stays waiting), then the pinned calls the plan keeps as they are, so a dispatcher
can unpin them where they see the plan. A new plan replaces the rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from console.domain import CallView
from console.planning.diff import NEW, REASSIGN, WAIT, Change
from console.planning.live import PLANNABLE
from console.planning.result import Totals

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("change", "call", "before", "after", "eta", "reason")
#: Not a change: a call a dispatcher pinned, listed so it can be unpinned here.
PINNED = "pinned"


class PlanDiffModel(QAbstractTableModel):
    """One row per proposed change; a new plan replaces the rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Change] = []
        self.names: dict[int, str] = {}
        self._kinds = {
            NEW: self.tr("Assign"),
            REASSIGN: self.tr("Reassign"),
            WAIT: self.tr("Stays waiting"),
            PINNED: self.tr("Pinned"),
        }
        self._headers = (
            self.tr("Change"),
            self.tr("Call"),
            self.tr("Now"),
            self.tr("Plan"),
            self.tr("On site"),
            self.tr("Why"),
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return c.call_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = COLUMNS[index.column()]
        if col == "change":
            return self._kinds[c.kind]
        if col == "call":
            return f"#{c.call_id}"
        if col in ("before", "after"):
            ids = c.before if col == "before" else c.after
            return ", ".join(self.names.get(t, f"#{t}") for t in ids) or "–"
        if col == "eta":
            return "–" if c.eta is None else c.eta.strftime("%H:%M")
        if c.kind == PINNED:
            return self.tr("Pinned: every plan keeps it (Ctrl+Shift+P unpins)")
        return c.reason

    def set_changes(self, rows: list[Change], names: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows, self.names = rows, names
        self.endResetModel()


def pinned_rows(calls: dict[int, CallView]) -> list[Change]:
    """The pinned calls the plan keeps as they are, as rows after the changes."""
    return [
        Change(PINNED, c.id, c.technician_ids, c.technician_ids, None, 0.0, "")
        for c in sorted(calls.values(), key=lambda c: c.id)
        if c.pinned and c.status in PLANNABLE and c.technician_ids
    ]


def totals_text(after: Totals, before: Totals | None) -> str:
    def line(t: Totals) -> str:
        return (
            f"{t.on_time} on time, {t.late} late ({t.lateness_minutes:.0f} min), "
            f"{t.km:.0f} km, overtime {t.overtime_minutes:.0f} min"
        )

    text = f"Plan: {line(after)}"
    return text if before is None else f"{text}\nNow: {line(before)}"


