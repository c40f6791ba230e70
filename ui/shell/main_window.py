"""The console window: dockable panels, menus built from the shortcut table, role gating,
layout persistence, theme and density.

The window owns no data: LiveState (fed by HubBridge) is the picture of tonight and
DispatchActions sends every command. Panels come from ``ui.shell.docks``; wiring between them is
in ``ui.shell.window_wiring``; what each action does is in ``ui.shell.window_commands``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDockWidget,
    QMainWindow,
    QMenu,
    QWidget,
)

from console import permissions
from ui import theme
from ui.alerts import AlertController, ChimePlayer
from ui.i18n import QT_TRANSLATE_NOOP
from ui.panels.demo_banner import DemoBanner
from ui.shell import docks, shortcuts
from ui.shell.context import ConsoleContext
from ui.shell.roles import ROLE_NAMES, role_name
from ui.shell.status_bar import StatusBar
from ui.shell.undo_toast import UndoToast
from ui.shell.window_base import ShellWindow
from ui.shell.window_commands import Commands
from ui.shell.window_keys import WindowKeys
from ui.shell.window_wiring import Wiring

__all__ = ["ACTION_CAPS", "ROLE_CAPS", "ROLE_NAMES", "ConsoleContext", "MainWindow", "role_name"]

#: What each role may do; the window shows only what the role may use.
ROLE_CAPS = permissions.ROLE_CAPS
#: Actions that need a capability; the rest are open to every role.
ACTION_CAPS: dict[str, str] = {
    "new_call": "dispatch",
    "assign_top": "dispatch",
    "plan": "dispatch",
    "pin_call": "dispatch",
    "undo": "dispatch",
    "weekly_report": "reports",
    "trainer_panel": "trainer",
    "admin": "accounts",
    "security_report": "audit",
    "audit_trail": "audit",
    "training_records": "trainer",
}
MENU_LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("MainWindow", "&File"),
        ("new_call", "review_night", "settings", "-", "quit"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Dispatch"),
        ("assign_top", "plan", "pin_call", "undo", "-", "next_call", "previous_call", "search"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&View"),
        (
            "focus_queue",
            "focus_board",
            "focus_map",
            "focus_timeline",
            "focus_detail",
            "focus_plan",
            "focus_recommendations",
            "-",
            "toggle_theme",
            "toggle_density",
            "full_screen",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Reports"),
        ("weekly_report", "security_report", "audit_trail"),
    ),
    (QT_TRANSLATE_NOOP("MainWindow", "&Training"), ("trainer_panel", "training_records")),
    (QT_TRANSLATE_NOOP("MainWindow", "&Admin"), ("admin", "api_keys")),
    (QT_TRANSLATE_NOOP("MainWindow", "&Window"), ("reset_layout",)),
    (QT_TRANSLATE_NOOP("MainWindow", "&Help"), ("mute", "cheat_sheet")),
)


class MainWindow(ShellWindow):
    """Signals: theme_applied(str name)."""

    theme_applied = Signal(str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.caps = ROLE_CAPS.get(ctx.role, frozenset())
        ctx.actions.read_only = permissions.DISPATCH not in self.caps
        self.setWindowTitle(
            self.tr("Night Dispatch Console — {name} ({role})").format(
                name=ctx.user.get("display_name") or ctx.user.get("username", "?"),
                role=role_name(ctx.role),
            )
        )
        self.setDockOptions(
            QMainWindow.DockOption.AllowNestedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AnimatedDocks
        )
        self._central = QWidget(self)  # docks fill the window; Qt still wants a central widget
        self.setCentralWidget(self._central)
        self._central.hide()
        self.toast = UndoToast(self)
        self.panels: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.actions_by_id: dict[str, QAction] = {}
        self.demo_reconnect: Any = None  # ui.app.DemoReconnect in demo mode
        self._build_docks()
        self.resize(*default_size(self))
        self._arrange_default()
        self.default_state = self.saveState()
        self._build_actions()
        self._build_menus()
        self.status = StatusBar(
            ctx.bridge, clock=ctx.clock, user=ctx.user, tz=_zone(ctx.tz), parent=self
        )
        self.setStatusBar(self.status)
        self.alerts = AlertController(
            ctx.state,
            ctx.settings,
            clock=ctx.clock,
            player=ChimePlayer() if ctx.sound else None,
            parent=self,
        )
        self.wiring = Wiring(
            self,
            alerts=self.alerts,
            status=self.status,
            new_call=self.commands.new_call,
            location_picked=self.commands.location_picked,
            focus=self.commands.focus,
        )
        self.keys = WindowKeys(self)
        self._focused_once = False
        self.restore_layout()
        self._theme_timer = QTimer(self, interval=60_000)
        self._theme_timer.timeout.connect(self.apply_theme)
        self._theme_timer.start()
        self.apply_theme()

    # --- docks -----------------------------------------------------------------------------

    def _build_docks(self) -> None:
        self.panel_set = docks.build_panels(self.ctx, self)
        built = self.panel_set.by_name()
        for spec in docks.PANELS:
            if spec.name in built:
                self._add_dock(spec.name, docks.title(spec), built[spec.name], spec.area)

    def _add_dock(
        self, name: str, title: str, panel: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(panel)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        self.panels[name] = panel
        self.docks[name] = dock
        return dock

    def add_panel(
        self,
        name: str,
        title: str,
        panel: QWidget,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QDockWidget:
        """Dock a panel built elsewhere (the trainer panel in demo mode)."""
        dock = self._add_dock(name, title, panel, area)
        self._window_menu_add(dock)
        return dock

    def _arrange_default(self) -> None:
        d = self.docks
        h, v = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        if "queue" in d and "map" in d:
            self.splitDockWidget(d["queue"], d["map"], h)
        if "board" in d:
            anchor = d.get("map") or d.get("queue")
            if anchor is not None:
                self.splitDockWidget(anchor, d["board"], h)
        if "queue" in d and "recommendations" in d:
            self.splitDockWidget(d["queue"], d["recommendations"], v)
        if "recommendations" in d and "detail" in d:
            self.tabifyDockWidget(d["recommendations"], d["detail"])
        if "recommendations" in d and "plan" in d:  # a tab beside them: Ctrl+P brings it up
            self.tabifyDockWidget(d["recommendations"], d["plan"])
        if "recommendations" in d:
            d["recommendations"].raise_()
        # shares of the window, so 1366x768 gets the same proportions as 1600x1000
        width, height = self.width(), self.height()
        shares_w = (("queue", 0.375), ("map", 0.35), ("board", 0.275))
        widths = [(d[n], int(width * f)) for n, f in shares_w if n in d]
        if widths:
            self.resizeDocks([x for x, _ in widths], [w for _, w in widths], h)
        shares_h = (("queue", 0.56), ("recommendations", 0.30))
        heights = [(d[n], int(height * f)) for n, f in shares_h if n in d]
        if heights:
            self.resizeDocks([x for x, _ in heights], [hh for _, hh in heights], v)
        if "timeline" in d:
            self.resizeDocks([d["timeline"]], [int(height * 0.23)], v)

    # --- actions and menus -------------------------------------------------------------------

    def allowed(self, action: str) -> bool:
        cap = ACTION_CAPS.get(action)
        if action == "trainer_panel" and self.ctx.demo is None:
            return False
        if action == "training_records" and (self.ctx.demo is not None or self.ctx.client is None):
            return False  # the records live on the live hub; a demo console's hub is the demo's
        if action == "weekly_report" and not self.ctx.db_url and self.ctx.client is None:
            return False  # no database here and no hub to build it (--hub consoles ask the hub)
        if action == "review_night":  # replays read the database: supervisors, trainers
            return bool(self.ctx.db_url) and bool({"reports", "trainer"} & self.caps)
        if action in ("security_report", "audit_trail") and self.ctx.client is None:
            return False  # both are hub requests
        if action == "api_keys":  # keys live in the center's database; admins only
            return self.ctx.role == "admin" and bool(self.ctx.db_url)
        return cap is None or cap in self.caps

    def offered(self, action: str) -> bool:
        """Shown in the menus: what the role may use. File → Review a night… is shown to
        supervisors and trainers even where it cannot work (no database), disabled with
        the reason, so a ``--hub`` desk learns how to get it."""
        if action == "review_night":
            return bool({"reports", "trainer"} & self.caps)
        return self.allowed(action)

    def unavailable_reason(self, action: str) -> str:
        """Why an offered action is disabled here ("" when it is not)."""
        if action == "review_night" and self.offered(action) and not self.allowed(action):
            return QCoreApplication.translate(
                "MainWindow",
                "Review a night needs the center's database: start the console with "
                "--db URL (this one only knows the hub).",
            )
        return ""

    def _build_actions(self) -> None:
        if "plan" in self.panels:
            self.panels["plan"].hand_key_to_window()  # type: ignore[attr-defined]
        self.commands = Commands(self)
        handlers = self.commands.handlers()
        for sc in shortcuts.SHORTCUTS:
            act = QAction(shortcuts.tr(sc.label), self)
            act.setObjectName(f"action_{sc.action}")
            act.setShortcuts(shortcuts.key_sequences(sc.action))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setEnabled(self.allowed(sc.action))
            act.setVisible(self.offered(sc.action))
            if reason := self.unavailable_reason(sc.action):
                act.setToolTip(reason)
                act.setStatusTip(reason)
            act.triggered.connect(handlers[sc.action])
            self.addAction(act)  # shortcuts work even with the menu bar hidden
            self.actions_by_id[sc.action] = act
            if not self.allowed(sc.action):  # the keys still answer: with the reason why
                denied = QAction(self)
                denied.setObjectName(f"denied_{sc.action}")
                denied.setShortcuts(shortcuts.key_sequences(sc.action))
                denied.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                denied.triggered.connect(
                    lambda _c=False, a=sc.action: self.commands.explain_denied(a)
                )
                self.addAction(denied)
        mute = self.actions_by_id["mute"]
        mute.setCheckable(True)
        mute.setChecked(bool(self.ctx.settings.get("alerts/muted")))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for title, ids in MENU_LAYOUT:
            menu = bar.addMenu(QCoreApplication.translate("MainWindow", title))
            self.menus[title.replace("&", "").lower()] = menu
            for action_id in ids:
                if action_id == "-":
                    menu.addSeparator()
                elif self.offered(action_id):
                    menu.addAction(self.actions_by_id[action_id])
                    if self.unavailable_reason(action_id):
                        menu.setToolTipsVisible(True)  # the reason, on the greyed entry
            if (
                not any(a.isVisible() and not a.isSeparator() for a in menu.actions())
                and title != "&Window"
            ):
                menu.menuAction().setVisible(False)
        window = self.menus["window"]
        window.addSeparator()
        for dock in self.docks.values():
            self._window_menu_add(dock)

    def _window_menu_add(self, dock: QDockWidget) -> None:
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"toggle_{dock.objectName()}")
        self.menus["window"].addAction(toggle)

    def add_demo_banner(self, dialog: QWidget) -> None:
        """In demo mode every dialog shows the DEMO banner on top of its layout."""
        layout = dialog.layout()
        if self.ctx.demo is None or not isinstance(layout, QBoxLayout):
            return
        layout.insertWidget(0, DemoBanner(self.ctx.demo, parent=dialog))

    # --- layout, theme, density --------------------------------------------------------------

    @property
    def layout_key(self) -> str:
        """Where the layout is kept: "window", or "replay_window" for a review window (its
        Decisions dock and replay bar must not reshape the live window's layout)."""
        return str(self.ctx.extras.get("layout_key", "window"))

    def restore_layout(self) -> bool:
        geometry = self.ctx.settings.get(f"{self.layout_key}/geometry")
        state = self.ctx.settings.get(f"{self.layout_key}/state")
        ok = bool(geometry) and self.restoreGeometry(QByteArray(geometry))
        return bool(state) and self.restoreState(QByteArray(state)) and ok

    def save_layout(self) -> None:
        self.ctx.settings.set(f"{self.layout_key}/geometry", bytes(self.saveGeometry().data()))
        self.ctx.settings.set(f"{self.layout_key}/state", bytes(self.saveState().data()))
        self.ctx.settings.sync()

    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self.default_state)

    def apply_theme(self) -> str:
        app = QApplication.instance()
        name = theme.resolve(self.ctx.settings.get("theme"))
        density = self.ctx.settings.get("density")
        changed = (name, density) != (theme.current_name(), theme.current_density())
        if isinstance(app, QApplication) and (changed or not self.property("themed")):
            theme.apply(app, name, density)
            self.setProperty("themed", True)
            for follower in self.panel_set.following_density():
                follower.set_density(density)
            for themed in self.panel_set.following_theme():
                themed.set_night(name == "night")
            self.theme_applied.emit(name)
        return name

    # --- events ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.keys.watch()  # line edits of panels docked after construction (trainer)
        if not self._focused_once:
            self._focused_once = True  # J, K and Ctrl+Enter work at once, not the search box
            self.panel_set.queue.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place_toast()

    def place_toast(self) -> None:
        width = min(720, self.width() - 40)
        self.toast.setFixedWidth(width)
        self.toast.adjustSize()
        y = self.height() - self.statusBar().height() - self.toast.height() - 12
        self.toast.move((self.width() - width) // 2, y)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop timers (the window may outlive its event loop in tests)."""
        self._theme_timer.stop()
        self.alerts.stop()
        self.status.stop()
        self.wiring.stop()
        self.keys.stop()


def default_size(window: QWidget) -> tuple[int, int]:
    """1600x1000, or the screen's available area when it is smaller (1366x768 laptops)."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return 1600, 1000
    area = screen.availableGeometry()
    return min(1600, area.width()), min(1000, area.height())


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
