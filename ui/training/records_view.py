"""The trainer's Training records view: every trainee's nights, hours, last and best scores
and trend, filtered by scenario, with the center's readiness rule (set here) and who meets it.

Everything comes from the live hub (``training_records``, ``set_training_rule``) as asyncio
requests on the qasync loop: the UI thread never waits on the network or the database.

Signals:
    records_loaded(int)   an answer arrived (the number of trainees shown)
    rule_saved()          the hub stored the rule
    failed(str)           a request was refused or could not be sent (the reason)
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.sim.scenario import available
from ui.models.labels import label
from ui.models.tasks import run_reporting
from ui.training.records_model import NightModel, TraineeModel


class TrainingRecordsDialog(QDialog):
    records_loaded = Signal(int)
    rule_saved = Signal()
    failed = Signal(str)

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingRecords")
        self.setWindowTitle(self.tr("Training records"))
        self.client = client
        self.tasks: set[asyncio.Task[Any]] = set()
        self.answer: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.scenario = QComboBox(self)
        self.scenario.setAccessibleName(self.tr("Scenario filter"))
        self.scenario.addItem(self.tr("All scenarios"), "")
        for name in available():
            self.scenario.addItem(label(name), name)
        self.scenario.currentIndexChanged.connect(lambda _i: self.load())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.load)
        top.addWidget(QLabel(self.tr("Scenario"), self))
        top.addWidget(self.scenario, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.model = TraineeModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.nights_model = NightModel(self)
        self.nights_view = QTableView(self)
        self.nights_view.setModel(self.nights_model)
        self.nights_view.verticalHeader().hide()
        nights_header = self.nights_view.horizontalHeader()
        nights_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        nights_header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._on_trainee_changed)
        layout.addWidget(self.nights_view, 1)
        self.ready_label = QLabel(self)
        layout.addWidget(self.ready_label)
        layout.addWidget(self._rule_box())
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.resize(1100, 620)
        self.load()

    def _rule_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Readiness rule"), self)
        row = QHBoxLayout(box)
        self.rule_nights = QSpinBox(box)
        self.rule_nights.setRange(1, 100)
        self.rule_pts = QDoubleSpinBox(box)
        self.rule_pts.setRange(0, 100)
        self.rule_pts.setDecimals(1)
        self.rule_scenario = QComboBox(box)
        self.rule_scenario.addItem(self.tr("any scenario"), "")
        for name in available():
            self.rule_scenario.addItem(label(name), name)
        self.save_button = QPushButton(self.tr("Save rule"), box)
        self.save_button.clicked.connect(self._on_save_clicked)
        row.addWidget(self.rule_nights)
        row.addWidget(QLabel(self.tr("nights with SLA within"), box))
        row.addWidget(self.rule_pts)
        row.addWidget(QLabel(self.tr("points of the engine, one of them"), box))
        row.addWidget(self.rule_scenario, 1)
        row.addWidget(self.save_button)
        return box

    # --- requests ----------------------------------------------------------------------

    def load(self) -> None:
        self.status.setText(self.tr("Loading…"))
        self._run(self._load(), "load")

    async def _load(self) -> None:
        answer = await self.client.training_records(scenario=self.scenario.currentData() or None)
        self.answer = answer
        self.model.set_rows(answer["trainees"])
        if self.model.rowCount():
            self.view.selectRow(0)
        self._show_nights(self.view.currentIndex().row())
        self._show_rule(answer["rule"])
        ready = sum(1 for t in answer["trainees"] if t["ready"])
        self.ready_label.setText(
            self.tr("%1 of %2 trainees meet the rule; %3 nights shown")
            .replace("%1", str(ready))
            .replace("%2", str(len(answer["trainees"])))
            .replace("%3", str(len(answer["nights"])))
        )
        self.status.setText("")
        self.records_loaded.emit(len(answer["trainees"]))

    def _on_trainee_changed(self, current: Any, _previous: Any) -> None:
        self._show_nights(current.row())

    def _show_nights(self, row: int) -> None:
        """The selected trainee's nights (of the filtered scenario) in the lower table."""
        if not 0 <= row < len(self.model.rows):
            self.nights_model.set_rows([])
            return
        who = self.model.rows[row]["trainee_id"]
        nights = self.answer.get("nights", [])
        self.nights_model.set_rows([n for n in nights if n["trainee_id"] == who])

    def _show_rule(self, rule: dict[str, Any]) -> None:
        self.rule_nights.setValue(int(rule["nights"]))
        self.rule_pts.setValue(float(rule["sla_within_pts"]))
        i = self.rule_scenario.findData(rule["scenario"] or "")
        self.rule_scenario.setCurrentIndex(max(0, i))

    def _on_save_clicked(self) -> None:
        self._run(self._save(), "save")

    async def _save(self) -> None:
        await self.client.set_training_rule(
            nights=self.rule_nights.value(),
            sla_within_pts=self.rule_pts.value(),
            scenario=self.rule_scenario.currentData() or None,
        )
        self.rule_saved.emit()
        await self._load()

    def _run(self, coro: Coroutine[Any, Any, None], what: str) -> None:
        run_reporting(coro, what, self.tasks, self._failed, owner=self)

    def _failed(self, reason: str) -> None:
        self.status.setText(reason)
        self.failed.emit(reason)

    def done(self, result: int) -> None:
        for task in list(self.tasks):
            task.cancel()
        super().done(result)
