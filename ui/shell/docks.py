"""The panel catalogue: which panels the window docks, where, and how they are built.

Each panel is built here from the window's context with the arguments it needs, spelled
out, and kept in a typed ``Panels`` record that the wiring connects explicitly. The map
needs QtWebEngine; without it (a minimal install) it simply gets no dock.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP
from ui.panels.call_queue import CallQueuePanel
from ui.panels.job_detail import JobDetailPanel
from ui.panels.plan_panel import PlanPanel
from ui.panels.recommendations import RecommendationsPanel
from ui.panels.technician_board import TechnicianBoardPanel
from ui.panels.timeline import TimelinePanel
from ui.settings import Settings
from ui.shell.context import ConsoleContext
from ui.shell.contracts import FollowsDensity, FollowsTheme, ShowsCall

if TYPE_CHECKING:  # the map's module loads QtWebEngine, which is imported only when wanted
    from maps.view import MapView

Area = Qt.DockWidgetArea


@dataclass(frozen=True, slots=True)
class PanelSpec:
    name: str  # objectName of the dock; stable, saveState keys on it
    title: str  # English, translated in context "Docks"
    area: Area
    focus: str  # shortcut action that focuses it


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec(
        "queue",
        QT_TRANSLATE_NOOP("Docks", "Call queue"),
        Area.LeftDockWidgetArea,
        "focus_queue",
    ),
    PanelSpec(
        "map",
        QT_TRANSLATE_NOOP("Docks", "Map"),
        Area.RightDockWidgetArea,
        "focus_map",
    ),
    PanelSpec(
        "board",
        QT_TRANSLATE_NOOP("Docks", "Technicians"),
        Area.RightDockWidgetArea,
        "focus_board",
    ),
    PanelSpec(
        "recommendations",
        QT_TRANSLATE_NOOP("Docks", "Recommendations"),
        Area.LeftDockWidgetArea,
        "focus_recommendations",
    ),
    PanelSpec(
        "detail",
        QT_TRANSLATE_NOOP("Docks", "Job detail"),
        Area.LeftDockWidgetArea,
        "focus_detail",
    ),
    PanelSpec(
        "timeline",
        QT_TRANSLATE_NOOP("Docks", "Timeline"),
        Area.BottomDockWidgetArea,
        "focus_timeline",
    ),
    PanelSpec(
        "plan",
        QT_TRANSLATE_NOOP("Docks", "Plan"),
        Area.LeftDockWidgetArea,
        "focus_plan",
    ),
)


def title(spec: PanelSpec) -> str:
    return QCoreApplication.translate("Docks", spec.title)


@dataclass(frozen=True, slots=True)
class Panels:
    """The docked panels, typed, so wiring connects real attributes (the map may be absent)."""

    queue: CallQueuePanel
    board: TechnicianBoardPanel
    recommendations: RecommendationsPanel
    detail: JobDetailPanel
    timeline: TimelinePanel
    plan: PlanPanel
    map: MapView | None

    def by_name(self) -> dict[str, QWidget]:
        """Name (PanelSpec.name) -> panel, in PANELS order, for the docks."""
        found: dict[str, QWidget | None] = {
            "queue": self.queue,
            "map": self.map,
            "board": self.board,
            "recommendations": self.recommendations,
            "detail": self.detail,
            "timeline": self.timeline,
            "plan": self.plan,
        }
        return {s.name: w for s in PANELS if (w := found[s.name]) is not None}

    def showing_calls(self) -> tuple[ShowsCall, ...]:
        """Panels that follow the selected call."""
        return (self.detail, self.recommendations, self.timeline)

    def following_density(self) -> tuple[FollowsDensity, ...]:
        return (self.queue, self.board, self.recommendations, self.timeline)

    def following_theme(self) -> tuple[FollowsTheme, ...]:
        return () if self.map is None else (self.map,)


def map_available() -> bool:
    """QtWebEngine is an optional part of PySide6 installs; the map needs it."""
    return importlib.util.find_spec("PySide6.QtWebEngineWidgets") is not None


def build_panels(ctx: ConsoleContext, parent: QWidget) -> Panels:
    """Every docked panel, built with the shared objects it needs."""
    state, clock, tz, actions = ctx.state, ctx.clock, ctx.tz, ctx.actions
    settings = ctx.settings  # column widths and sort are remembered per table
    return Panels(
        queue=CallQueuePanel(state, clock=clock, settings=settings, parent=parent),
        board=TechnicianBoardPanel(
            state, clock=clock, actions=actions, tz=tz, settings=settings, parent=parent
        ),
        recommendations=RecommendationsPanel(
            state, clock=clock, actions=actions, tz=tz, settings=settings, parent=parent
        ),
        detail=JobDetailPanel(state, actions=actions, clock=clock, tz=tz, parent=parent),
        timeline=TimelinePanel(state, clock=clock, actions=actions, tz=tz, parent=parent),
        plan=PlanPanel(state, actions, client=ctx.client, clock=clock, tz=tz, parent=parent),
        map=_map(parent, ctx.settings) if ctx.with_map and map_available() else None,
    )


def _map(parent: QWidget, settings: Settings) -> MapView:
    """The map, its tiles from the settings (map/tile_*: the config file's or the desk's)."""
    from maps.view import MapView  # loads QtWebEngine: only when the map is wanted

    return MapView(parent, night=theme.current_name() == "night", settings=settings)
