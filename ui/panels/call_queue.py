"""The call queue panel: filter bar, sortable table, drag source for assigning calls.

Signals:
    call_selected(int)   the current call changed (0 when nothing is selected)
    call_activated(int)  Enter or double-click on a call (the shell opens job detail)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain import CATEGORY_SKILLS, Priority
from console.live_state import LiveState
from ui import theme
from ui.models.call_filter import CallFilterProxy
from ui.models.call_queue_model import COL, CallIdRole, CallQueueModel
from ui.models.labels import label


class CallQueuePanel(QWidget):
    """Open calls, most urgent first; drag one onto a technician, lane or map marker."""

    call_selected = Signal(int)
    call_activated = Signal(int)

    def __init__(
        self, state: LiveState, *, clock: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callQueue")
        self.model = CallQueueModel(state, clock, self)
        self.proxy = CallFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._state = state
        self._build_filters()
        self.view = QTableView(self)
        self.view.setObjectName("callQueueTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL["sla"], Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(
            COL["address"], QHeaderView.ResizeMode.Stretch
        )
        self.view.setAccessibleName(self.tr("Call queue"))
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.activated.connect(self._on_row_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filters)
        layout.addWidget(self.view)
        self.set_density("comfortable")
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.modelReset.connect(self._refresh_districts)
        self._refresh_districts()
        theme.notifier().changed.connect(self._on_theme_changed)

    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search address, name, phone, #id…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.category = QComboBox(self)
        self.category.addItem(self.tr("All categories"), "")
        for cat in CATEGORY_SKILLS:
            self.category.addItem(label(cat), cat)
        self.category.currentIndexChanged.connect(
            lambda _i: self.proxy.set_category(self.category.currentData() or "")
        )
        self.priority = QComboBox(self)
        self.priority.addItem(self.tr("All priorities"), "")
        names = {
            Priority.EMERGENCY: self.tr("Emergency"),
            Priority.URGENT: self.tr("Urgent"),
            Priority.NORMAL: self.tr("Normal"),
        }
        for prio in Priority:
            self.priority.addItem(names[prio], prio.value)
        self.priority.currentIndexChanged.connect(
            lambda _i: self.proxy.set_priority(self.priority.currentData() or "")
        )
        self.district = QComboBox(self)
        self.district.addItem(self.tr("All districts"), "")
        self.district.currentIndexChanged.connect(
            lambda _i: self.proxy.set_district(self.district.currentData() or "")
        )
        self._filters = QHBoxLayout()
        for w in (self.search, self.category, self.priority, self.district):
            self._filters.addWidget(w)
        self._filters.setStretch(0, 1)

    # --- public API ------------------------------------------------------------------------

    def pulse(self, call_id: int) -> None:
        """Flash a row (the shell's alerts call this for a new urgent call)."""
        self.model.pulse(call_id)

    def _on_theme_changed(self, _name: str) -> None:
        self.view.viewport().update()  # colours come from the theme at paint time

    def set_density(self, density: str) -> None:
        """ "comfortable" or "compact" row height."""
        theme.apply_row_density(self.view, density)

    def selected_call_id(self) -> int | None:
        index = self.view.currentIndex()
        rows = self.view.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        value = index.data(CallIdRole) if index.isValid() else None
        return int(value) if value is not None else None

    def select_call(self, call_id: int) -> bool:
        """Select and show a call (from the map or an alert); False if it is filtered out."""
        row = self.model.row_of(call_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        self.model.start_timers()  # the countdown only ticks while someone can see it
        self.model.tick()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.model.stop_timers()
        super().hideEvent(event)

    # --- handlers --------------------------------------------------------------------------

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self.call_selected.emit(self.selected_call_id() or 0)

    def _on_row_activated(self, index: QModelIndex) -> None:
        value = index.data(CallIdRole)
        if value is not None:
            self.call_activated.emit(int(value))

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._add_districts({self.model.call_at(r).district for r in range(first, last + 1)})

    def _refresh_districts(self) -> None:
        self._add_districts({c.district for c in self._state.calls.values()})

    def _add_districts(self, districts: set[str]) -> None:
        known = {self.district.itemData(i) for i in range(1, self.district.count())}
        for d in sorted(districts - known - {""}):
            self.district.addItem(d, d)
