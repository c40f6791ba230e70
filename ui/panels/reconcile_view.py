"""The reconcile view: what the dispatcher did offline that the hub could not apply as made
(someone else assigned the call meanwhile, the call was closed), in one place.

Each row says what was done offline, when, what the hub answered and how the call stands now.
The dispatcher either keeps the hub's version ("Keep theirs") or applies theirs again on
top of the current state ("Apply mine"); nothing is overwritten without that choice.

Signals: reapply_requested(Entry), resolved(int).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.live_state import LiveState
from console.outbox import Entry, Outbox
from ui.models.labels import label

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("when", "what", "hub", "now")


class ConflictModel(QAbstractTableModel):
    """The outbox's unresolved conflicts, one row each, oldest first."""

    def __init__(self, outbox: Outbox, state: LiveState, parent: QWidget | None = None,
                 *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self.outbox = outbox
        self.state = state
        self._tz = tz
        self.entries: list[Entry] = outbox.conflicts()
        self._headers = {
            "when": self.tr("Done offline at"),
            "what": self.tr("What you did"),
            "hub": self.tr("What the hub said"),
            "now": self.tr("The call now"),
        }

    def reload(self) -> None:
        self.beginResetModel()
        self.entries = self.outbox.conflicts()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
        ):
            return None
        entry = self.entries[index.row()]
        col = COLUMNS[index.column()]
        if col == "when":
            return entry.created_at.astimezone(self._tz).strftime("%H:%M:%S")
        if col == "what":
            return entry.description
        if col == "hub":
            return entry.reason or entry.code or ""
        return self._now(entry)

    def _now(self, entry: Entry) -> str:
        call = self.state.calls.get(entry.call_id) if entry.call_id is not None else None
        if call is None:
            return ""
        techs = self.state.technicians
        names = ", ".join(techs[t].name if t in techs else f"#{t}" for t in call.technician_ids)
        status = label(call.status.value)
        return self.tr("{status}, with {names}").format(status=status, names=names) if names \
            else status


class ReconcileView(QDialog):
    reapply_requested = Signal(object)
    resolved = Signal(int)

    def __init__(self, outbox: Outbox, state: LiveState, parent: QWidget | None = None,
                 *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reconcileView")
        self.setWindowTitle(self.tr("Reconcile offline actions"))
        self.outbox = outbox
        self.model = ConflictModel(outbox, state, self, tz=tz)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            mode = QHeaderView.ResizeMode.Stretch if COLUMNS[col] == "hub" else \
                QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(col, mode)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        intro = QLabel(
            self.tr(
                "These actions were made while the hub was unreachable and could not be "
                "applied as made. Keep the hub's version, or apply yours on top of it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.keep = QPushButton(self.tr("Keep theirs"), self)
        self.mine = QPushButton(self.tr("Apply mine"), self)
        self.keep.clicked.connect(self.keep_theirs)
        self.mine.clicked.connect(self.apply_mine)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep)
        buttons.addWidget(self.mine)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(980, 320)
        self.table.resizeRowsToContents()
        if self.model.entries:
            self.table.selectRow(0)

    def selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows else None

    def keep_theirs(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._resolve(entry)

    def apply_mine(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.reapply_requested.emit(entry)
            self._resolve(entry)

    def _resolve(self, entry: Entry) -> None:
        self.outbox.resolve(entry.seq)
        self.model.reload()
        self.resolved.emit(entry.seq)
        if self.model.entries:
            self.table.selectRow(0)
