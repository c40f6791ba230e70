"""Job detail: what LiveState knows at once, notes and history from the hub, adding a note."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from console.db.engine import Database
from console.services import (
    Actor,
    advance_status,
    assign_call,
    complete_call,
    rate_call,
    reassign_call,
)
from tests.helpers.panels_support import (
    HubRig,
    add_call,
    add_tech,
    collect_qt_garbage,  # noqa: F401 - autouse: collect garbage on the Qt thread
    hub_rig_fixture,  # noqa: F401 - the hub_rig fixture
)
from ui.panels.job_detail import JobDetailPanel

ANN = Actor("user", 1, "Ann", "dispatcher")


def test_detail_shows_steps_assignments_history_and_takes_notes(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    zhang, wang = add_tech(db, "Zhang Min"), add_tech(db, "Wang Wei")
    earlier = add_call(db, category="blocked_drain")
    assign_call(db, actor=ANN, call_id=earlier.id, technician_id=zhang.id)
    for step in ("accepted", "en_route", "on_site"):
        advance_status(db, actor=ANN, call_id=earlier.id, to=step)
    complete_call(db, actor=ANN, call_id=earlier.id, price_charged=80.0)
    rate_call(db, actor=ANN, call_id=earlier.id, rating=4, feedback="quick")
    call = add_call(db, category="leak")
    assign_call(db, actor=ANN, call_id=call.id, technician_id=zhang.id)
    reassign_call(
        db, actor=ANN, call_id=call.id, technician_id=wang.id, from_technician_id=zhang.id
    )
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)
    panel = JobDetailPanel(desk.state, actions=desk.actions)
    qtbot.addWidget(panel)
    panel.show()
    assert "No call selected" in panel.text()
    panel.show_call(call.id)
    text = panel.text()
    assert f"#{call.id} Leak" in text and "Li Lei" in text and "1 Nanjing Rd" in text
    assert "Created" in text and "Assigned" in text
    assert "Zhang Min" in text and "Reassigned" in text and "Wang Wei" in text
    hub_rig.until(lambda: panel.detail is not None, what="call detail from the hub")
    text = panel.text()
    assert f"#{earlier.id}" in text and "Completed" in text and "★4" in text
    # A note typed and Enter: sent to the hub, shown once the hub's event comes back.
    qtbot.keyClicks(panel.note, "customer asks to call before arriving")
    with qtbot.waitSignal(panel.note_added, timeout=10_000):
        qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    hub_rig.until(
        lambda: "customer asks to call before arriving" in panel.text(),
        what="the note in the panel",
    )
    assert panel.note.text() == ""
    assert not panel.add_note()  # empty note: refused locally with a message
    assert panel.message.text() == "Type the note first"
    panel.show_call(earlier.id)
    assert "★4" in panel.text() and "quick" in panel.text()
