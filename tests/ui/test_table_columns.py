"""Columns fit their content, a cut cell tells its full text, and widths and sort are
remembered between windows (settings ``tables/<name>``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip

from tests.ui.conftest import until
from ui.models.call_queue_model import COL
from ui.settings import Settings

LONG = dict(
    customer_name="Ouyang Xiaoming",
    phone="13800001234",
    address="1288 West Nanjing Road, Jing'an Kerry Centre Tower 2, 31st floor reception",
    lat=31.2290,
    lon=121.4480,
    category="electrical_fault",
    priority="urgent",
)


def test_widths_and_sort_are_remembered(make_main_window, tmp_path, arun, qtbot) -> None:
    settings = Settings.in_file(tmp_path / "columns.ini")
    first = make_main_window(settings=settings)
    view = first.panels["queue"].view
    header = view.horizontalHeader()
    header.resizeSection(COL["category"], 211)
    view.sortByColumn(COL["id"], Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: settings.get("tables/queue") != b"", timeout=3000)
    first.close()

    second = make_main_window(settings=settings)
    header = second.panels["queue"].view.horizontalHeader()
    assert header.sectionSize(COL["category"]) == 211
    assert header.sortIndicatorSection() == COL["id"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_cut_cell_shows_its_whole_text(make_main_window, arun, qtbot) -> None:
    window = make_main_window()
    call = arun(window.ctx.client.create_call(**LONG))
    queue = window.panels["queue"]
    arun(until(lambda: queue.select_call(call.id), what="the call in the queue"))
    view = queue.view
    view.horizontalHeader().resizeSection(COL["category"], 30)  # far too narrow
    index = view.currentIndex().siblingAtColumn(COL["category"])
    rect = view.visualRect(index)
    event = QHelpEvent(
        QHelpEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())
    )
    view.viewportEvent(event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    assert QToolTip.text() == "Electrical fault"
    QToolTip.hideText()
