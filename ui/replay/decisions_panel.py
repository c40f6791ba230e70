"""Decisions as they happened: who assigned which call to whom and when, what the engine
proposed at that moment, and the promised ETA against the arrival. Rows appear as the
replay passes them (a seek backwards removes them again)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from console.replay.decisions import Decision
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.labels import actor_name

Index = QModelIndex | QPersistentModelIndex


HEADERS = (
    QT_TRANSLATE_NOOP("DecisionsPanel", "Time"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Call"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Assigned to"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "By"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Engine proposed"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Promised"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Arrived"),
)


class DecisionsModel(QAbstractTableModel):
    def __init__(self, decisions: list[Decision], tz: str) -> None:
        super().__init__()
        self.decisions = decisions
        self.times = [d.at for d in decisions]
        self.zone = ZoneInfo(tz)
        self.shown = 0

    def show_until(self, at: datetime) -> None:
        n = bisect_right(self.times, at)
        if n > self.shown:
            self.beginInsertRows(QModelIndex(), self.shown, n - 1)
            self.shown = n
            self.endInsertRows()
        elif n < self.shown:
            self.beginRemoveRows(QModelIndex(), n, self.shown - 1)
            self.shown = n
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("DecisionsPanel", HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.shown:
            return None
        d = self.decisions[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"{r.name}: {'; '.join(r.reasons)}" for r in d.proposed) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._cell(d, index.column())

    def _cell(self, d: Decision, column: int) -> str:
        hm = self._hm
        if column == 0:
            return hm(d.at)
        if column == 1:
            return f"#{d.call_id}"
        if column == 2:
            text = d.technician_name
            if d.kind == "reassigned":
                text = QCoreApplication.translate("DecisionsPanel", "{name} (reassigned)").format(
                    name=text
                )
            return text + (f" — {d.override_reason}" if d.override_reason else "")
        if column == 3:
            return actor_name(d.by) or d.by
        if column == 4:
            top = d.proposed[0].name if d.proposed else "—"
            rank = (
                QCoreApplication.translate("DecisionsPanel", "same")
                if d.chosen_rank == 1
                else (
                    QCoreApplication.translate("DecisionsPanel", "#{n} of theirs").format(
                        n=d.chosen_rank
                    )
                    if d.chosen_rank
                    else QCoreApplication.translate("DecisionsPanel", "other")
                )
            )
            return f"{top} ({rank})"
        if column == 5:
            return hm(d.promised_at)
        late = d.late_minutes
        if d.arrived_at is None:
            return "—"
        return f"{hm(d.arrived_at)} ({late:+.0f} min)" if late is not None else hm(d.arrived_at)

    def _hm(self, at: datetime | None) -> str:
        return "—" if at is None else f"{at.astimezone(self.zone):%H:%M}"


class DecisionsPanel(QWidget):
    def __init__(self, decisions: list[Decision], tz: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionsPanel")
        self.model = DecisionsModel(decisions, tz)
        self.view = QTableView(self)
        self.view.setObjectName("decisionsView")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_until(self, at: datetime) -> None:
        self.model.show_until(at)
        if self.model.shown:
            self.view.scrollToBottom()
