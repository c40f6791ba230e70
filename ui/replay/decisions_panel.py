"""Decisions as they happened: who assigned which call to whom and when, what the engine
and the planner proposed at that moment, and the promised ETA against the arrival. Rows
appear as the replay passes them (a seek backwards removes them again).

The planner's column is filled on demand: for the newest decision as the replay reaches it
and for any row a reviewer selects. Each answer is a solver run, made in a worker process
(a busy night's solve takes up to a second and must not hold the window); a UI-thread timer
collects it, as the Plan panel does.
"""

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

from console.replay.decisions import Decision, PlannerProposal, planner_problem, propose
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.labels import actor_name
from ui.models.worker_process import WorkerProcess

Index = QModelIndex | QPersistentModelIndex


HEADERS = (
    QT_TRANSLATE_NOOP("DecisionsPanel", "Time"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Call"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Assigned to"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "By"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Engine proposed"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Planner proposed"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Promised"),
    QT_TRANSLATE_NOOP("DecisionsPanel", "Arrived"),
)


PLANNER_COLUMN = 5


class DecisionsModel(QAbstractTableModel):
    def __init__(self, decisions: list[Decision], tz: str) -> None:
        super().__init__()
        self.decisions = decisions
        self.times = [d.at for d in decisions]
        self.tz = tz
        self.zone = ZoneInfo(tz)
        self.shown = 0
        #: row -> the planner's answer, an error text, or None while it is being worked out
        self.planner: dict[int, PlannerProposal | str | None] = {}

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
            if index.column() == PLANNER_COLUMN:
                return self._planner_tip(index.row())
            return "\n".join(f"{r.name}: {'; '.join(r.reasons)}" for r in d.proposed) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == PLANNER_COLUMN:
            return self._planner_cell(index.row())
        column = index.column() - 1 if index.column() > PLANNER_COLUMN else index.column()
        return self._cell(d, column)

    def set_planner(self, row: int, answer: PlannerProposal | str | None) -> None:
        self.planner[row] = answer
        if row < self.shown:
            cell = self.index(row, PLANNER_COLUMN)
            self.dataChanged.emit(cell, cell)

    def forget_planner(self, row: int) -> None:
        if self.planner.pop(row, "") is None and row < self.shown:
            cell = self.index(row, PLANNER_COLUMN)
            self.dataChanged.emit(cell, cell)

    def _planner_cell(self, row: int) -> str:
        if row not in self.planner:
            return "—"
        answer = self.planner[row]
        if answer is None:
            return QCoreApplication.translate("DecisionsPanel", "planning…")
        if isinstance(answer, str):
            return QCoreApplication.translate("DecisionsPanel", "failed: {0}").format(answer)
        if not answer.technician_ids:
            return QCoreApplication.translate("DecisionsPanel", "leave waiting: {0}").format(
                answer.waiting_reason
            )
        names = ", ".join(answer.names)
        late = answer.late_minutes or 0.0
        when = (
            QCoreApplication.translate("DecisionsPanel", "on time")
            if late <= 0
            else QCoreApplication.translate("DecisionsPanel", "{0:.0f} min late").format(late)
        )
        return f"{names} {self._hm(answer.eta)} ({when})"

    def _planner_tip(self, row: int) -> str:
        answer = self.planner.get(row)
        if isinstance(answer, PlannerProposal):
            return QCoreApplication.translate(
                "DecisionsPanel",
                "The planner at that moment, with every other call kept as it was "
                "(solved in {0:.0f} ms)",
            ).format(answer.solve_ms)
        return QCoreApplication.translate(
            "DecisionsPanel", "Select the row to ask what the planner would have proposed"
        )

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
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.ask_planner(current.row())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._worker = WorkerProcess(self)  # spawned lazily, on the first question
        self._wanted: list[int] = []  # rows waiting for the worker, the last asked first
        self._auto: int | None = None  # the row asked because the replay reached it

    def show_until(self, at: datetime) -> None:
        before = self.model.shown
        self.model.show_until(at)
        if self.model.shown:
            self.view.scrollToBottom()
        if self.model.shown > before:
            # the decision just made; one the replay has already passed unasked is dropped
            # (at ×120 many pass a second, and the worker answers one at a time)
            if self._auto is not None and self._auto in self._wanted:
                self._wanted.remove(self._auto)
                self.model.forget_planner(self._auto)
            self._auto = self.model.shown - 1
            self.ask_planner(self._auto)

    def ask_planner(self, row: int) -> None:
        """Ask what the planner would have proposed for the decision in ``row``."""
        if not 0 <= row < self.model.shown or row in self.model.planner:
            return
        self.model.set_planner(row, None)
        self._wanted.append(row)
        self._next()

    def _next(self) -> None:
        if self._worker.busy or not self._wanted:
            return
        row = self._wanted.pop()
        decision = self.model.decisions[row]
        try:
            problem = planner_problem(decision, self.model.tz)
        except ValueError as exc:
            self.model.set_planner(row, str(exc))
            self._next()
            return
        assert decision.situation is not None  # planner_problem refused otherwise
        names = {t.id: t.name for t in decision.situation.technicians}
        self._worker.submit(
            propose,
            problem,
            decision.call_id,
            names,
            on_done=lambda answer: self._answered(row, answer),
            on_cancelled=lambda: self.model.forget_planner(row),
        )

    def _answered(self, row: int, answer: object) -> None:
        """UI thread: the worker's answer for ``row``; then the next question."""
        self.model.set_planner(row, answer if isinstance(answer, PlannerProposal) else str(answer))
        self._next()

    def shutdown(self) -> None:
        self._wanted.clear()
        self._worker.shutdown(wait=False)
