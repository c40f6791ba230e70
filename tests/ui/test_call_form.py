"""Call-taking form: inline validation, caller look-up, server-side errors next to the field,
and Enter saving a call that then appears in the queue through the hub's event."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from console.db.engine import Database
from console.domain import CallStatus
from tests.helpers.panels_support import (
    Clock,
    HubRig,
    add_call,
    collect_qt_garbage,  # noqa: F401 - autouse: collect garbage on the Qt thread
    hub_rig_fixture,  # noqa: F401 - the hub_rig fixture
)
from ui.panels.call_form import CallForm
from ui.panels.call_queue import CallQueuePanel


def test_validation_messages_sit_next_to_their_fields(qtbot: QtBot) -> None:
    form = CallForm(None)
    qtbot.addWidget(form)
    form.show()
    assert form.validate() is None
    assert form.error_text("phone") == "Enter the caller's phone number"
    assert form.error_text("name") == "Enter the caller's name"
    assert form.error_text("address") == "Enter the address"
    assert form.error_text("location").startswith("Enter latitude and longitude")
    qtbot.keyClicks(form.phone, "call me maybe")
    qtbot.keyClicks(form.name, "Li Lei")
    qtbot.keyClicks(form.address, "1 Nanjing Rd")
    qtbot.keyClicks(form.lat, "91")
    qtbot.keyClicks(form.lon, "121.47")
    assert form.validate() is None
    assert form.error_text("phone").startswith("Not a phone number")
    assert form.error_text("name") == "" and form.error_text("address") == ""
    assert form.error_text("location") == "Latitude must be between -90 and 90"
    form.lat.setText("north")
    form.validate()
    assert form.error_text("location").startswith("Coordinates must be numbers")
    form.lon.setText("200")
    form.lat.setText("31.2")
    form.validate()
    assert form.error_text("location") == "Longitude must be between -180 and 180"
    form.set_location(31.2304, 121.4737)  # what the map's "new call here" sends
    assert (form.lat.text(), form.lon.text()) == ("31.230400", "121.473700")
    assert form.error_text("location") == ""
    form.phone.setText("+86 139 0000 0001")
    form.category.setCurrentIndex(form.category.findData("lockout"))
    form.priority.setCurrentIndex(form.priority.findData("emergency"))
    form.crew.setValue(2)
    fields = form.validate()
    assert fields == {
        "customer_name": "Li Lei",
        "phone": "+86 139 0000 0001",
        "address": "1 Nanjing Rd",
        "district": "Huangpu",  # from the location: the district outlines of the map
        "lat": 31.2304,
        "lon": 121.4737,
        "category": "lockout",
        "priority": "emergency",
        "crew_size": 2,
        "notes": "",
        "channel": "phone",
    }
    assert all(form.error_text(k) == "" for k in form.errors)


def test_enter_saves_and_the_call_reaches_the_queue_through_the_hub(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)  # the snapshot is in: the new call can only arrive as a new row
    form = CallForm(desk.actions)
    queue = CallQueuePanel(desk.state, clock=Clock())
    for w in (form, queue):
        qtbot.addWidget(w)
        w.show()
    qtbot.keyClicks(form.phone, "+8613900000009")
    qtbot.keyClicks(form.name, "Han Meimei")
    qtbot.keyClicks(form.address, "9 Huaihai Rd")
    qtbot.keyClicks(form.district, "Xuhui")
    qtbot.keyClicks(form.lat, "31.21")
    qtbot.keyClicks(form.lon, "121.44")
    form.category.setCurrentIndex(form.category.findData("burst_pipe"))
    qtbot.keyClicks(form.notes, "water in the hallway")
    with (
        qtbot.waitSignal(queue.model.rowsInserted, timeout=10_000),
        qtbot.waitSignal(desk.actions.call_created, timeout=10_000) as created,
    ):
        qtbot.keyClick(form.notes, Qt.Key.Key_Return)
    call = created.args[0]
    assert queue.model.row_of(call.id) is not None
    shown = desk.state.calls[call.id]
    assert (shown.customer_name, shown.category, shown.status) == (
        "Han Meimei",
        "burst_pipe",
        CallStatus.NEW,
    )
    assert shown.channel.value == "phone" and shown.notes == "water in the hallway"
    assert form.phone.text() == "" and form.status.text() == f"Call #{call.id} saved"


def test_known_caller_shows_history_and_fills_the_blanks(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    earlier = add_call(
        db, name="Li Lei", phone="+8613900000001", address="1 Nanjing Rd", district="Huangpu"
    )
    desk = hub_rig.desk()
    form = CallForm(desk.actions)
    qtbot.addWidget(form)
    form.show()
    with qtbot.waitSignal(form.customer_found, timeout=10_000) as found:
        form.phone.setText("+8613900000001")
        form.phone.editingFinished.emit()  # what leaving the field does
    assert found.args[0]["customer"]["name"] == "Li Lei"
    assert form.name.text() == "Li Lei" and form.address.text() == "1 Nanjing Rd"
    assert form.lat.text() == f"{earlier.lat:.6f}"
    assert "1 previous call" in form.history.text() and f"#{earlier.id}" in form.history.text()
    with qtbot.waitSignal(form.customer_found, timeout=10_000) as unknown:
        form.phone.setText("+8613900000002")
        form.phone.editingFinished.emit()
    assert unknown.args[0] is None and form.history.text() == "New caller"


def test_server_refusal_is_shown_next_to_the_field(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    desk = hub_rig.desk()
    form = CallForm(desk.actions)
    qtbot.addWidget(form)
    form.show()
    form.phone.setText("+8613900000003")
    form.name.setText("N" * 130)  # the form allows it; the service caps names at 120
    form.address.setText("3 Bund")
    form.set_location(31.24, 121.49)
    with qtbot.waitSignal(desk.actions.form_error, timeout=10_000) as err:
        assert form.submit()
    assert err.args[0] == "customer_name"
    assert "longer than 120" in form.error_text("name")
    assert form.status.text() == "Not saved"
    assert form.name.text() == "N" * 130  # nothing the dispatcher typed is lost
