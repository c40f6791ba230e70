"""``KeyedSortProxy``: sorts and filters a KeyedTableModel in Python, with cached keys.

QSortFilterProxyModel compares rows through ``data()``: over a Python model of 10,000
technicians one sort is about 280,000 Python calls (seconds), and with dynamic sorting on,
every changed row costs a layout change. Here each source row's sort key is computed once
and cached; a full sort is one ``sorted()`` over the cached keys; a row whose key changed
moves alone (``beginMoveRows``), so selection and scroll position stay put. Past
``MOVE_LIMIT`` moves at once it re-sorts once instead (one layout change).

The source tells this proxy at once, in plain Python, which rows changed
(``KeyedTableModel.on_rows_changed``), so only those keys are recomputed; repaints arrive
later, coalesced per frame, and are forwarded as they are.

Subclasses implement ``sort_key(source_row, column)`` (a total order: end the tuple with
the id) and ``accepts(source_row)``, optionally ``group(source_row)`` (lower groups first
whatever the order), and name in ``key_columns``/``filter_columns`` which source columns
feed them (``None``: all). Cached keys are ``(group, sort_key)`` pairs.
"""

from __future__ import annotations

from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ui.models.keyed_table import KeyedTableModel

Index = QModelIndex | QPersistentModelIndex
#: More rows than this changing place at once: one re-sort instead of single moves.
MOVE_LIMIT = 24


class KeyedSortProxy(QAbstractProxyModel):
    """Rows of a KeyedTableModel, filtered and sorted by Python keys (see module doc)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[int] = []  # proxy row -> source row
        self._pos_map: dict[int, int] = {}  # source row -> proxy row; rebuilt when stale
        self._pos_stale = False  # a move or insert shifted rows: rebuild on the next lookup
        self._visible: set[int] = set()  # source rows the filter accepts
        self._keys: list[Any] = []  # source row -> cached sort key (None: unsorted)
        self._column = -1
        self._order = Qt.SortOrder.AscendingOrder
        self._src: KeyedTableModel | None = None
        #: How many times the whole order was rebuilt (benchmarks and tests read it).
        self.full_sorts = 0

    # --- hooks ---------------------------------------------------------------------------

    def sort_key(self, source_row: int, column: int) -> Any:
        return source_row

    def group(self, source_row: int) -> int:
        """Rows of a lower group come first in either sort order (default: one group)."""
        return 0

    def accepts(self, source_row: int) -> bool:
        return True

    def key_columns(self) -> frozenset[int] | None:
        """Source columns the current sort key reads (None: any)."""
        return None if self._column < 0 else frozenset({self._column})

    def filter_columns(self) -> frozenset[int] | None:
        return None

    # --- source --------------------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, KeyedTableModel):
            raise TypeError("KeyedSortProxy sorts a KeyedTableModel")
        self.beginResetModel()
        super().setSourceModel(model)
        self._src = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_source_reset)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._on_rows_about_to_be_removed)
        model.rowsRemoved.connect(self._on_rows_removed)
        model.dataChanged.connect(self._on_data_changed)
        model.on_rows_changed(self._on_rows_changed)
        self._rebuild()
        self.endResetModel()

    def _on_source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _rebuild(self, *, rekey: bool = True) -> None:
        """Order from scratch: every key (``rekey``) and the filter over every row."""
        n = self._src.rowCount() if self._src is not None else 0
        column = self._column
        if rekey or len(self._keys) != n:
            self._keys = [self._key(r) for r in range(n)] if column >= 0 else [None] * n
        self._set_rows(self._ordered([r for r in range(n) if self.accepts(r)]))
        self.full_sorts += 1

    def _set_rows(self, rows: list[int]) -> None:
        self._rows = rows
        self._visible = set(rows)
        self._pos_stale = True

    @property
    def _pos(self) -> dict[int, int]:
        """Source row -> proxy row, rebuilt lazily (a run of moves costs one rebuild)."""
        if self._pos_stale:
            self._pos_map = {src: i for i, src in enumerate(self._rows)}
            self._pos_stale = False
        return self._pos_map

    def _at(self, src: int) -> int:
        """The proxy row of a visible source row, without forcing a rebuild."""
        return self._rows.index(src) if self._pos_stale else self._pos_map[src]

    def _relayout(self, *, refilter: bool = False, rekey: bool = False) -> None:
        """A new order with one layout change; selection and current row follow their rows.
        ``rekey`` recomputes every key (new sort column); ``refilter`` re-runs the filter."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = [(self._rows[i.row()], i.column()) if i.isValid() else None for i in old]
        if rekey or refilter:
            self._rebuild(rekey=rekey)
        else:
            self._set_rows(self._ordered(self._rows))
            self.full_sorts += 1
        pos = self._pos
        new = [
            self.index(pos[h[0]], h[1]) if h is not None and h[0] in pos else QModelIndex()
            for h in held
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _key(self, source_row: int) -> tuple[int, Any]:
        return (self.group(source_row), self.sort_key(source_row, self._column))

    def _ordered(self, rows: list[int]) -> list[int]:
        if self._column < 0:
            return sorted(rows)
        desc = self._order == Qt.SortOrder.DescendingOrder
        keys = self._keys
        ordered = sorted(rows, key=lambda r: keys[r][1], reverse=desc)
        ordered.sort(key=lambda r: keys[r][0])  # stable: groups first, order kept inside
        return ordered

    def _on_rows_inserted(self, parent: Index, first: int, last: int) -> None:
        count = last - first + 1
        if first < len(self._keys):  # rows shifted: renumber what follows
            self._set_rows([r + count if r >= first else r for r in self._rows])
        for r in range(first, last + 1):
            self._keys.insert(r, self._key(r) if self._column >= 0 else None)
        for r in range(first, last + 1):
            if self.accepts(r):
                self._insert(r)

    def _insert(self, src: int) -> None:
        at = self._place(src, len(self._rows))
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, src)
        self._visible.add(src)
        self._pos_stale = True
        self.endInsertRows()

    def _on_rows_about_to_be_removed(self, parent: Index, first: int, last: int) -> None:
        for src in range(first, last + 1):
            if src in self._visible:
                self._remove(src)

    def _on_rows_removed(self, parent: Index, first: int, last: int) -> None:
        count = last - first + 1
        del self._keys[first : last + 1]
        self._set_rows([r - count if r > last else r for r in self._rows])

    def _on_rows_changed(self, rows: list[int], columns: tuple[int, ...] | None) -> None:
        """Re-key and re-filter exactly the rows that changed, when what changed matters."""
        keyed, filtered = self.key_columns(), self.filter_columns()
        resort = self._column >= 0 and _touches(columns, keyed)
        refilter = _touches(columns, filtered)
        if not (resort or refilter):
            return
        moved: list[int] = []
        for r in rows:
            if resort:
                new = self._key(r)
                if new != self._keys[r]:
                    self._keys[r] = new
                    moved.append(r)
            if refilter and (r in self._visible) != self.accepts(r) and r not in moved:
                moved.append(r)
        if len(moved) > MOVE_LIMIT:
            self._relayout(refilter=refilter)
            return
        for r in moved:
            self._reposition(r)

    def _reposition(self, src: int) -> None:
        shown, wanted = src in self._visible, self.accepts(src)
        if shown and not wanted:
            self._remove(src)
        elif wanted and not shown:
            self._insert(src)
        elif shown and self._column >= 0:
            self._move(src)

    def _remove(self, src: int) -> None:
        at = self._at(src)
        self.beginRemoveRows(QModelIndex(), at, at)
        self._rows.pop(at)
        self._visible.discard(src)
        self._pos_stale = True
        self.endRemoveRows()

    def _move(self, src: int) -> None:
        old = self._at(src)
        self._rows.pop(old)
        new = self._place(src, len(self._rows))
        self._rows.insert(old, src)
        if new == old:
            return
        dest = new if new < old else new + 1  # Qt counts the destination before the move
        self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), dest)
        self._rows.pop(old)
        self._rows.insert(new, src)
        self._pos_stale = True
        self.endMoveRows()

    def _place(self, src: int, hi: int) -> int:
        """Where ``src`` goes in ``self._rows[:hi]`` (binary search on cached keys)."""
        if self._column < 0:
            lo_key = src  # unsorted: source order
            lo, top = 0, hi
            while lo < top:
                mid = (lo + top) // 2
                if self._rows[mid] < lo_key:
                    lo = mid + 1
                else:
                    top = mid
            return lo
        key, keys, rows = self._keys[src], self._keys, self._rows
        desc = self._order == Qt.SortOrder.DescendingOrder
        lo, top = 0, hi
        while lo < top:
            mid = (lo + top) // 2
            other = keys[rows[mid]]
            if other[0] != key[0]:
                before = other[0] < key[0]
            else:
                before = (other[1] > key[1]) if desc else (other[1] < key[1])
            if before:
                lo = mid + 1
            else:
                top = mid
        return lo

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any = None) -> None:
        """Forward a repaint: one range over the proxy rows the source rows landed on."""
        if not self._rows:
            return
        first, last = top.row(), bottom.row()
        if last - first + 1 >= len(self._visible):
            lo, hi = 0, len(self._rows) - 1
        elif self._pos_stale and last - first < 8:  # a few rows after moves: no rebuild
            at = [self._rows.index(r) for r in range(first, last + 1) if r in self._visible]
            if not at:
                return
            lo, hi = min(at), max(at)
        else:
            pos = self._pos
            at = [pos[r] for r in range(first, last + 1) if r in pos]
            if not at:
                return
            lo, hi = min(at), max(at)
        self.dataChanged.emit(self.index(lo, top.column()), self.index(hi, bottom.column()))

    # --- sorting and filtering -------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._column, self._order = column, order
        self._relayout(rekey=True)

    def sortColumn(self) -> int:
        return self._column

    def sortOrder(self) -> Qt.SortOrder:
        return self._order

    def invalidate_filter(self) -> None:
        """The filter changed: re-filter every row (cached keys are kept)."""
        self._relayout(refilter=True)

    # --- Qt structure ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (
            0 <= column < self.columnCount()
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    @overload
    def parent(self) -> QObject: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> Any:
        if child is None:
            return super().parent()
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._src is None:
            return 0
        return len(self._src.columns)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if not proxy_index.isValid() or self._src is None:
            return QModelIndex()
        row = proxy_index.row()
        if not 0 <= row < len(self._rows):
            return QModelIndex()
        return self._src.index(self._rows[row], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        at = self._pos.get(source_index.row())
        return QModelIndex() if at is None else self.index(at, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if self._src is None or not 0 <= row < len(self._rows) or not index.isValid():
            return None
        return self._src.cell(self._rows[row], index.column(), role)  # no index round trip

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self._src is None or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._src.flags(index)  # the same for every row: no mapping needed

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._src is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        return self._src.headerData(section, orientation, role)


def _touches(columns: tuple[int, ...] | None, watched: frozenset[int] | None) -> bool:
    return columns is None or watched is None or not watched.isdisjoint(columns)
