"""A table model whose rows are domain ids: the shared half of the queue and board models.

Rows live in a list with an id -> row index, so one LiveState change inserts, repaints or
removes exactly one row; only a new snapshot resets the model (STYLE.md: never a full reset
per event). Subclasses declare their columns and headers and render the cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class KeyedTableModel(QAbstractTableModel):
    """Rows keyed by id; ``columns`` and ``row_flags`` are set by the subclass."""

    columns: tuple[str, ...] = ()
    row_flags = Qt.ItemFlag.NoItemFlags

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: dict[str, str] = {}  # column name -> translated title
        self._ids: list[int] = []
        self._row: dict[int, int] = {}

    # --- Qt structure ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self._headers[self.columns[section]]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
            | self.row_flags
        )

    # --- rows by id --------------------------------------------------------------------------

    def row_of(self, obj_id: int) -> int | None:
        return self._row.get(obj_id)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def _valid_row(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._ids)

    def _reset_ids(self, ids: Iterable[int]) -> None:
        self.beginResetModel()
        self._ids = sorted(ids)
        self._row = {obj_id: i for i, obj_id in enumerate(self._ids)}
        self.endResetModel()

    def _upsert_id(self, obj_id: int) -> None:
        """Append a new row, or repaint the existing one."""
        if obj_id in self._row:
            self._emit_row(obj_id)
            return
        n = len(self._ids)
        self.beginInsertRows(QModelIndex(), n, n)
        self._ids.append(obj_id)
        self._row[obj_id] = n
        self.endInsertRows()

    def _remove_id(self, obj_id: int) -> bool:
        row = self._row.get(obj_id)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        del self._row[obj_id]
        for i in range(row, len(self._ids)):
            self._row[self._ids[i]] = i
        self.endRemoveRows()
        return True

    def _emit_row(self, obj_id: int) -> None:
        row = self._row.get(obj_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def _emit_column(self, ids: Iterable[int], column: int) -> None:
        """One dataChanged over the rows of ``ids`` in one column (a batch, not N signals)."""
        rows = [self._row[i] for i in ids if i in self._row]
        if rows:
            self.dataChanged.emit(self.index(min(rows), column), self.index(max(rows), column))
