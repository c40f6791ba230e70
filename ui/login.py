"""The sign-in dialog and the async flow that turns credentials into a connected client.

The dialog never waits on the network itself: ``sign_in`` awaits the client's first snapshot
on the qasync loop while the dialog stays responsive and shows progress or the reason it
failed (bad password, hub unreachable). The last user name is remembered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.client import ConsoleClient
from console.errors import DispatchError
from ui.settings import Settings

READY_TIMEOUT_S = 20.0


class LoginDialog(QDialog):
    """Signals: submitted(username, password)."""

    submitted = Signal(str, str)

    def __init__(
        self, settings: Settings, *, hub_url: str, hint: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Night Dispatch Console — sign in"))
        self.settings = settings
        title = QLabel(self.tr("Night Dispatch Console"), self)
        title.setProperty("role", "title")
        where = QLabel(self.tr("Hub: {url}").format(url=hub_url), self)
        where.setProperty("role", "muted")
        self.username = QLineEdit(settings.get("last_username"), self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("", self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(self)
        self.sign_in = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in.setDefault(True)
        self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        if hint:
            note = QLabel(hint, self)
            note.setObjectName("loginHint")
            note.setProperty("role", "muted")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        (self.password if self.username.text() else self.username).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def _submit(self) -> None:
        name = self.username.text().strip()
        if not name or not self.password.text():
            self.show_error(self.tr("Enter a user name and a password."))
            return
        self.set_busy(True)
        self.submitted.emit(name, self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.sign_in.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
        if busy:
            self.message.setProperty("role", "muted")
            self.message.setText(self.tr("Connecting…"))
            self._repolish()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.message.setProperty("role", "error")
        self.message.setText(text)
        self._repolish()
        self.password.selectAll()
        self.password.setFocus()

    def _repolish(self) -> None:
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)


async def connect_client(
    url: str,
    username: str,
    password: str,
    *,
    prepare: Callable[[Any], None] | None = None,
    make: Callable[..., Any] = ConsoleClient,
) -> Any:
    """A started client holding its first snapshot; raises the reason otherwise.

    ``prepare(client)`` runs before the client starts, so listeners attached there see the
    snapshot and every event after it.
    """
    client = make(url, username=username, password=password)
    if prepare is not None:
        prepare(client)
    await client.start()
    try:
        await client.wait_ready(timeout=READY_TIMEOUT_S)
    except BaseException:
        await client.close()
        raise
    return client


async def sign_in(
    dialog: LoginDialog,
    url: str,
    *,
    prepare: Callable[[Any], None] | None = None,
    make: Callable[..., Any] = ConsoleClient,
) -> Any | None:
    """Show the dialog until a login succeeds (returns the client) or the user quits (None)."""
    attempts: asyncio.Queue[tuple[str, str] | None] = asyncio.Queue()
    dialog.submitted.connect(lambda u, p: attempts.put_nowait((u, p)))
    dialog.rejected.connect(lambda: attempts.put_nowait(None))
    dialog.show()
    try:
        while (attempt := await attempts.get()) is not None:
            username, password = attempt
            try:
                client = await connect_client(url, username, password, prepare=prepare,
                                              make=make)
            except DispatchError as exc:
                dialog.show_error(_reason(exc))
                continue
            except OSError as exc:
                dialog.show_error(
                    QCoreApplication.translate(
                        "LoginDialog", "Cannot reach the hub: {reason}"
                    ).format(reason=exc)
                )
                continue
            dialog.settings.set("last_username", username)
            return client
        return None
    finally:
        dialog.hide()


def _reason(exc: DispatchError) -> str:
    """A wrong password reads the same for every account; a lockout or a deactivated
    account says so (the hub's sentence)."""
    if exc.code == "forbidden" or (
        exc.code == "unauthorized" and exc.message == "wrong username or password"
    ):
        return QCoreApplication.translate("LoginDialog", "Wrong user name or password.")
    if exc.code == "rate_limited":  # too many failed sign-ins from this address
        left = exc.details.get("retry_after")
        minutes = max(1, -(-left // 60)) if isinstance(left, int) else 1
        return QCoreApplication.translate(
            "LoginDialog",
            "Too many failed sign-ins from this computer's address. Try again in {n} min.",
        ).format(n=minutes)
    return exc.message
