"""``ShellWindow``: what the commands, the wiring and dialogs see of the main window.

Declared apart from ``MainWindow`` (which is one) so those modules are typed against it
without importing the window module, which imports them.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ui.shell.context import ConsoleContext
from ui.shell.docks import Panels
from ui.shell.undo_toast import UndoToast


class ShellWindow(QMainWindow):
    """The window's shared parts; ``ui.shell.main_window.MainWindow`` fills them in."""

    ctx: ConsoleContext
    toast: UndoToast
    panel_set: Panels  # the docked panels, typed
    panels: dict[str, QWidget]  # every docked panel by dock name (trainer included)
    docks: dict[str, QDockWidget]
    actions_by_id: dict[str, QAction]

    def allowed(self, action: str) -> bool:
        raise NotImplementedError

    def place_toast(self) -> None:
        raise NotImplementedError

    def apply_theme(self) -> str:
        raise NotImplementedError

    def reset_layout(self) -> None:
        raise NotImplementedError

    def add_demo_banner(self, dialog: QWidget) -> None:
        raise NotImplementedError
