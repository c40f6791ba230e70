"""Admin dialog: API keys for integrations — list, create (secret shown once), revoke.

Key management is an admin's desk job on the center's database, like the weekly report:
the services run on a worker thread against ``db_url`` and results come back to the UI
thread through the asyncio (qasync) loop; the window never waits on the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.db.engine import Database
from console.services.actors import Actor
from console.services.api_keys import (
    SCOPES,
    ApiKeyView,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)

T = TypeVar("T")
COLUMNS = ("Id", "Name", "Scopes", "Key starts", "Rate/s", "State")


class ApiKeysDialog(QDialog):
    """Signals: ``keys_loaded(int)`` after each refresh (row count), ``failed(str)``."""

    keys_loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, db_url: str, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("API keys"))
        self.db_url = db_url
        self.actor = actor
        self._executor = ThreadPoolExecutor(1, "api-keys")
        self._db: Database | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.keys: list[ApiKeyView] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("integration name, e.g. insurer-x"))
        self.scope_boxes = {s: QCheckBox(s) for s in SCOPES}
        self.rate = QDoubleSpinBox()
        self.rate.setRange(0.1, 10_000)
        self.rate.setValue(20.0)
        self.secret = QLineEdit()
        self.secret.setReadOnly(True)
        self.secret.setPlaceholderText(self.tr("the new key appears here once"))
        self.status = QLabel()
        self.create_button = QPushButton(self.tr("Create key"))
        self.revoke_button = QPushButton(self.tr("Revoke selected"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self._layout()
        self.create_button.clicked.connect(self.create_key)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.secret.text()))
        self.failed.connect(self.status.setText)
        self.resize(720, 460)
        self.refresh()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        scopes = QHBoxLayout()
        for check in self.scope_boxes.values():
            scopes.addWidget(check)
        form.addRow(self.tr("Scopes"), scopes)
        form.addRow(self.tr("Requests per second"), self.rate)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret)
        secret_row.addWidget(self.copy_button)
        form.addRow(self.tr("New key"), secret_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revoke_button)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.status)

    # --- worker thread ---------------------------------------------------------------

    def _database(self) -> Database:
        if self._db is None:
            self._db = Database(self.db_url)
        return self._db

    def _run(self, work: Callable[[Database], T], done: Callable[[T], None]) -> None:
        async def go() -> None:
            loop = asyncio.get_running_loop()
            try:
                result = await loop.run_in_executor(
                    self._executor, lambda: work(self._database()))
            except Exception as exc:  # a refusal (bad name, scopes) or a database failure
                self.failed.emit(getattr(exc, "message", str(exc)))
                return
            done(result)

        task = asyncio.get_event_loop().create_task(go())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- actions ---------------------------------------------------------------------

    def refresh(self) -> None:
        self._run(list_api_keys, self._show)

    def _show(self, keys: list[ApiKeyView]) -> None:
        self.keys = keys
        self.table.setRowCount(len(keys))
        for row, k in enumerate(keys):
            state = self.tr("active") if k.active else self.tr("revoked")
            values = (str(k.id), k.name, ", ".join(k.scopes), k.prefix + "…",
                      f"{k.rate_per_s:g}", state)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, k.id)
                self.table.setItem(row, col, item)
        self.keys_loaded.emit(len(keys))

    def create_key(self) -> None:
        name = self.name.text().strip()
        scopes = [s for s, box in self.scope_boxes.items() if box.isChecked()]
        rate = self.rate.value()

        def work(db: Database) -> str:
            return create_api_key(db, actor=self.actor, name=name, scopes=scopes,
                                  rate_per_s=rate, burst=max(1, int(rate * 2)))[1]

        def done(secret: str) -> None:
            self.secret.setText(secret)
            self.status.setText(self.tr("Key created: copy it now, it is not shown again."))
            self.name.clear()
            self.refresh()

        self._run(work, done)

    def revoke_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        ids = [self.keys[r].id for r in sorted(rows) if self.keys[r].active]
        if not ids:
            return

        def work(db: Database) -> int:
            for key_id in ids:
                revoke_api_key(db, actor=self.actor, key_id=key_id)
            return len(ids)

        def done(n: int) -> None:
            self.status.setText(self.tr("{n} key(s) revoked").format(n=n))
            self.refresh()

        self._run(work, done)

    def closeEvent(self, event: Any) -> None:
        for task in self._tasks:
            task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self._db is not None:
            self._db.dispose()
        super().closeEvent(event)
