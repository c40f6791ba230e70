"""The scrubber: the night as a bar, the current moment as a handle, marks as ticks.

Signals: seek_requested(float seconds from the start of the range).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.replay.marks import CANCELLATION, CONFLICT, OVERRIDE, REASSIGNMENT, SLA_BREACH

MARK_COLORS = {
    SLA_BREACH: QColor("#e5484d"),
    OVERRIDE: QColor("#f5a524"),
    REASSIGNMENT: QColor("#52a8ff"),
    CANCELLATION: QColor("#9ba1a6"),
    CONFLICT: QColor("#b48cff"),
}


class Scrubber(QWidget):
    seek_requested = Signal(float)

    def __init__(self, duration_s: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayScrubber")
        self.duration_s = max(duration_s, 1.0)
        self.position_s = 0.0
        self.marks: list[tuple[float, str]] = []  # (seconds from start, kind)
        self.setMinimumHeight(28)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(600, 28)

    def set_marks(self, marks: list[tuple[float, str]]) -> None:
        self.marks = marks
        self.update()

    def set_position(self, seconds: float) -> None:
        self.position_s = min(max(seconds, 0.0), self.duration_s)
        self.update()

    def x_of(self, seconds: float) -> float:
        return 6 + (self.width() - 12) * seconds / self.duration_s

    def seconds_at(self, x: float) -> float:
        return min(max((x - 6) / max(self.width() - 12, 1), 0.0), 1.0) * self.duration_s

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        track = QRectF(6, h / 2 - 3, self.width() - 12, 6)
        p.fillRect(track, self.palette().mid())
        played = QRectF(track.left(), track.top(), self.x_of(self.position_s) - 6, 6)
        p.fillRect(played, self.palette().highlight())
        for seconds, kind in self.marks:
            p.setPen(QPen(MARK_COLORS.get(kind, QColor("white")), 2))
            x = self.x_of(seconds)
            p.drawLine(QPointF(x, 3), QPointF(x, h / 2 - 4))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.palette().text())
        p.drawEllipse(QPointF(self.x_of(self.position_s), h / 2), 6, 6)
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.seek_requested.emit(self.seconds_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.seconds_at(event.position().x()))
