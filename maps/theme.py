"""Night and day colours for the map, in one place, handed to the page as JSON.

Night: dark land, muted outlines, no pure white anywhere, marker colours desaturated enough
to read without glare. Day: light land, stronger strokes.
"""

from __future__ import annotations

from typing import Any

from console.domain import Priority, TechStatus

Theme = dict[str, Any]

NIGHT: Theme = {
    "name": "night",
    "background": "#0d1117",
    "land": {
        "color": "#3a4658",
        "weight": 1.2,
        "opacity": 0.9,
        "fillColor": "#161d27",
        "fillOpacity": 1.0,
    },
    "roads": {"ring": ["#6b5a3a", 2.6], "elevated": ["#5e5235", 2.0], "avenue": ["#434b57", 1.4]},
    "water": {"river": ["#1d3a57", 7.0], "creek": ["#1d3a57", 3.5]},
    "label": "#7d8899",
    "tiles_filter": "invert(1) hue-rotate(180deg) brightness(0.62) contrast(0.9) saturate(0.5)",
    "tech": {
        TechStatus.AVAILABLE.value: "#3fbf74",
        TechStatus.EN_ROUTE.value: "#4c9be8",
        TechStatus.ON_SITE.value: "#a987e0",
        TechStatus.ON_BREAK.value: "#8c8468",
        TechStatus.OFF_DUTY.value: "#566070",
    },
    "tech_stroke": "#0d1117",
    "call": {
        Priority.EMERGENCY.value: "#f0595c",
        Priority.URGENT.value: "#ef9a45",
        Priority.NORMAL.value: "#d6c25a",
    },
    "call_stroke": "#0d1117",
    "line": "#56657c",
    "highlight": "#f2e8c9",
    "drop_target": "#7fe0a8",
    "territory_opacity": 0.16,
    "heat_gradient": {"0.25": "#1b3550", "0.55": "#5a3f78", "0.8": "#a3525c", "1.0": "#d98a55"},
}

DAY: Theme = {
    "name": "day",
    "background": "#dfe3e8",
    "land": {
        "color": "#8894a6",
        "weight": 1.4,
        "opacity": 1.0,
        "fillColor": "#f3f1ec",
        "fillOpacity": 1.0,
    },
    "roads": {"ring": ["#e0a23c", 3.0], "elevated": ["#d9b25c", 2.4], "avenue": ["#b9bec7", 1.6]},
    "water": {"river": ["#9cc3e6", 7.0], "creek": ["#9cc3e6", 3.5]},
    "label": "#4a5566",
    "tiles_filter": "none",
    "tech": {
        TechStatus.AVAILABLE.value: "#1e9e55",
        TechStatus.EN_ROUTE.value: "#1f6fd1",
        TechStatus.ON_SITE.value: "#7d4fc9",
        TechStatus.ON_BREAK.value: "#97854a",
        TechStatus.OFF_DUTY.value: "#8a94a3",
    },
    "tech_stroke": "#ffffff",
    "call": {
        Priority.EMERGENCY.value: "#d62f33",
        Priority.URGENT.value: "#e07b16",
        Priority.NORMAL.value: "#b89c12",
    },
    "call_stroke": "#ffffff",
    "line": "#7f8a9c",
    "highlight": "#111827",
    "drop_target": "#0f8a4a",
    "territory_opacity": 0.22,
    "heat_gradient": {"0.3": "#7fb3e0", "0.6": "#e6d36a", "0.85": "#f09a4a", "1.0": "#d9463b"},
}

#: One soft colour per service territory (territories follow districts in the demo city).
TERRITORY_COLOURS = (
    "#5b8def",
    "#e0875a",
    "#4fb39a",
    "#c76fb3",
    "#b8a245",
    "#6f8fbf",
    "#d46a6a",
    "#57a7c9",
)


def theme(night: bool) -> Theme:
    return NIGHT if night else DAY
