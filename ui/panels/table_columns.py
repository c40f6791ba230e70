"""Table columns a dispatcher can read: sized to their content, the whole text of a cut
cell in its tooltip, and widths and sort remembered between shifts.

``fit_columns(view, settings, key)`` restores what was saved under ``tables/<key>`` (or
sizes every column to its content the first time) and saves changes a moment after the
dispatcher makes them. ``CutTextTips`` is a delegate whose tooltip is the cell's full text
when the column is too narrow to show it (otherwise the model's own tooltip).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

SAVE_DELAY_MS = 400


class CutTextTips(QStyledItemDelegate):
    """Tooltip = the full text of a cell that does not fit its column."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is None or view is None or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        if text and is_cut(self, option, index):
            tip = text if not own or text in str(own) else f"{text}\n{own}"
            QToolTip.showText(event.globalPos(), tip, view)
            return True
        return super().helpEvent(event, view, option, index)


def is_cut(
    delegate: QStyledItemDelegate,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
) -> bool:
    """True when the cell's content is wider than the cell."""
    return delegate.sizeHint(option, index).width() > option.rect.width()


def fit_columns(view: QTableView, settings: Any, key: str) -> None:
    """Restore the saved header (widths, sort) or size columns to their content;
    remember every change the dispatcher makes."""
    header = view.horizontalHeader()
    view.setItemDelegate(CutTextTips(view))
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    name = f"tables/{key}"
    saved = settings.get(name) if settings is not None else b""
    if not (saved and header.restoreState(QByteArray(saved))):
        size_to_content(view)
    if settings is None:
        return
    timer = QTimer(view, singleShot=True, interval=SAVE_DELAY_MS)
    timer.timeout.connect(lambda: settings.set(name, bytes(header.saveState().data())))
    header.sectionResized.connect(lambda *_a: timer.start())
    header.sectionMoved.connect(lambda *_a: timer.start())
    header.sortIndicatorChanged.connect(lambda *_a: timer.start())


def size_to_content(view: QTableView) -> None:
    """Each interactive column as wide as its widest text (header included), once."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
            view.resizeColumnToContents(column)
