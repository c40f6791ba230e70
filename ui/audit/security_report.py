"""Reports → Security report…: the hub builds the monthly security PDF (request
``security_report``, audited as a print) while the window stays responsive; the PDF is
written where the supervisor or admin chose.

Signals: saved(str path).
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def last_month(today: date) -> str:
    """The month a monthly report is usually printed for: the one before ``today``'s."""
    y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{y:04d}-{m:02d}"


class SecurityReportDialog(QDialog):
    saved = Signal(str)

    def __init__(self, client: Any, *, today: date, lang: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self._task: asyncio.Task[None] | None = None
        self.setWindowTitle(self.tr("Monthly security report"))
        self.month = QLineEdit(last_month(today))
        self.lang = QComboBox()
        self.lang.addItem("English", "en")
        self.lang.addItem("中文", "zh")
        self.lang.setCurrentIndex(1 if lang == "zh" else 0)
        self.status = QLabel()
        self.save_button = QPushButton(self.tr("Save PDF…"))
        form = QFormLayout()
        form.addRow(self.tr("Month"), self.month)
        form.addRow(self.tr("Language"), self.lang)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        self.save_button.clicked.connect(self._on_save_clicked)

    def _on_save_clicked(self) -> None:
        name = f"security-{self.month.text().strip()}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), name, "PDF (*.pdf)")
        if path:
            self._task = asyncio.ensure_future(self.save_to(Path(path)))

    async def save_to(self, path: Path) -> None:
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("The hub is building the report…"))
        try:
            pdf = await self.client.security_report(month=self.month.text().strip(),
                                                    lang=str(self.lang.currentData()))
        except Exception as exc:  # the hub's refusal (bad month, role) in its words
            self.status.setText(str(getattr(exc, "message", exc)))
            return
        finally:
            self.save_button.setEnabled(True)
        path.write_bytes(pdf)
        self.status.setText(self.tr("Saved {path}").format(path=path.name))
        self.saved.emit(str(path))
