"""Small drawn icons, so each SLA level has a distinct shape as well as a colour
(a colour-blind dispatcher still tells "breached" from "ok")."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from ui.models.palette import color
from ui.models.sla import SlaLevel

_SIZE = 16
_cache: dict[tuple[SlaLevel, str], QIcon] = {}


def sla_icon(level: SlaLevel) -> QIcon:
    """ok: dot; warning: triangle; critical: diamond; breached: filled square with a cross."""
    fill = color(f"sla_{level.value}")
    key = (level, fill.name())
    icon = _cache.get(key)
    if icon is None:
        icon = QIcon(_draw(level, fill))
        _cache[key] = icon
    return icon


def _draw(level: SlaLevel, fill: QColor) -> QPixmap:
    pix = QPixmap(_SIZE, _SIZE)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(fill))
    s = _SIZE
    if level is SlaLevel.OK:
        p.drawEllipse(QPointF(s / 2, s / 2), s * 0.3, s * 0.3)
    elif level is SlaLevel.WARNING:
        p.drawPolygon(QPolygonF([QPointF(s / 2, 1), QPointF(s - 1, s - 2), QPointF(1, s - 2)]))
    elif level is SlaLevel.CRITICAL:
        p.drawPolygon(
            QPolygonF([QPointF(s / 2, 0), QPointF(s, s / 2), QPointF(s / 2, s), QPointF(0, s / 2)])
        )
    else:
        p.drawRect(1, 1, s - 2, s - 2)
        p.setPen(QPen(Qt.GlobalColor.black, 2))
        p.drawLine(4, 4, s - 4, s - 4)
        p.drawLine(s - 4, 4, 4, s - 4)
    p.end()
    return pix
