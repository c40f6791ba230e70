"""Marks on the timeline's bars that are not the call's status: the "A" badge of a job that
auto-dispatch assigned under a policy, and its tooltip.

The badge is painted in the theme's text colour with the lane colour for the letter, the
pair every theme keeps readable, so it stays legible on any status colour, night or day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QFont, QPainter

from ui.models.palette import color

BADGE_MAX = 14  # px: the badge's side on a comfortable lane; smaller on compact lanes


def badge_rect(bar: QRect) -> QRect:
    """Where the badge goes: a square at the bar's right end (its left end when shorter)."""
    side = max(8, min(BADGE_MAX, bar.height() - 2))
    left = max(bar.left() + 1, bar.right() - side - 1)
    return QRect(left, bar.top() + (bar.height() - side) // 2, side, side)


def paint_auto_badge(p: QPainter, bar: QRect) -> QRect:
    """Draw the "A" badge on ``bar``; returns its rect (the bar's text stops short of it)."""
    rect = badge_rect(bar)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(color("lane"))  # a rim in the lane colour parts it from any bar colour
    p.setBrush(color("lane_text"))
    p.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
    font = QFont(p.font())
    font.setBold(True)
    font.setPixelSize(max(7, rect.height() - 4))
    p.setFont(font)
    p.setPen(color("lane"))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "A")
    p.restore()
    return rect


def auto_tooltip(assigned_at: datetime, tz: str) -> str:
    """The bar's tooltip: that nobody chose this technician by hand, and when it happened."""
    local = assigned_at.astimezone(ZoneInfo(tz))
    return QCoreApplication.translate(
        "TimelineView", "Assigned automatically by policy (auto-dispatch) at {time}"
    ).format(time=f"{local:%H:%M}")
