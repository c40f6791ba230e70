"""The dispatcher's core loop on the real main window with real X input (run by
test_real_window.py in a child process on Xvfb; see conftest.py).

The window is built as the app builds it (ui.app.create_window over a signed-in client of
a real hub on loopback and a real SQLite database); keys and the mouse come from xdotool.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from sqlalchemy import func, select

from PySide6.QtWidgets import QApplication

from console.db.models import Assignment, Call
from console.services.actors import SYSTEM
from console.services.calls import create_call
from tests.e2e import xinput
from tests.ui.conftest import until
from ui.models.call_queue_model import CallIdRole

if os.environ.get("NDC_E2E_CHILD") != "1" or os.environ.get("QT_QPA_PLATFORM") != "xcb":
    pytest.skip("run through tests/e2e/test_real_window.py (Xvfb, xcb)", allow_module_level=True)

#: (name, phone, address, lat, lon, category, priority): calls waiting when the shift starts
WAITING = (
    ("Chen Jie", "13800000001", "1 Fuzhou Rd", 31.2335, 121.4800, "burst_pipe", "emergency"),
    ("Wu Fang", "13800000002", "2 Wulumuqi Rd", 31.2100, 121.4400, "leak", "urgent"),
    ("Sun Li", "13800000003", "3 Yanan Rd", 31.2250, 121.4500, "blocked_drain", "normal"),
)


def _seed_calls(hub_env: Any) -> list[int]:
    ids = []
    for name, phone, address, lat, lon, category, priority in WAITING:
        view = create_call(
            hub_env.db,
            actor=SYSTEM,
            customer_name=name,
            phone=phone,
            address=address,
            lat=lat,
            lon=lon,
            category=category,
            priority=priority,
        )
        ids.append(view.id)
    return ids


def _count(hub_env: Any, what: Any, *where: Any) -> int:
    with hub_env.db.reading() as s:
        query = select(func.count()).select_from(what)
        for clause in where:
            query = query.where(clause)
        return int(s.execute(query).scalar_one())


def _active(hub_env: Any, call_id: int) -> list[int]:
    with hub_env.db.reading() as s:
        rows = s.execute(
            select(Assignment.technician_id).where(
                Assignment.call_id == call_id, Assignment.active.is_(True)
            )
        )
        return [r[0] for r in rows]


def test_ctrl_n_type_enter_makes_one_call_and_ctrl_n_opens_again(
    make_main_window, hub_env, arun
) -> None:
    window = make_main_window()
    arun(xinput.focus_window(window))
    arun(xinput.keys("ctrl+n"))
    dialog = window.commands.dialogs["new_call"]
    arun(until(lambda: QApplication.activeWindow() is dialog, what="the New call window"))
    assert dialog.form.phone.hasFocus()
    for text in ("13800009999", "Zhao Lei", "88 Huaihai Rd", "", "31.2200", "121.4600"):
        if text:
            arun(xinput.type_text(text))
        arun(xinput.keys("Tab"))
    assert dialog.form.lon.text() == "121.4600", "typing reached the form's fields"
    arun(xinput.keys("Return"))
    arun(until(lambda: not dialog.isVisible(), what="the form closes after the save"))
    arun(window.ctx.actions.drain())
    arun(xinput.settle(0.5))  # a second save would have landed by now
    assert _count(hub_env, Call) == 1, "one Enter, exactly one call"

    # at once, with the keyboard: the window has the focus back and Ctrl+N opens the form
    arun(until(lambda: QApplication.activeWindow() is window, what="focus back in the window"))
    arun(xinput.keys("ctrl+n"))
    arun(until(lambda: dialog.isVisible(), what="the form again"))
    assert dialog.form.phone.text() == "" and dialog.form.phone.hasFocus()
    arun(xinput.keys("Escape"))
    arun(until(lambda: not dialog.isVisible(), what="Esc closes the form"))
    assert _count(hub_env, Call) == 1


def test_j_k_and_ctrl_enter_from_a_fresh_window(make_main_window, hub_env, arun) -> None:
    ids = _seed_calls(hub_env)
    window = make_main_window()
    queue = window.panels["queue"]
    arun(xinput.focus_window(window))
    arun(until(lambda: queue.view.hasFocus(), what="focus starts on the queue"))
    arun(xinput.keys("j"))
    first = queue.selected_call_id()
    arun(xinput.keys("j"))
    second = queue.selected_call_id()
    arun(xinput.keys("k"))
    assert queue.search.text() == "", "J and K never type into the search box"
    top = queue.view.model().index(0, 0).data(CallIdRole)
    assert first == top, "J from a fresh window selects the top call, not the second"
    assert second in ids and first != second
    assert queue.selected_call_id() == first

    arun(xinput.keys("ctrl+f"))
    arun(until(lambda: queue.search.hasFocus(), what="Ctrl+F focuses the search"))
    arun(xinput.type_text("Fuzhou"))
    arun(xinput.keys("Escape"))
    arun(until(lambda: queue.view.hasFocus(), what="Esc leaves the search box"))
    arun(xinput.keys("ctrl+a", "BackSpace"))  # nothing typed into the search from the view
    assert queue.search.text() == "Fuzhou"
    queue.search.clear()

    arun(xinput.keys("j"))
    target = queue.selected_call_id()
    assert target is not None
    arun(xinput.keys("ctrl+Return"))
    arun(until(lambda: _active(hub_env, target), what="Ctrl+Enter assigns the top choice"))
    assert window.toast.isVisible() and "Ctrl+Z" in window.toast.message.text()


def test_drag_a_call_onto_a_technician_then_ctrl_z(make_main_window, hub_env, arun) -> None:
    ids = _seed_calls(hub_env)
    window = make_main_window()
    queue, board = window.panels["queue"], window.panels["board"]
    arun(xinput.focus_window(window))
    assert queue.select_call(ids[0])
    plumber = next(t for t in hub_env.technicians if t.name == "王伟")
    assert board.select_technician(plumber.id)
    source = queue.view.visualRect(queue.view.currentIndex()).center()
    row = board.view.selectionModel().selectedRows()[0]
    target = board.view.visualRect(row).center()
    arun(
        xinput.drag(
            xinput.centre(queue.view.viewport(), source),
            xinput.centre(board.view.viewport(), target),
        )
    )
    arun(until(lambda: _active(hub_env, ids[0]) == [plumber.id], what="the drop assigned"))
    arun(until(lambda: "Ctrl+Z" in window.toast.message.text(), what="the undo offer"))

    queue.search.setFocus()  # Ctrl+Z undoes the assignment even from a text box
    arun(xinput.keys("ctrl+z"))
    arun(until(lambda: not _active(hub_env, ids[0]), what="Ctrl+Z undid the assignment"))
    arun(until(lambda: "Undone" in window.toast.message.text(), what="the toast says so"))
