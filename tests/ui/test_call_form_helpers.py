"""The call form saves typing: the category's usual priority, the district from the
location, and a known caller's earlier addresses."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from console.domain import CATEGORY_SKILLS
from console.seed.mix import usual_priority
from tests.ui.conftest import until
from ui.panels.call_form import CallForm


def test_category_sets_the_usual_priority_until_the_dispatcher_chooses(qtbot: QtBot) -> None:
    form = CallForm(None)
    qtbot.addWidget(form)
    form.category.setCurrentIndex(form.category.findData("burst_pipe"))
    assert form.priority.currentData() == "emergency"
    form.category.setCurrentIndex(form.category.findData("pests"))
    assert form.priority.currentData() == "normal"
    form.priority.setCurrentIndex(form.priority.findData("urgent"))
    form.priority.activated.emit(form.priority.currentIndex())  # as a click or key does
    form.category.setCurrentIndex(form.category.findData("burst_pipe"))
    assert form.priority.currentData() == "urgent", "the dispatcher's choice stays"
    form.clear()
    assert form.priority.currentData() == usual_priority(form.category.currentData()).value
    assert {usual_priority(c).value for c in CATEGORY_SKILLS} == {"emergency", "urgent", "normal"}


def test_district_follows_the_location_unless_typed(qtbot: QtBot) -> None:
    form = CallForm(None)
    qtbot.addWidget(form)
    form.set_location(31.2304, 121.4737)
    assert form.district.text() == "Huangpu"
    form.set_location(31.1880, 121.4365)
    assert form.district.text() == "Xuhui"
    qtbot.keyClicks(form.district, "x")  # the dispatcher knows better: keep it
    form.set_location(31.2304, 121.4737)
    assert form.district.text() == "Xuhuix"
    form.clear()
    form.set_location(0.0, 0.0)
    assert form.district.text() == ""


def test_a_known_caller_offers_earlier_addresses(make_main_window, arun) -> None:
    window = make_main_window()
    client = window.ctx.client
    base = dict(customer_name="Gu Ming", phone="13800008888", category="leak")
    arun(client.create_call(**base, address="1 Home Rd", lat=31.2304, lon=121.4737))
    arun(client.create_call(**base, address="9 Office Rd", lat=31.1880, lon=121.4365))
    window.actions_by_id["new_call"].trigger()
    form = window.commands.dialogs["new_call"].form
    form.phone.setText("13800008888")
    form.lookup()
    arun(until(lambda: form.places.count() == 2, what="earlier addresses"))
    assert form.places.isVisible()
    index = form.places.findText("9 Office Rd")
    form.places.setCurrentIndex(index)
    form.places.activated.emit(index)
    assert form.address.text() == "9 Office Rd"
    assert (form.lat.text(), form.district.text()) == ("31.188000", "Xuhui")
