"""The audit rows on screen: a table model over the pages the hub sent, appended page by page
(never a reset per page), and the same rows as CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from console.security.cells import safe_text

COLUMNS = ("at", "actor", "action", "entity", "entity_id", "reason", "details")
Index = QModelIndex | QPersistentModelIndex


def _details(row: dict[str, Any]) -> str:
    parts = [json.dumps(row[k], ensure_ascii=False) for k in ("before", "after") if row.get(k)]
    return " → ".join(parts)


def cell(row: dict[str, Any], column: str) -> str:
    if column == "details":
        return _details(row)
    value = row.get(column)
    return "" if value is None else str(value)


class AuditModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        return cell(self.rows[index.row()], COLUMNS[index.column()])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].replace("_", " ")
        return None

    def clear(self) -> None:
        if self.rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self.rows) - 1)
            self.rows = []
            self.endRemoveRows()

    def append(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def to_csv(self) -> str:
        """The loaded rows as CSV; text that a spreadsheet would run as a formula (a user
        name typed at a failed sign-in is anyone's) is written as text."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in self.rows:
            writer.writerow([safe_text(cell(row, c)) for c in COLUMNS])
        return out.getvalue()
