"""Keys that belong to the whole console window, whatever text box has the focus.

A text box normally claims Ctrl+Z for its own text; in the console window Ctrl+Z always
means "undo the last assignment" (the toast promises it), so the box's claim is declined
and the window's action fires. Esc in a search box hands the keyboard back to the table
beside it, so J and K move through calls again instead of typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget

#: Line edits with this property set to True are search boxes (Esc leaves them).
SEARCH_BOX = "searchBox"
_WATCHED = "windowKeysWatched"


def mark_search_box(edit: QLineEdit) -> None:
    edit.setProperty(SEARCH_BOX, True)


class WindowKeys(QObject):
    """Event filter on the line edits inside ``window`` (not on the application: a Python
    filter there sees every event of every object, and crashed beside QtWebEngine)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.watch()

    def watch(self) -> None:
        """Filter every line edit of the window not yet filtered (panels added later too)."""
        for edit in self._window.findChildren(QLineEdit):
            if edit.window() is self._window and not edit.property(_WATCHED):
                edit.setProperty(_WATCHED, True)
                edit.installEventFilter(self)

    def stop(self) -> None:
        for edit in self._window.findChildren(QLineEdit):
            edit.removeEventFilter(self)
            edit.setProperty(_WATCHED, False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(watched, QLineEdit) or watched.window() is not self._window:
            return False
        assert isinstance(event, QKeyEvent)
        if kind == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Undo):
            event.ignore()  # not the box's: the window's Ctrl+Z (undo assignment) fires
            return True
        if (
            kind == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
            and watched.property(SEARCH_BOX)
        ):
            table = _table_beside(watched)
            if table is not None:
                table.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return False


def _table_beside(edit: QLineEdit) -> QAbstractItemView | None:
    panel = edit.parentWidget()
    return panel.findChild(QAbstractItemView) if panel is not None else None
