"""A table model whose rows are domain ids: the shared half of the queue and board models.

Rows live in a list with an id -> row index, so one LiveState change inserts, repaints or
removes exactly one row; only a new snapshot resets the model (STYLE.md: never a full reset
per event). Subclasses declare their columns and headers and render the cells.

Repaints are coalesced per frame: a changed row or cell is marked dirty and one
``dataChanged`` per contiguous run of rows goes out when the frame timer fires (``FRAME_MS``),
so 200 events a second cost a handful of signals per frame, not one per event. A sorting
proxy that must know *which* rows changed at once (to keep its order right) registers with
:meth:`KeyedTableModel.on_rows_changed`; that plain-Python callback runs synchronously with
exact rows, before any repaint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

Index = QModelIndex | QPersistentModelIndex
#: Coalescing window for repaints (ms): ten repaints a second is live enough for a table,
#: and each repaint of a visible page costs hundreds of Python ``data()`` calls.
FRAME_MS = 100
#: More separate runs than this in one frame go out as one range (one signal, not hundreds).
MAX_RUNS = 32
#: ``on_rows_changed`` callback: (source rows, columns changed; None = the whole row).
RowsChanged = Callable[[list[int], tuple[int, ...] | None], None]


class KeyedTableModel(QAbstractTableModel):
    """Rows keyed by id; ``columns`` and ``row_flags`` are set by the subclass."""

    columns: tuple[str, ...] = ()
    row_flags = Qt.ItemFlag.NoItemFlags

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: dict[str, str] = {}  # column name -> translated title
        self._ids: list[int] = []
        self._row: dict[int, int] = {}
        self._flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
            | self.row_flags
        )
        self._dirty_rows: set[int] = set()  # ids whose whole row changed this frame
        self._dirty_cells: dict[int, set[int]] = {}  # column -> ids changed in it this frame
        self._row_listeners: list[RowsChanged] = []
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self.flush_changes)
        #: How many dataChanged signals the frame flush sent (benchmarks read it).
        self.data_changed_signals = 0
        #: How many model resets (only snapshots should reset).
        self.resets = 0

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
        return self._flags  # computed once: Python enum arithmetic per cell showed up

    def cell(self, row: int, column: int, role: int) -> Any:
        """``data()`` without a QModelIndex (subclasses implement it)."""
        return None

    # --- rows by id --------------------------------------------------------------------------

    def row_of(self, obj_id: int) -> int | None:
        return self._row.get(obj_id)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def _valid_row(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._ids)

    def on_rows_changed(self, cb: RowsChanged) -> None:
        """Call ``cb(rows, columns)`` at once whenever rows change in place (not on insert,
        remove or reset, which Qt's own signals announce)."""
        self._row_listeners.append(cb)

    def _reset_ids(self, ids: Iterable[int]) -> None:
        self._reset_sorted(sorted(ids))

    def _reset_sorted(self, ids: list[int]) -> None:
        """Swap in a new row list (already in id order) with one reset."""
        self.beginResetModel()
        self._ids = ids
        self._row = {obj_id: i for i, obj_id in enumerate(ids)}
        self._dirty_rows.clear()
        self._dirty_cells.clear()
        self.resets += 1
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
        self._dirty_rows.discard(obj_id)
        del self._ids[row]
        del self._row[obj_id]
        for i in range(row, len(self._ids)):
            self._row[self._ids[i]] = i
        self.endRemoveRows()
        return True

    def _emit_row(self, obj_id: int) -> None:
        """The row of ``obj_id`` changed: tell listeners now, repaint at the next frame."""
        row = self._row.get(obj_id)
        if row is None:
            return
        for cb in self._row_listeners:
            cb([row], None)
        self._dirty_rows.add(obj_id)
        self._schedule()

    def _emit_column(self, ids: Iterable[int], column: int) -> None:
        """Cells of ``ids`` in one column changed (a batch): listeners now, repaint per frame."""
        row_of = self._row
        known = [i for i in ids if i in row_of]
        if not known:
            return
        if self._row_listeners:
            rows = [row_of[i] for i in known]
            for cb in self._row_listeners:
                cb(rows, (column,))
        self._dirty_cells.setdefault(column, set()).update(known)
        self._schedule()

    def _emit_all(self, first_column: int, last_column: int, *, keys_changed: bool = True) -> None:
        """Every row, a block of columns (clock ticks): one signal now. ``keys_changed=False``
        when only the text moves with the clock, not what those columns sort by."""
        if not self._ids:
            return
        if keys_changed:
            rows = list(range(len(self._ids)))
            for cb in self._row_listeners:
                cb(rows, tuple(range(first_column, last_column + 1)))
        self.data_changed_signals += 1
        self.dataChanged.emit(
            self.index(0, first_column), self.index(len(self._ids) - 1, last_column)
        )

    def _schedule(self) -> None:
        if not self._frame.isActive():
            self._frame.start()

    def flush_changes(self) -> None:
        """Send this frame's repaints: one dataChanged per run of adjacent dirty rows (or
        one bounding range past ``MAX_RUNS``), and one per dirty column."""
        self._frame.stop()
        row_of, last = self._row, len(self.columns) - 1
        rows = sorted(row_of[i] for i in self._dirty_rows if i in row_of)
        self._dirty_rows.clear()
        for top, bottom in _runs(rows):
            self._signal(top, 0, bottom, last)
        cells, self._dirty_cells = self._dirty_cells, {}
        for column, ids in cells.items():
            rows = [row_of[i] for i in ids if i in row_of]
            if rows:
                self._signal(min(rows), column, max(rows), column)

    def _signal(self, top: int, left: int, bottom: int, right: int) -> None:
        self.data_changed_signals += 1
        self.dataChanged.emit(self.index(top, left), self.index(bottom, right))


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of adjacent rows; one bounding run past MAX_RUNS."""
    if not rows:
        return []
    runs: list[tuple[int, int]] = []
    start = prev = rows[0]
    for row in rows[1:]:
        if row > prev + 1:
            runs.append((start, prev))
            start = row
        prev = row
    runs.append((start, prev))
    return runs if len(runs) <= MAX_RUNS else [(rows[0], rows[-1])]
