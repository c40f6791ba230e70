"""Role names as the window shows them (translated in context "Roles")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

ROLE_NAMES: dict[str, str] = {
    "dispatcher": QT_TRANSLATE_NOOP("Roles", "Dispatcher"),
    "supervisor": QT_TRANSLATE_NOOP("Roles", "Supervisor"),
    "trainer": QT_TRANSLATE_NOOP("Roles", "Trainer"),
    "admin": QT_TRANSLATE_NOOP("Roles", "Admin"),
}


def role_name(role: str) -> str:
    return QCoreApplication.translate("Roles", ROLE_NAMES.get(role, role))
