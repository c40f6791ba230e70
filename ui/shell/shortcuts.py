"""The one table of keyboard shortcuts: menus, actions and the F1 cheat sheet all read it.

Labels are marked with QT_TRANSLATE_NOOP so pyside6-lupdate collects them; they are
translated when an action or the cheat sheet is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Shortcuts"


@dataclass(frozen=True, slots=True)
class Shortcut:
    action: str  # action id the main window binds
    keys: tuple[str, ...]  # portable QKeySequence strings, first is shown in menus
    label: str  # English source text (translated with CONTEXT)
    group: str


def _s(action: str, keys: tuple[str, ...], label: str, group: str) -> Shortcut:
    return Shortcut(action, keys, label, group)


SHORTCUTS: tuple[Shortcut, ...] = (
    _s(
        "new_call",
        ("Ctrl+N",),
        QT_TRANSLATE_NOOP("Shortcuts", "New call"),
        QT_TRANSLATE_NOOP("Shortcuts", "Dispatch"),
    ),
    _s(
        "assign_top",
        ("Ctrl+Return", "Ctrl+Enter", "F9"),
        QT_TRANSLATE_NOOP("Shortcuts", "Assign top recommendation"),
        QT_TRANSLATE_NOOP("Shortcuts", "Dispatch"),
    ),
    _s(
        "undo",
        ("Ctrl+Z",),
        QT_TRANSLATE_NOOP("Shortcuts", "Undo last assignment (10 s)"),
        QT_TRANSLATE_NOOP("Shortcuts", "Dispatch"),
    ),
    _s(
        "next_call",
        ("J", "Alt+Down"),
        QT_TRANSLATE_NOOP("Shortcuts", "Next call"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "previous_call",
        ("K", "Alt+Up"),
        QT_TRANSLATE_NOOP("Shortcuts", "Previous call"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "search",
        ("Ctrl+F",),
        QT_TRANSLATE_NOOP("Shortcuts", "Search calls"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "focus_queue",
        ("F2",),
        QT_TRANSLATE_NOOP("Shortcuts", "Focus call queue"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "focus_board",
        ("F3",),
        QT_TRANSLATE_NOOP("Shortcuts", "Focus technician board"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "focus_map",
        ("F4",),
        QT_TRANSLATE_NOOP("Shortcuts", "Focus map"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "focus_timeline",
        ("F5",),
        QT_TRANSLATE_NOOP("Shortcuts", "Focus timeline"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "focus_detail",
        ("F6",),
        QT_TRANSLATE_NOOP("Shortcuts", "Focus job detail"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "focus_recommendations",
        ("F7",),
        QT_TRANSLATE_NOOP("Shortcuts", "Focus recommendations"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "focus_plan",
        ("F8",),
        QT_TRANSLATE_NOOP("Shortcuts", "Focus plan"),
        QT_TRANSLATE_NOOP("Shortcuts", "Navigate"),
    ),
    _s(
        "plan",
        ("Ctrl+P",),
        QT_TRANSLATE_NOOP("Shortcuts", "Plan the night (then Enter accepts a change)"),
        QT_TRANSLATE_NOOP("Shortcuts", "Dispatch"),
    ),
    _s(
        "pin_call",
        ("Ctrl+Shift+P",),
        QT_TRANSLATE_NOOP("Shortcuts", "Pin / unpin the selected plan change"),
        QT_TRANSLATE_NOOP("Shortcuts", "Dispatch"),
    ),
    _s(
        "weekly_report",
        ("Ctrl+R",),
        QT_TRANSLATE_NOOP("Shortcuts", "Weekly report…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Reports"),
    ),
    _s(
        "admin",
        (),
        QT_TRANSLATE_NOOP("Shortcuts", "Users and sessions…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Admin"),
    ),
    _s(
        "security_report",
        (),
        QT_TRANSLATE_NOOP("Shortcuts", "Security report…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Reports"),
    ),
    _s(
        "audit_trail",
        (),
        QT_TRANSLATE_NOOP("Shortcuts", "Audit trail…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Reports"),
    ),
    _s(
        "api_keys",
        (),
        QT_TRANSLATE_NOOP("Shortcuts", "API keys…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Admin"),
    ),
    _s(
        "training_records",
        (),
        QT_TRANSLATE_NOOP("Shortcuts", "Training records…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Training"),
    ),
    _s(
        "trainer_panel",
        ("Ctrl+T",),
        QT_TRANSLATE_NOOP("Shortcuts", "Trainer panel"),
        QT_TRANSLATE_NOOP("Shortcuts", "Window"),
    ),
    _s(
        "toggle_theme",
        ("Ctrl+Shift+L",),
        QT_TRANSLATE_NOOP("Shortcuts", "Switch night / day theme"),
        QT_TRANSLATE_NOOP("Shortcuts", "Window"),
    ),
    _s(
        "toggle_density",
        ("Ctrl+Shift+D",),
        QT_TRANSLATE_NOOP("Shortcuts", "Switch comfortable / compact rows"),
        QT_TRANSLATE_NOOP("Shortcuts", "Window"),
    ),
    _s(
        "reset_layout",
        ("Ctrl+Shift+R",),
        QT_TRANSLATE_NOOP("Shortcuts", "Reset layout"),
        QT_TRANSLATE_NOOP("Shortcuts", "Window"),
    ),
    _s(
        "review_night",
        (),
        QT_TRANSLATE_NOOP("Shortcuts", "Review a night…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Reports"),
    ),
    _s(
        "full_screen",
        ("F11",),
        QT_TRANSLATE_NOOP("Shortcuts", "Full screen"),
        QT_TRANSLATE_NOOP("Shortcuts", "Window"),
    ),
    _s(
        "mute",
        ("Ctrl+M",),
        QT_TRANSLATE_NOOP("Shortcuts", "Mute alerts"),
        QT_TRANSLATE_NOOP("Shortcuts", "Alerts"),
    ),
    _s(
        "settings",
        ("Ctrl+,",),
        QT_TRANSLATE_NOOP("Shortcuts", "Settings…"),
        QT_TRANSLATE_NOOP("Shortcuts", "Alerts"),
    ),
    _s(
        "cheat_sheet",
        ("F1",),
        QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts"),
        QT_TRANSLATE_NOOP("Shortcuts", "Help"),
    ),
    _s(
        "quit",
        ("Ctrl+Q",),
        QT_TRANSLATE_NOOP("Shortcuts", "Quit"),
        QT_TRANSLATE_NOOP("Shortcuts", "Help"),
    ),
)

BY_ACTION: dict[str, Shortcut] = {s.action: s for s in SHORTCUTS}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def key_sequences(action: str) -> list[QKeySequence]:
    return [QKeySequence(k) for k in BY_ACTION[action].keys]


def native_keys(shortcut: Shortcut) -> str:
    """Keys as the platform writes them ("Ctrl+N, F9"), each once: Return and Enter are
    two keys but one word in some languages ("Ctrl+回车")."""
    shown: list[str] = []
    for key in shortcut.keys:
        text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        if text not in shown:
            shown.append(text)
    return ", ".join(shown)


class CheatSheet(QDialog):
    """F1: every shortcut, grouped, generated from SHORTCUTS (never maintained by hand)."""

    def __init__(self, parent: QWidget | None = None, *, allowed: set[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setModal(False)
        rows = [s for s in SHORTCUTS if allowed is None or s.action in allowed]
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("cheatSheet")
        self.table.setHorizontalHeaderLabels([self.tr("Group"), self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, s in enumerate(rows):
            for col, text in enumerate((tr(s.group), tr(s.label), native_keys(s))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 620)

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""

    def rows(self) -> list[tuple[str, str, str]]:
        """What the sheet shows (tests read it)."""
        return [
            (self._text(r, 0), self._text(r, 1), self._text(r, 2))
            for r in range(self.table.rowCount())
        ]
