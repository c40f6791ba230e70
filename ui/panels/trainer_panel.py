"""Trainer controls for a demo night: pause and resume, speed ×1..×60, reset, injections
(an emergency call, a van breakdown, a customer cancelling, a hub outage) and the
trainee's score next to what the engine did on the same night (the session's ``engine``:
the planner unless the demo was started with the recommendation engine).

The panel only talks to the DemoSession; the night itself reaches the console through the
hub like a live one. Async session calls run as tasks on the qasync loop.

Signals:
    injected(str)      an injection went through (its kind)
    reset_done()       the night started over
    failed(str)        a control could not be carried out (the reason)
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from console.domain import CATEGORY_SKILLS
from console.timezone import CENTER_TZ
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.labels import injection_name, label, weekday
from ui.models.tasks import run_reporting

#: (row label, how to read it from a NightSummary)
_ROWS: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("TrainerPanel", "Mean response"), "mean"),
    (QT_TRANSLATE_NOOP("TrainerPanel", "P90 response"), "p90"),
    (QT_TRANSLATE_NOOP("TrainerPanel", "SLA met"), "sla"),
    (QT_TRANSLATE_NOOP("TrainerPanel", "Travel"), "km"),
    (QT_TRANSLATE_NOOP("TrainerPanel", "Calls (done / open)"), "calls"),
)


def _minutes(v: float) -> str:
    return QCoreApplication.translate("TrainerPanel", "%1 min").replace("%1", f"{v:.0f}")


def _cell(summary: Any, what: str) -> str:
    if summary is None:
        return "…"
    if what == "mean":
        v = summary.mean_response_min
        return "–" if v is None else _minutes(v)
    if what == "p90":
        v = summary.p90_response_min
        return "–" if v is None else _minutes(v)
    if what == "sla":
        v = summary.sla_compliance
        return "–" if v is None else f"{v:.0%}"
    if what == "km":
        return QCoreApplication.translate("TrainerPanel", "%1 km").replace(
            "%1", f"{summary.travel_km:.0f}"
        )
    return f"{summary.completed} / {summary.open}"


class TrainerPanel(QWidget):
    injected = Signal(str)
    reset_done = Signal()
    failed = Signal(str)

    def __init__(
        self, session: Any, parent: QWidget | None = None, *, refresh_ms: int = 3000
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainerPanel")
        self.session = session
        self.tasks: set[asyncio.Task[Any]] = set()
        # compact boxes (tight margins, the score as a small table) so the whole panel fits
        # the tall right-hand column at 1366x768 without scrolling
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self._time_box())
        layout.addWidget(self._inject_box())
        layout.addWidget(self._score_box())
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.timer = QTimer(self, interval=refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    # --- building ------------------------------------------------------------------

    def _time_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Simulated night"), self)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        self.pause_button = QPushButton(self.tr("Pause"), box)
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        self.reset_button = QPushButton(self.tr("Reset night"), box)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.speed = QSlider(Qt.Orientation.Horizontal, box)
        self.speed.setRange(1, 60)
        self.speed.setValue(
            int(
                getattr(getattr(self.session, "clock", None), "speed", 0)
                or getattr(self.session, "initial_speed", 10)
            )
        )
        self.speed.setAccessibleName(self.tr("Simulation speed"))
        self.speed_label = QLabel(box)
        self.speed.valueChanged.connect(self._on_speed_changed)
        self.autopilot = QCheckBox(self.tr("Autopilot (engine dispatches)"), box)
        self.autopilot.setChecked(bool(getattr(self.session, "autopilot", False)))
        self.autopilot.toggled.connect(self.session.set_autopilot)
        self.clock_label = QLabel(box)
        grid.addWidget(self.clock_label, 0, 0, 1, 3)
        grid.addWidget(QLabel(self.tr("Speed"), box), 1, 0)
        grid.addWidget(self.speed, 1, 1)
        grid.addWidget(self.speed_label, 1, 2)
        grid.addWidget(self.pause_button, 2, 0)
        grid.addWidget(self.reset_button, 2, 1)
        grid.addWidget(self.autopilot, 3, 0, 1, 3)
        self._show_speed(self.speed.value())
        return box

    def _inject_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Inject"), self)
        grid = QGridLayout(box)
        self.category = QComboBox(box)
        for code in CATEGORY_SKILLS:
            self.category.addItem(label(code), code)
        self.category.setCurrentIndex(self.category.findData("burst_pipe"))
        self.emergency_button = QPushButton(self.tr("Emergency call"), box)
        self.emergency_button.clicked.connect(
            lambda: self._inject("emergency_call", category=self.category.currentData())
        )
        self.breakdown_button = QPushButton(self.tr("Van breakdown"), box)
        self.breakdown_button.clicked.connect(lambda: self._inject("van_breakdown"))
        self.cancel_button = QPushButton(self.tr("Customer cancels"), box)
        self.cancel_button.clicked.connect(lambda: self._inject("customer_cancel"))
        self.outage_button = QPushButton(self.tr("Hub outage"), box)
        self.outage_button.setToolTip(
            self.tr("Stop the hub for one simulated minute: the console must show it and recover")
        )
        self.outage_button.clicked.connect(lambda: self._inject("hub_outage", minutes=1))
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.category, 0, 0)
        grid.addWidget(self.emergency_button, 0, 1)
        grid.addWidget(self.breakdown_button, 1, 0)
        grid.addWidget(self.cancel_button, 1, 1)
        grid.addWidget(self.outage_button, 2, 0, 1, 2)
        return box

    def _score_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Score so far tonight: you vs the engine, same calls"), self)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        self.score_caption = QLabel(
            self.tr("Response: lower is better. SLA met: higher is better."), box
        )
        self.score_caption.setWordWrap(True)
        grid.addWidget(self.score_caption, 0, 0, 1, 3)
        for column, title in ((1, self.tr("You")), (2, self.tr("Engine"))):
            head = QLabel(title, box)
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(head, 1, column)
        engine = (
            self.tr("the recommendation engine")
            if getattr(self.session, "engine", "planner") == "recommend"
            else self.tr("the planner")
        )
        box.setToolTip(
            self.tr(
                "Calls created so far tonight (after a warm-up: since the engine handed "
                "over), judged as of the simulated now. The engine column is the same "
                "night dispatched by {engine} (\u2026 while it is being computed)."
            ).format(engine=engine)
        )
        self.cells: dict[tuple[str, str], QLabel] = {}
        for r, (title, key) in enumerate(_ROWS, start=2):
            grid.addWidget(QLabel(self.tr(str(title)), box), r, 0)
            for c, who in ((1, "trainee"), (2, "engine")):
                cell = QLabel("…", box)
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(cell, r, c)
                self.cells[(who, key)] = cell
        return box

    # --- controls ------------------------------------------------------------------

    def _on_pause_toggled(self, paused: bool) -> None:
        if paused:
            self.session.pause()
        else:
            self.session.resume()
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.refresh()

    def _on_speed_changed(self, value: int) -> None:
        self._show_speed(value)
        try:
            self.session.set_speed(float(value))
        except (RuntimeError, ValueError) as exc:
            self.failed.emit(str(exc))

    def _show_speed(self, value: int) -> None:
        self.speed_label.setText(f"×{value}")

    def _on_reset_clicked(self) -> None:
        self.reset_button.setEnabled(False)
        self._run(self._reset(), "reset")

    async def _reset(self) -> None:
        try:
            await self.session.reset()
        finally:
            self.reset_button.setEnabled(True)
        self.pause_button.setChecked(False)
        self.session.set_speed(float(self.speed.value()))
        self.reset_done.emit()
        self.refresh()

    def _inject(self, kind: str, **kw: Any) -> None:
        async def go() -> None:
            await self.session.inject(kind, **kw)
            self.status.setText(self.tr("Injected: %1").replace("%1", injection_name(kind)))
            self.injected.emit(kind)

        self._run(go(), kind)

    def _run(self, coro: Coroutine[Any, Any, None], what: str) -> None:
        run_reporting(coro, what, self.tasks, self._failed, owner=self)

    def _failed(self, reason: str) -> None:
        self.status.setText(reason)
        self.failed.emit(reason)

    # --- display -------------------------------------------------------------------

    def refresh(self) -> None:
        info = getattr(self.session, "info", None)
        if info is None:
            self.clock_label.setText(self.tr("Not started"))
            return
        scenario = getattr(self.session, "scenario", None)
        tz = ZoneInfo(getattr(scenario, "timezone", CENTER_TZ))
        now = info.clock().astimezone(tz)
        paused = self.tr(" (paused)") if self.session.paused else ""
        name = label(str(getattr(scenario, "name", "")))
        self.clock_label.setText(f"{name}  {now:%Y-%m-%d} {weekday(now)} {now:%H:%M}{paused}")
        try:
            score = self.session.score()
        except RuntimeError:
            return
        for (who, key), cell in self.cells.items():
            cell.setText(_cell(getattr(score, who), key))

    def closeEvent(self, event: Any) -> None:
        self.timer.stop()
        for task in list(self.tasks):
            task.cancel()
        super().closeEvent(event)
