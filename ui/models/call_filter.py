"""Sorting and filtering of the call queue: category, priority, district and free text.

Whatever column sorts, calls waiting for a technician stay above calls already in hand.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex

from ui.models.call_queue_model import COL, COLUMNS, CallQueueModel, group_of
from ui.models.keyed_proxy import KeyedSortProxy

Index = QModelIndex | QPersistentModelIndex


class CallFilterProxy(KeyedSortProxy):
    """Sort by any column; filter by category, priority, district and free text.

    Keys are cached per row (KeyedSortProxy): the 1 s countdown repaint no longer re-sorts
    the queue (SLA and waiting sort by fixed timestamps), and a call event moves one row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._category = ""
        self._priority = ""
        self._district = ""
        self._text = ""

    def _model(self) -> CallQueueModel:
        model = self.sourceModel()
        assert isinstance(model, CallQueueModel)
        return model

    def set_category(self, value: str) -> None:
        self._category = value
        self.invalidate_filter()

    def set_priority(self, value: str) -> None:
        self._priority = value
        self.invalidate_filter()

    def set_district(self, value: str) -> None:
        self._district = value
        self.invalidate_filter()

    def set_search(self, text: str) -> None:
        self._text = text.strip().casefold()
        self.invalidate_filter()

    def group(self, source_row: int) -> int:
        """Waiting for a technician before in hand, in either order."""
        return group_of(self._model().call_at(source_row))

    def sort_key(self, source_row: int, column: int) -> Any:
        model = self._model()
        call = model.call_at(source_row)
        return (model.sort_key(call, COLUMNS[column]), call.id)

    def key_columns(self) -> frozenset[int] | None:
        return None  # the group reads status and crew: any row change may move it

    def filter_columns(self) -> frozenset[int] | None:
        return frozenset(COL[c] for c in ("id", "priority", "category", "address", "district"))

    def accepts(self, source_row: int) -> bool:
        if not (self._category or self._priority or self._district or self._text):
            return True
        return self.filterAcceptsRow(source_row, QModelIndex())

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
