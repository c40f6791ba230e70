"""Sorting and filtering of the call queue: category, priority, district and free text.

Whatever column sorts, calls waiting for a technician stay above calls already in hand.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ui.models.call_queue_model import COLUMNS, CallQueueModel, SortRole, group_of

Index = QModelIndex | QPersistentModelIndex


class CallFilterProxy(QSortFilterProxyModel):
    """Sort by any column; filter by category, priority, district and free text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self._category = ""
        self._priority = ""
        self._district = ""
        self._text = ""

    def set_category(self, value: str) -> None:
        self._category = value
        _refilter(self)

    def set_priority(self, value: str) -> None:
        self._priority = value
        _refilter(self)

    def set_district(self, value: str) -> None:
        self._district = value
        _refilter(self)

    def set_search(self, text: str) -> None:
        self._text = text.strip().casefold()
        _refilter(self)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Group first (waiting before in hand, in either order), then the sort column.

        Reads the calls straight from the source model: this runs for every comparison of
        every re-sort, so no QVariant round trips."""
        model = self.sourceModel()
        if not isinstance(model, CallQueueModel):
            return super().lessThan(left, right)
        a_call, b_call = model.call_at(left.row()), model.call_at(right.row())
        a_group, b_group = group_of(a_call), group_of(b_call)
        if a_group != b_group:
            # Qt reverses lessThan for a descending sort; undo that for the group
            return (a_group < b_group) == (self.sortOrder() == Qt.SortOrder.AscendingOrder)
        column = COLUMNS[left.column()]
        a, b = model.sort_key(a_call, column), model.sort_key(b_call, column)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CallQueueModel) or source_parent.isValid():
            return True
        call = model.call_at(source_row)
        if self._category and call.category != self._category:
            return False
        if self._priority and call.priority.value != self._priority:
            return False
        if self._district and call.district != self._district:
            return False
        if self._text.startswith("#"):
            return self._text[1:] == str(call.id)
        if self._text:
            hay = f"{call.id} {call.address} {call.customer_name} {call.phone}".casefold()
            digits = "".join(ch for ch in call.phone if ch.isdigit())
            return self._text in hay or (self._text.isdigit() and self._text in digits)
        return True


def _refilter(proxy: QSortFilterProxyModel) -> None:
    """Re-run the filter (Qt 6.10+ prefers begin/endFilterChange over invalidateFilter)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        proxy.endFilterChange()
    else:
        proxy.invalidateFilter()
