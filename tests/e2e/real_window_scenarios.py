"""The dispatcher's core loop on the real main window with real X input (run by
test_real_window.py in a child process on Xvfb; see conftest.py).

The window is built as the app builds it (ui.app.create_window over a signed-in client of
a real hub on loopback and a real SQLite database); keys and the mouse come from xdotool.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from PySide6.QtWidgets import QApplication

from console.db.models import Assignment, Call
from console.replay.decisions import PlannerProposal
from console.services.actors import SYSTEM
from console.services.calls import create_call
from tests.e2e import xinput
from tests.helpers.replay_support import simulated_night, timeline_of
from tests.ui.conftest import until
from ui.models.call_queue_model import CallIdRole
from ui.replay.window import build_replay_window
from ui.shell.main_window import MainWindow

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


def test_review_a_night_with_keys_and_a_click(arun, fresh_settings, tmp_path) -> None:
    """The replay window as a supervisor drives it: Alt+Right / Alt+Left between the
    scrubber's marks, then a click on a decision row asks the planner for its proposal."""
    with ThreadPoolExecutor(1) as pool:  # the night runs its own asyncio loop, not the test's
        timeline = timeline_of(pool.submit(simulated_night, tmp_path, hours=0.75).result())
    window = build_replay_window(timeline, fresh_settings, window_class=MainWindow, with_map=False)
    window.resize(1400, 900)
    window.show()
    bar = window.ctx.extras["replay_bar"]
    arun(xinput.focus_window(window))
    marks = sorted({m.at for m in timeline.marks})
    assert len(marks) >= 2
    arun(xinput.keys("alt+Right"))
    arun(until(lambda: bar.source.now == marks[0], what="Alt+Right jumps to the first mark"))
    arun(xinput.keys("alt+Right"))
    arun(until(lambda: bar.source.now == marks[1], what="Alt+Right again: the next mark"))
    arun(xinput.keys("alt+Left"))
    arun(until(lambda: bar.source.now == marks[0], what="Alt+Left goes back a mark"))
    assert dict(window.ctx.state.calls) == dict(timeline.state_at(marks[0]).calls)

    bar.seek(timeline.events[0].at)
    bar.advance(40 * 60)  # forty minutes of the night, as the play timer would
    panel = window.ctx.extras["decisions"]
    model = panel.model
    assert model.rowCount() >= 2
    view = panel.view
    view.scrollToTop()
    QApplication.processEvents()
    rect = view.visualRect(model.index(0, 1))
    arun(xinput.click(view.viewport().mapToGlobal(rect.center())))
    arun(until(lambda: view.currentIndex().row() == 0, what="the click selects the first row"))
    answer = arun(
        until(
            lambda: isinstance(model.planner.get(0), PlannerProposal) and model.planner[0],
            timeout=60,
            what="the planner's proposal for the clicked decision",
        ),
        timeout=90,
    )
    assert answer.call_id == model.decisions[0].call_id
    window.close()
