"""The audit viewer: filter by person, action, call and time; load pages from the hub (an
``audit_trail`` request awaited on the asyncio loop, so the UI thread never waits on the
database); export what is loaded as CSV, which the hub records (``record_export``).

Signals: loaded(int rows), exported(str path).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.audit.model import AuditModel


class AuditViewer(QDialog):
    loaded = Signal(int)
    exported = Signal(str)

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.model = AuditModel()
        self.next: int | None = None
        self._task: asyncio.Task[None] | None = None
        self.setWindowTitle(self.tr("Audit trail"))
        self.person, self.action, self.call = QLineEdit(), QLineEdit(), QLineEdit()
        self.since, self.until = QLineEdit(), QLineEdit()
        for edit, hint in ((self.since, "2026-11-01T00:00+08:00"),
                           (self.until, "2026-12-01T00:00+08:00")):
            edit.setPlaceholderText(hint)
        form = QFormLayout()
        form.addRow(self.tr("Person"), self.person)
        form.addRow(self.tr("Action"), self.action)
        form.addRow(self.tr("Call"), self.call)
        form.addRow(self.tr("From"), self.since)
        form.addRow(self.tr("Until"), self.until)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.status = QLabel()
        self.search_button = QPushButton(self.tr("Search"))
        self.more_button = QPushButton(self.tr("Load more"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        buttons = QHBoxLayout()
        for b in (self.search_button, self.more_button, self.export_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        self.search_button.clicked.connect(self.search)
        self.more_button.clicked.connect(self.load_more)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.resize(900, 560)

    def filters(self) -> dict[str, Any]:
        """The filter fields as the request takes them (a bad time or call id: ValueError)."""
        f: dict[str, Any] = {"actor": self.person.text().strip() or None,
                             "action": self.action.text().strip() or None}
        if self.call.text().strip():
            f["call_id"] = int(self.call.text().strip().lstrip("#"))
        for key, edit in (("since", self.since), ("until", self.until)):
            if edit.text().strip():
                f[key] = datetime.fromisoformat(edit.text().strip()).isoformat()
        return f

    def search(self) -> None:
        self.model.clear()
        self.next = None
        self._load(None)

    def load_more(self) -> None:
        if self.next is not None:
            self._load(self.next)

    def _load(self, before: int | None) -> None:
        try:
            f = self.filters()
        except ValueError as exc:
            self.status.setText(self.tr("Cannot search: {reason}").format(reason=exc))
            return
        self._task = asyncio.ensure_future(self._fetch(f, before))

    async def _fetch(self, f: dict[str, Any], before: int | None) -> None:
        try:
            page = await self.client.audit_trail(before_id=before, limit=200, **f)
        except Exception as exc:  # the hub's refusal or a lost connection, said in words
            self.status.setText(str(getattr(exc, "message", exc)))
            return
        self.model.append(page["rows"])
        self.next = page["next"]
        self.more_button.setEnabled(self.next is not None)
        self.status.setText(self.tr("{n} rows").format(n=len(self.model.rows)))
        self.loaded.emit(len(page["rows"]))

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), "audit.csv",
                                              "CSV (*.csv)")
        if path:
            self._task = asyncio.ensure_future(self.export_to(Path(path)))

    async def export_to(self, path: Path) -> None:
        """Write the loaded rows and tell the hub's audit trail who exported how many."""
        path.write_text(self.model.to_csv(), encoding="utf-8")
        await self.client.record_export(kind="audit_csv", rows=len(self.model.rows),
                                        target=path.name)
        self.exported.emit(str(path))
