"""The Admin dialog: users (create, change role, deactivate, reset password), sessions
(list, revoke), lockouts (unlock) and, with the center's database at hand, API keys.

Every change is a hub request (console.operations, admins only), audited by the hub in the
same transaction; the dialog never opens the database on the UI thread. Requests run as
tasks on the window's asyncio (qasync) loop; each answer refreshes the lists.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.admin.rows_model import RowsModel
from ui.shell.roles import role_name

ROLES = ("dispatcher", "supervisor", "trainer", "admin")


def _time(value: Any) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(str(value)).astimezone().strftime("%m-%d %H:%M")


def _locked(row: dict[str, Any]) -> bool:
    until = row.get("locked_until")
    return bool(until) and datetime.fromisoformat(str(until)) > datetime.now(UTC)


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    return view


class AdminDialog(QDialog):
    """Signals: ``loaded()`` after each refresh, ``changed(str)`` after a change (what was
    done), ``failed(str)`` with the hub's reason."""

    loaded = Signal()
    changed = Signal(str)
    failed = Signal(str)

    def __init__(self, client: Any, *, api_keys: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Admin"))
        self.client = client
        self._tasks: set[asyncio.Task[Any]] = set()
        self.tabs = QTabWidget(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.users = RowsModel([
            (self.tr("User"), lambda r: str(r["username"])),
            (self.tr("Name"), lambda r: str(r["display_name"])),
            (self.tr("Role"), lambda r: role_name(str(r["role"]))),
            (self.tr("State"), self._user_state),
            (self.tr("Sessions"), lambda r: str(r["open_sessions"])),
        ], self)
        self.sessions = RowsModel([
            (self.tr("Id"), lambda r: str(r["id"])),
            (self.tr("User"), lambda r: str(r["username"])),
            (self.tr("Role"), lambda r: role_name(str(r["role"]))),
            (self.tr("From"), lambda r: str(r["client"] or "")),
            (self.tr("Signed in"), lambda r: _time(r["started_at"])),
            (self.tr("Last seen"), lambda r: _time(r["last_seen_at"])),
            (self.tr("Ended"), lambda r: str(r["end_reason"] or "")),
        ], self)
        self.lockouts = RowsModel([
            (self.tr("User"), lambda r: str(r["username"])),
            (self.tr("Failed sign-ins"), lambda r: str(r["failed_logins"])),
            (self.tr("Locked until"), lambda r: _time(r["locked_until"])),
        ], self)
        self.tabs.addTab(self._users_tab(), self.tr("Users"))
        self.tabs.addTab(self._sessions_tab(), self.tr("Sessions"))
        self.tabs.addTab(self._lockouts_tab(), self.tr("Lockouts"))
        if api_keys is not None:
            api_keys.setWindowFlags(Qt.WindowType.Widget)
            self.tabs.addTab(api_keys, self.tr("API keys"))
        box = QVBoxLayout(self)
        box.addWidget(self.tabs)
        box.addWidget(self.status)
        self.failed.connect(self.status.setText)
        self.changed.connect(self.status.setText)
        self.resize(820, 520)
        self.refresh()

    def _user_state(self, row: dict[str, Any]) -> str:
        if not row["active"]:
            return self.tr("deactivated")
        return self.tr("locked") if _locked(row) else self.tr("active")

    # --- tabs ------------------------------------------------------------------------

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users_view = _table(self.users)
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role_name(role), role)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("at least 10 characters, not the user name"))
        self.create_button = QPushButton(self.tr("Create user"))
        self.role_button = QPushButton(self.tr("Set role of selected"))
        self.reset_button = QPushButton(self.tr("Reset password of selected"))
        self.deactivate_button = QPushButton(self.tr("Deactivate selected"))
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Password"), self.password)
        buttons = QHBoxLayout()
        for b in (self.create_button, self.role_button, self.reset_button,
                  self.deactivate_button):
            buttons.addWidget(b)
        box = QVBoxLayout(page)
        box.addWidget(self.users_view)
        box.addLayout(form)
        box.addLayout(buttons)
        self.create_button.clicked.connect(self.create_user)
        self.role_button.clicked.connect(self.set_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.deactivate_button.clicked.connect(self.deactivate)
        return page

    def _sessions_tab(self) -> QWidget:
        page = QWidget()
        self.sessions_view = _table(self.sessions)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("why (kept in the audit trail)"))
        self.revoke_button = QPushButton(self.tr("Revoke selected"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.show_ended = QCheckBox(self.tr("Show ended sessions"))
        row = QHBoxLayout()
        row.addWidget(self.show_ended)
        row.addWidget(self.reason, 1)
        row.addWidget(self.revoke_button)
        row.addWidget(self.refresh_button)
        box = QVBoxLayout(page)
        box.addWidget(self.sessions_view)
        box.addLayout(row)
        self.revoke_button.clicked.connect(self.revoke)
        self.refresh_button.clicked.connect(self.refresh)
        self.show_ended.toggled.connect(self.refresh)
        return page

    def _lockouts_tab(self) -> QWidget:
        page = QWidget()
        self.lockouts_view = _table(self.lockouts)
        self.unlock_button = QPushButton(self.tr("Unlock selected"))
        box = QVBoxLayout(page)
        box.addWidget(self.lockouts_view)
        box.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        self.unlock_button.clicked.connect(self.unlock)
        return page

    # --- requests ----------------------------------------------------------------------

    def _run(self, work: Callable[[], Awaitable[Any]], said: str | None = None) -> None:
        async def go() -> None:
            try:
                await work()
            except Exception as exc:  # the hub's refusal (policy, rights) or no hub
                self.failed.emit(str(getattr(exc, "message", exc)))
                return
            if said is not None:
                self.changed.emit(said)
                await self._reload()

        task = asyncio.get_event_loop().create_task(go())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _reload(self) -> None:
        users = await self.client.users()
        sessions = await self.client.sessions(
            open_only=False if self.show_ended.isChecked() else None)
        self.users.set_rows(users)
        self.sessions.set_rows(sessions)
        self.lockouts.set_rows([u for u in users if _locked(u)])
        self.loaded.emit()

    def refresh(self) -> None:
        self._run(self._reload)

    @staticmethod
    def _selected(view: QTableView, model: RowsModel) -> list[int]:
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        return [model.row_id(r) for r in rows]

    def create_user(self) -> None:
        name, shown = self.username.text().strip(), self.display_name.text().strip()
        role, password = str(self.role.currentData()), self.password.text()
        self.password.clear()
        self._run(lambda: self.client.create_user(name, role, password,
                                                  display_name=shown or None),
                  self.tr("User {name} created").format(name=name))

    def set_role(self) -> None:
        role = str(self.role.currentData())
        for uid in self._selected(self.users_view, self.users):
            self._run(partial(self.client.set_user_role, uid, role),
                      self.tr("Role changed; their sessions were ended"))

    def reset_password(self) -> None:
        password = self.password.text()
        self.password.clear()
        for uid in self._selected(self.users_view, self.users):
            self._run(partial(self.client.reset_password, uid, password),
                      self.tr("Password reset"))

    def deactivate(self) -> None:
        for uid in self._selected(self.users_view, self.users):
            self._run(partial(self.client.deactivate_user, uid),
                      self.tr("User deactivated; their sessions were ended"))

    def revoke(self) -> None:
        reason = self.reason.text().strip()
        for sid in self._selected(self.sessions_view, self.sessions):
            self._run(partial(self.client.revoke_session, sid, reason),
                      self.tr("Session revoked"))

    def unlock(self) -> None:
        for uid in self._selected(self.lockouts_view, self.lockouts):
            self._run(partial(self.client.unlock_user, uid), self.tr("Unlocked"))

    def closeEvent(self, event: Any) -> None:
        for task in self._tasks:
            task.cancel()
        super().closeEvent(event)
