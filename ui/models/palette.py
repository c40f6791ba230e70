"""Colours the panels paint with, as tokens of ui.theme (night/day).

Each panel concept maps to a theme token, so switching theme recolours everything; the
theme's own aliases ("sla_ok", "status_on_site") are used where it has them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from ui import theme

#: Panel concept -> theme token or alias.
TOKENS: dict[str, str] = {
    "sla_ok": "sla_ok",
    "sla_warning": "sla_warn",
    "sla_critical": "sla_breach",
    "sla_breached": "sla_breach",
    "breached_bg": "pulse",
    "pulse": "pulse",
    "call_new": "muted",
    "call_assigned": "accent",
    "call_accepted": "info",
    "call_en_route": "info",
    "call_on_site": "special",
    "call_completed": "ok",
    "call_cancelled": "disabled",
    "call_failed": "breach",
    "tech_off_duty": "status_off_duty",
    "tech_available": "status_available",
    "tech_en_route": "status_en_route",
    "tech_on_site": "status_on_site",
    "tech_on_break": "status_on_break",
    "lane": "surface",
    "lane_alt": "row_alt",
    "lane_text": "fg",
    "muted": "muted",
    "grid": "border",
    "now": "breach",
    "toast_bg": "raised",
    "toast_text": "fg",
    "toast_border": "border",
    "error": "breach",
    "selection": "selection",
}


def color(name: str) -> QColor:
    """The active theme's colour for a panel concept (or a raw theme token)."""
    return theme.colour(TOKENS.get(name, name))
