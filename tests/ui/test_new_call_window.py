"""The New call window through the main window: one Enter makes one call, the window opens
again after a save, and a resent form (same idempotency key) never makes a second call."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from console.db.models import Call
from tests.ui.conftest import until


def _count_calls(hub_env: Any) -> int:
    with hub_env.db.reading() as s:
        return int(s.execute(select(func.count()).select_from(Call)).scalar_one())


def _fill(form: Any, phone: str = "13800002222") -> None:
    form.phone.setText(phone)
    form.name.setText("Zhao Lei")
    form.address.setText("88 Huaihai Rd")
    form.set_location(31.22, 121.46)


def test_one_enter_in_a_line_edit_makes_exactly_one_call(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    window.actions_by_id["new_call"].trigger()
    dialog = window.commands.dialogs["new_call"]
    _fill(dialog.form)
    QTest.keyClick(dialog.form.address, Qt.Key.Key_Return)
    arun(until(lambda: not dialog.isVisible(), what="the dialog hides after the save"))
    arun(window.ctx.actions.drain())
    assert _count_calls(hub_env) == 1


def test_the_form_opens_again_after_a_save(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    window.actions_by_id["new_call"].trigger()
    dialog = window.commands.dialogs["new_call"]
    _fill(dialog.form)
    assert dialog.form.submit()
    arun(until(lambda: not dialog.isVisible(), what="saved"))
    arun(window.ctx.actions.drain())
    window.actions_by_id["new_call"].trigger()  # raised RuntimeError (deleted dialog) before
    again = window.commands.dialogs["new_call"]
    assert again.isVisible()
    assert again.form.phone.text() == ""
    _fill(again.form, phone="13800003333")
    assert again.form.submit()
    arun(until(lambda: not again.isVisible(), what="second save"))
    arun(window.ctx.actions.drain())
    assert _count_calls(hub_env) == 2


def test_a_resent_form_returns_the_first_call(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    window.actions_by_id["new_call"].trigger()
    form = window.commands.dialogs["new_call"].form
    _fill(form)
    fields = form.validate()
    assert fields is not None
    fields["idempotency_key"] = form.idempotency_key
    first = arun(window.ctx.client.create_call(**fields))
    second = arun(window.ctx.client.create_call(**fields))  # a retry after a lost reply
    assert first.id == second.id and _count_calls(hub_env) == 1
    assert form.submit() and not form.submit()  # a second Enter while saving sends nothing
    arun(window.ctx.actions.drain())
    assert _count_calls(hub_env) == 1  # the form's own save carried the same key


def test_each_saved_call_gets_a_fresh_key(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    window.actions_by_id["new_call"].trigger()
    dialog = window.commands.dialogs["new_call"]
    key = dialog.form.idempotency_key
    _fill(dialog.form)
    dialog.form.submit()
    arun(until(lambda: not dialog.isVisible(), what="saved"))
    assert dialog.form.idempotency_key != key


def test_pick_on_map_steps_aside_and_comes_back_with_the_spot(make_main_window, arun) -> None:
    window = make_main_window(with_map=True)
    mapv = window.panels["map"]
    arun(until(lambda: mapv.is_ready, timeout=30, what="map page"))
    window.actions_by_id["new_call"].trigger()
    dialog = window.commands.dialogs["new_call"]
    dialog.form.phone.setText("13800002222")
    dialog.form.pick.click()
    assert not dialog.isVisible(), "the form does not cover the map while picking"
    assert mapv.picking and "Left-click" in window.toast.message.text()
    mapv._bridge.locationPicked(31.2304, 121.4737)  # what the page's left click sends
    assert dialog.isVisible() and not mapv.picking
    assert dialog.form.phone.text() == "13800002222", "what was typed is kept"
    assert (dialog.form.lat.text(), dialog.form.district.text()) == ("31.230400", "Huangpu")


def test_pick_without_a_map_says_so_and_keeps_the_form(make_main_window) -> None:
    window = make_main_window(with_map=False)
    window.actions_by_id["new_call"].trigger()
    dialog = window.commands.dialogs["new_call"]
    dialog.form.pick.click()
    assert dialog.isVisible()
    assert "no map" in window.toast.message.text()


def test_every_call_the_console_creates_has_a_key(make_main_window, hub_env, arun) -> None:
    window = make_main_window()
    made: list[Any] = []
    window.ctx.actions.call_created.connect(made.append)
    window.ctx.actions.create_call(
        dict(
            customer_name="Xu Ke",
            phone="13800009876",
            address="3 Jinling Rd",
            lat=31.23,
            lon=121.49,
            category="lockout",
        )
    )
    arun(until(lambda: made, what="the call"))
    assert (made[0].idempotency_key or "").startswith("console:")
