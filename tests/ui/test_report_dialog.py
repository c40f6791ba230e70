"""The supervisor's weekly report dialog: worker-thread build, preview, save, print."""

from __future__ import annotations

from datetime import date

from PySide6.QtPrintSupport import QPrinter

from tests.ui.conftest import until
from ui.report_dialog import ReportDialog, iso_week, last_full_week


def test_week_helpers() -> None:
    assert iso_week(date(2026, 11, 23)) == "2026-W48"
    assert last_full_week(date(2026, 11, 26)) == date(2026, 11, 16)
    assert last_full_week(date(2026, 11, 23)) == date(2026, 11, 16)


def test_build_preview_save_and_print(qtbot, hub_env, arun, fresh_settings, tmp_path) -> None:
    dialog = ReportDialog(hub_env.db.url, settings=fresh_settings, today=date(2026, 11, 26))
    qtbot.addWidget(dialog)
    dialog.show()
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    dialog.lang.setCurrentIndex(dialog.lang.findData("zh"))
    assert dialog.selected_week() == "2026-W47"
    assert not dialog.save_button.isEnabled()

    dialog.start_build()
    assert not dialog.build_button.isEnabled()  # the UI thread went on; the worker builds
    arun(
        until(
            lambda: dialog.pdf_bytes is not None or dialog.status.property("role") == "error",
            timeout=60,
            what="report built",
        )
    )
    assert dialog.pdf_bytes is not None, dialog.status.text()
    assert dialog.pdf_bytes.startswith(b"%PDF")
    assert dialog.document.pageCount() >= 1
    assert progress and progress[-1] == 100 and len(set(progress)) > 2
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()

    saved = dialog.save_to(tmp_path / "week.pdf")
    assert saved.read_bytes() == dialog.pdf_bytes

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.document.pageCount()
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    dialog.close()


def test_a_failed_build_says_why(qtbot, arun, fresh_settings, tmp_path) -> None:
    dialog = ReportDialog(
        f"sqlite:///{tmp_path / 'missing' / 'nothing.sqlite3'}", settings=fresh_settings
    )
    qtbot.addWidget(dialog)
    reasons: list[str] = []
    dialog.failed.connect(reasons.append)
    dialog.start_build()
    arun(until(lambda: reasons, timeout=30, what="failure"))
    assert dialog.pdf_bytes is None and reasons[0]
    assert dialog.build_button.isEnabled()
    dialog.close()


def test_supervisor_opens_the_dialog_from_the_reports_menu(make_main_window) -> None:
    window = make_main_window("supervisor")
    window.actions_by_id["weekly_report"].trigger()
    dialog = window.commands.dialogs["weekly_report"]
    assert isinstance(dialog, ReportDialog) and dialog.isVisible()
    assert dialog.db_url == window.ctx.db_url
    dialog.close()


def test_a_hub_only_supervisor_prints_the_report_the_hub_builds(make_main_window, arun) -> None:
    dispatcher = make_main_window("dispatcher", hub_only=True)
    assert not dispatcher.actions_by_id["weekly_report"].isVisible()
    window = make_main_window("supervisor", hub_only=True)
    assert window.ctx.db_url is None
    assert window.menus["reports"].menuAction().isVisible()
    window.actions_by_id["weekly_report"].trigger()
    dialog = window.commands.dialogs["weekly_report"]
    assert isinstance(dialog, ReportDialog) and dialog.isVisible()
    dialog.start_build()
    assert not dialog.build_button.isEnabled()  # the hub builds; the window goes on
    arun(
        until(
            lambda: dialog.pdf_bytes is not None or dialog.status.property("role") == "error",
            timeout=60,
            what="report built by the hub",
        )
    )
    assert dialog.pdf_bytes is not None, dialog.status.text()
    assert dialog.pdf_bytes.startswith(b"%PDF") and dialog.document.pageCount() >= 1
    assert dialog.build_button.isEnabled() and dialog.save_button.isEnabled()
    dialog.close()
