"""The panel catalogue: which panels the window docks, where, and how they talk.

Each panel is built from the shared objects it asks for by keyword (state, actions, clock,
client); a panel whose module is not in this install (the map without QtWebEngine) simply
gets no dock. Panels talk through signals wired here, so no panel imports another.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
Area = Qt.DockWidgetArea


@dataclass(frozen=True, slots=True)
class PanelSpec:
    name: str  # objectName of the dock; stable, saveState keys on it
    title: str  # English, translated in context "Docks"
    module: str
    cls: str
    area: Area
    focus: str  # shortcut action that focuses it


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec(
        "queue",
        QT_TRANSLATE_NOOP("Docks", "Call queue"),
        "ui.call_queue",
        "CallQueuePanel",
        Area.LeftDockWidgetArea,
        "focus_queue",
    ),
    PanelSpec(
        "map",
        QT_TRANSLATE_NOOP("Docks", "Map"),
        "maps.view",
        "MapView",
        Area.RightDockWidgetArea,
        "focus_map",
    ),
    PanelSpec(
        "board",
        QT_TRANSLATE_NOOP("Docks", "Technicians"),
        "ui.technician_board",
        "TechnicianBoardPanel",
        Area.RightDockWidgetArea,
        "focus_board",
    ),
    PanelSpec(
        "recommendations",
        QT_TRANSLATE_NOOP("Docks", "Recommendations"),
        "ui.recommendations",
        "RecommendationsPanel",
        Area.LeftDockWidgetArea,
        "focus_recommendations",
    ),
    PanelSpec(
        "detail",
        QT_TRANSLATE_NOOP("Docks", "Job detail"),
        "ui.job_detail",
        "JobDetailPanel",
        Area.LeftDockWidgetArea,
        "focus_detail",
    ),
    PanelSpec(
        "timeline",
        QT_TRANSLATE_NOOP("Docks", "Timeline"),
        "ui.timeline",
        "TimelinePanel",
        Area.BottomDockWidgetArea,
        "focus_timeline",
    ),
    PanelSpec(
        "plan",
        QT_TRANSLATE_NOOP("Docks", "Plan"),
        "ui.plan_panel",
        "PlanPanel",
        Area.LeftDockWidgetArea,
        "focus_plan",
    ),
)


def title(spec: PanelSpec) -> str:
    return QCoreApplication.translate("Docks", spec.title)


def panel_class(spec: PanelSpec) -> type[QWidget] | None:
    """The panel's class, or None when its module is not part of this install."""
    try:
        module = importlib.import_module(spec.module)
    except ImportError as exc:
        log.warning("no %s panel: %s", spec.name, exc)
        return None
    found = getattr(module, spec.cls, None)
    if found is None:  # tolerate a renamed class: the first QWidget subclass named *Panel/*View
        found = next(
            (
                v
                for k, v in vars(module).items()
                if isinstance(v, type)
                and issubclass(v, QWidget)
                and v.__module__ == module.__name__
                and (k.endswith("Panel") or k.endswith("View") or k.endswith("Board"))
            ),
            None,
        )
    return found


def build(cls: type[QWidget], available: dict[str, Any], parent: QWidget) -> QWidget:
    """Construct a panel passing only the shared objects its constructor names."""
    params = inspect.signature(cls.__init__).parameters
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, p in list(params.items())[1:]:
        if name == "parent":
            kwargs["parent"] = parent
        elif name in available:
            if p.kind is p.POSITIONAL_ONLY:
                args.append(available[name])
            else:
                kwargs[name] = available[name]
        elif p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise TypeError(f"{cls.__name__} needs {name!r}, which the shell does not provide")
    return cls(*args, **kwargs)


def connect_if(obj: Any, signal: str, slot: Callable[..., Any]) -> bool:
    sig = getattr(obj, signal, None)
    if sig is None:
        return False
    sig.connect(slot)
    return True


def call_if(obj: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    fn = getattr(obj, method, None)
    return fn(*args, **kwargs) if callable(fn) else None
