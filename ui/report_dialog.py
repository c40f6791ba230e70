"""The supervisor's weekly report: pick a week, language and paper; build, preview, print, save.

The PDF is built by ``reports.weekly.build_weekly_pdf`` on a worker thread (it reads the
database and lays out pages for seconds); progress comes back through a queued Qt signal and
the widgets are only touched on the UI thread. A console connected with ``--hub`` only has no
database: it asks the hub (``client.weekly_report``), which builds the same PDF.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.settings import Settings


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_full_week(today: date) -> date:
    """Monday of the last complete ISO week (what a supervisor prints on Monday morning)."""
    return today - timedelta(days=today.weekday() + 7)


def build_pdf(db_url: str, *, week: str, tz: str, lang: str, paper: str, progress: Any) -> bytes:
    """Runs on the worker thread: its own Database, disposed afterwards."""
    from console.db.engine import Database
    from reports.weekly import build_weekly_pdf

    db = Database(db_url)
    try:
        return build_weekly_pdf(db, week=week, tz=tz, lang=lang, paper=paper, progress=progress)
    finally:
        db.dispose()


class _Progress(QObject):
    """Carries progress from the worker thread to the UI thread (queued connection)."""

    moved = Signal(float, str)


class ReportDialog(QDialog):
    """Signals: built(bytes) when a PDF is ready; failed(str) with the reason;
    delivered(str week, str target) when it was saved (file name) or printed ("printer")."""

    built = Signal(bytes)
    failed = Signal(str)
    delivered = Signal(str, str)

    def __init__(
        self,
        db_url: str,
        *,
        settings: Settings,
        client: Any = None,
        demo: Any = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle(self.tr("Weekly report"))
        self.db_url = db_url
        self.client = client  # console.client.ConsoleClient when there is no database here
        self.settings = settings
        self.pdf_bytes: bytes | None = None
        self._executor = ThreadPoolExecutor(1, "weekly-report")
        self._task: asyncio.Task[None] | None = None
        self._progress = _Progress(self)
        self._progress.moved.connect(self._on_progress)
        monday = last_full_week(today or date.today())
        self.week = QDateEdit(QDate(monday.year, monday.month, monday.day), self)
        self.week.setCalendarPopup(True)
        self.week.setDisplayFormat("yyyy-MM-dd")
        self.week_label = QLabel(self)
        self.week.dateChanged.connect(lambda _d: self._show_week())
        self.lang = QComboBox(self)
        self.lang.addItem("English", "en")
        self.lang.addItem("简体中文", "zh")
        self.paper = QComboBox(self)
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.get("report/paper"))))
        self.build_button = QPushButton(self.tr("Build"), self)
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.start_build)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton(self.tr("Save…"), self)
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        self._set_ready(False)
        self._layout(close, demo)
        self._show_week()
        self.resize(900, 800)

    def _layout(self, close: QPushButton, demo: Any) -> None:
        row = QHBoxLayout()
        for label, widget in (
            (self.tr("Week of"), self.week),
            (None, self.week_label),
            (self.tr("Language"), self.lang),
            (self.tr("Paper"), self.paper),
        ):
            if label:
                row.addWidget(QLabel(label, self))
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.build_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.print_button, self.save_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        if demo is not None:
            try:
                from ui.panels.demo_banner import DemoBanner

                layout.addWidget(DemoBanner(demo, parent=self))
            except (ImportError, TypeError):
                pass
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def selected_week(self) -> str:
        day: date = self.week.date().toPython()  # type: ignore[assignment]
        return iso_week(day)

    def _show_week(self) -> None:
        self.week_label.setText(self.selected_week())

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # --- building ----------------------------------------------------------------------------

    def start_build(self) -> None:
        if self._task is not None and not self._task.done():
            return
        if not self.db_url and self.client is None:
            self._fail(self.tr("No database to report from (start with --db URL)"))
            return
        self.build_button.setEnabled(False)
        self.progress.setValue(0)
        self.status.setText(self.tr("Building {week}…").format(week=self.selected_week()))
        self.settings.set("report/paper", self.paper.currentData())
        self._task = asyncio.get_event_loop().create_task(self._build())

    async def _build(self) -> None:
        loop = asyncio.get_running_loop()
        params = {
            "week": self.selected_week(),
            "tz": self.settings.get("timezone"),
            "lang": self.lang.currentData(),
            "paper": self.paper.currentData(),
            "progress": self._progress.moved.emit,
        }
        try:
            if self.db_url:
                pdf = await loop.run_in_executor(
                    self._executor, lambda: build_pdf(self.db_url, **params)
                )
            else:
                pdf = await self._from_hub(params)
        except Exception as exc:  # a ReportError, the hub's refusal or a failure: say why
            self._fail(str(exc))
            return
        finally:
            self.build_button.setEnabled(True)
            self.progress.setRange(0, 100)
        self.show_pdf(pdf)

    async def _from_hub(self, params: dict[str, Any]) -> bytes:
        """The hub builds it (no progress over the wire: the bar runs until it arrives)."""
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("The hub is building {week}…").format(week=params["week"]))
        pdf: bytes = await self.client.weekly_report(
            week=params["week"], lang=params["lang"], paper=params["paper"], tz=params["tz"]
        )
        return pdf

    def show_pdf(self, pdf: bytes) -> None:
        self.pdf_bytes = pdf
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.progress.setValue(100)
        count = self.document.pageCount()
        self.status.setText(
            self.tr("1 page") if count == 1 else self.tr("{pages} pages").format(pages=count)
        )
        self._set_ready(True)
        self.built.emit(pdf)

    def _on_progress(self, fraction: float, stage: str) -> None:
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 100))
        self.status.setText(stage)

    def _fail(self, reason: str) -> None:
        self.status.setText(reason)
        self.status.setProperty("role", "error")
        self.status.style().polish(self.status)
        self.failed.emit(reason)

    # --- output ------------------------------------------------------------------------------

    def save_to(self, path: str | Path) -> Path:
        if self.pdf_bytes is None:
            raise ValueError("build the report before saving it")
        target = Path(path)
        target.write_bytes(self.pdf_bytes)
        self.delivered.emit(self.selected_week(), target.name)
        return target

    def save_pdf(self) -> None:
        name = f"weekly-{self.selected_week()}-{self.lang.currentData()}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), name, "PDF (*.pdf)")
        if path:
            self.save_to(path)
            self.status.setText(self.tr("Saved {path}").format(path=path))

    def print_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: Any) -> int:
        """Render every page onto ``printer``; returns the number of pages."""
        painter = QPainter(printer)
        try:
            rect = painter.viewport()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                image = self.document.render(page, rect.size())
                painter.drawImage(rect, image)
        finally:
            painter.end()
        self.delivered.emit(self.selected_week(), "printer")
        return self.document.pageCount()

    def closeEvent(self, event: Any) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
