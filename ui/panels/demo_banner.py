"""The strip that says, on every screen and dialog of a demo, that nothing here is live.

Amber text on a dark brown ground: readable at 3 a.m. without glare, and a different colour
from every live-status colour so it is never mistaken for an alert. With a demo session it
also shows the simulated time, speed and whether the night is paused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from console.timezone import CENTER_TZ

AMBER = "#f2b94b"
GROUND = "#2a1f0c"
EDGE = "#8a6420"


class DemoBanner(QWidget):
    """ "DEMO — simulated night, not live data" (+ the simulated clock when given a session)."""

    def __init__(self, session: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.session = session
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            f"#demoBanner {{ background: {GROUND}; border-bottom: 1px solid {EDGE}; }}"
            f"#demoBanner QLabel {{ color: {AMBER}; background: transparent; }}"
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.label = QLabel(self.tr("DEMO — simulated night, not live data"), self)
        self.label.setObjectName("demoBannerText")
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.label.setAccessibleName(self.label.text())
        self.clock = QLabel(self)
        self.clock.setObjectName("demoBannerClock")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 3, 10, 3)
        row.addWidget(self.label)
        row.addStretch(1)
        row.addWidget(self.clock)
        self.setToolTip(
            self.tr(
                "Training mode: calls, customers and technicians are simulated. "
                "Nothing you do here reaches the live database."
            )
        )
        self.timer = QTimer(self, interval=1000)
        self.timer.timeout.connect(self.refresh)
        if session is not None:
            self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        info = getattr(self.session, "info", None)
        if info is None:
            self.clock.clear()
            return
        scenario = getattr(self.session, "scenario", None)
        tz = ZoneInfo(getattr(scenario, "timezone", CENTER_TZ))
        now: datetime = info.clock().astimezone(tz)
        clock = getattr(self.session, "clock", None)
        if clock is not None and clock.paused:
            state = self.tr("paused")
        else:
            speed = getattr(clock, "speed", 1.0)
            state = f"×{speed:g}"
        self.clock.setText(f"{now:%a %H:%M}  {state}")
