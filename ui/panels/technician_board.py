"""The technician board: who is where, doing what, until when; drop a call on a row to send
that technician.

A refused drop (off duty, missing skill) is explained right above the table with an
"Assign anyway…" action that asks for the reason the audit records.

Signals:
    technician_selected(int)   current technician changed (0 when none)
    technician_activated(int)  Enter or double-click (the shell follows them on the map)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

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

from console.domain import Skill, TechStatus
from console.live_state import LiveState
from console.timezone import CENTER_TZ
from console.travel import TravelModel
from ui import theme
from ui.models.labels import label
from ui.models.technician_model import (
    COL,
    TechIdRole,
    TechnicianFilterProxy,
    TechnicianModel,
)
from ui.shell.undo_toast import UndoToast, override


class TechnicianBoardPanel(QWidget):
    """Technicians with status, skills, current job, ETA, shift left and jobs tonight."""

    technician_selected = Signal(int)
    technician_activated = Signal(int)

    def __init__(
        self,
        state: LiveState,
        *,
        clock: Callable[[], datetime],
        actions: Any = None,
        travel: TravelModel | None = None,
        tz: str = CENTER_TZ,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("technicianBoard")
        self._state = state
        self._actions = actions
        self._pending: set[tuple[int, int]] = set()  # drops made here, awaiting the hub
        self.model = TechnicianModel(
            state, clock, travel=travel, tz=tz, assign=self.assign, parent=self
        )
        self.proxy = TechnicianFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.toast = UndoToast(self)
        self.toast.override_requested.connect(self._on_override_requested)
        self.view = self._build_view()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_filters())
        layout.addWidget(self.toast)
        layout.addWidget(self.view)
        self.set_density("comfortable")
        theme.notifier().changed.connect(self._on_theme_changed)
        if actions is not None:
            actions.refused.connect(self._on_refused)
            actions.assigned.connect(self._on_assigned)

    def _build_view(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("technicianTable")
        view.setModel(self.proxy)
        header = view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        # working technicians first until the dispatcher clicks a header
        self.proxy.sort_status_first()
        header.setSortIndicatorShown(False)
        header.sortIndicatorChanged.connect(self._on_header_sort)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAcceptDrops(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        view.setDragDropOverwriteMode(True)  # drop *on* a row, never between rows
        view.setDropIndicatorShown(True)
        view.setDefaultDropAction(Qt.DropAction.CopyAction)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(COL["skills"], QHeaderView.ResizeMode.Stretch)
        view.setAccessibleName(self.tr("Technician board"))
        view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        view.activated.connect(self._on_row_activated)
        return view

    def _build_filters(self) -> QHBoxLayout:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search technician…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.skill = QComboBox(self)
        self.skill.addItem(self.tr("All skills"), "")
        for skill in Skill:
            self.skill.addItem(label(skill.value), skill.value)
        self.skill.currentIndexChanged.connect(
            lambda _i: self.proxy.set_skill(self.skill.currentData() or "")
        )
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All statuses"), "")
        for status in TechStatus:
            self.status.addItem(label(status.value), status.value)
        self.status.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status.currentData() or "")
        )
        row = QHBoxLayout()
        for w in (self.search, self.skill, self.status):
            row.addWidget(w)
        row.setStretch(0, 1)
        return row

    # --- public API ------------------------------------------------------------------------

    def assign(self, call_id: int, tech_id: int) -> None:
        """Send ``tech_id`` to ``call_id`` through DispatchActions (what a drop does)."""
        if self._actions is None:
            return
        self._pending.add((call_id, tech_id))
        self._actions.assign(call_id, tech_id)

    def awaits_answer(self, call_id: int, tech_id: int) -> bool:
        """A drop made on this board is waiting for the hub (its refusal shows inline here)."""
        return (call_id, tech_id) in self._pending

    def sort_status_first(self) -> None:
        """Back to the default order: en route, on site, available, on break, off duty."""
        self.view.horizontalHeader().setSortIndicatorShown(False)
        self.proxy.sort_status_first()

    def _on_header_sort(self, column: int, order: Qt.SortOrder) -> None:
        if column < 0:
            return
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.proxy.sort_by_column(column, order)

    def _on_theme_changed(self, _name: str) -> None:
        self.view.viewport().update()  # colours come from the theme at paint time

    def set_density(self, density: str) -> None:
        """ "comfortable" or "compact" row height."""
        theme.apply_row_density(self.view, density)

    def selected_technician_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        value = rows[0].data(TechIdRole) if rows else None
        return int(value) if value is not None else None

    def select_technician(self, tech_id: int) -> bool:
        row = self.model.row_of(tech_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def showEvent(self, event: QShowEvent) -> None:
        self.model.start_timers()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.model.stop_timers()
        super().hideEvent(event)

    # --- handlers --------------------------------------------------------------------------

    def _on_refused(self, call_id: int, tech_id: int, message: str, problems: Any) -> None:
        if (call_id, tech_id) in self._pending:
            self._pending.discard((call_id, tech_id))
            self.toast.show_refusal(call_id, tech_id, message, problems)

    def _on_assigned(self, call: Any) -> None:
        for tech_id in getattr(call, "technician_ids", ()):
            self._pending.discard((call.id, tech_id))

    def _on_override_requested(self, call_id: int, tech_id: int, reason: str) -> None:
        if self._actions is not None:
            override(self._actions, self._state, call_id, tech_id, reason)

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self.technician_selected.emit(self.selected_technician_id() or 0)

    def _on_row_activated(self, index: QModelIndex) -> None:
        value = index.data(TechIdRole)
        if value is not None:
            self.technician_activated.emit(int(value))


#: The name the shell's panel catalogue looks for.
TechnicianBoard = TechnicianBoardPanel
