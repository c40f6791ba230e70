"""The admin's API key dialog: create (secret shown once, works), revoke, role gating."""

from __future__ import annotations

from console.services.actors import Actor
from console.services.api_keys import find_api_key
from tests.ui.conftest import until
from ui.api_keys_dialog import ApiKeysDialog


def test_create_and_revoke_a_key(qtbot, hub_env, arun) -> None:
    dialog = ApiKeysDialog(hub_env.db.url, Actor("user", 1, "Admin", "admin"))
    qtbot.addWidget(dialog)
    dialog.show()
    arun(until(lambda: dialog.table.rowCount() == 0 and dialog.keys == [], what="loaded"))
    dialog.create_button.click()  # no name, no scopes: refused with the reason
    arun(until(lambda: "name" in dialog.status.text() or "scopes" in dialog.status.text(),
               what="refusal shown"))
    dialog.name.setText("insurer-x")
    dialog.scope_boxes["intake"].setChecked(True)
    dialog.scope_boxes["read"].setChecked(True)
    with qtbot.waitSignal(dialog.keys_loaded, timeout=10_000):
        dialog.create_button.click()
    arun(until(lambda: dialog.table.rowCount() == 1, what="key listed"))
    secret = dialog.secret.text()
    key = find_api_key(hub_env.db, secret)
    assert key is not None and key.scopes == ("intake", "read")
    assert dialog.table.item(0, 2).text() == "intake, read"
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.keys_loaded, timeout=10_000):
        dialog.revoke_button.click()
    arun(until(lambda: dialog.table.item(0, 5).text() == "revoked", what="revoked shown"))
    assert find_api_key(hub_env.db, secret) is None
    dialog.close()


def test_only_admins_get_the_admin_menu(make_main_window) -> None:
    admin = make_main_window("admin")
    assert admin.menus["admin"].menuAction().isVisible()
    admin.actions_by_id["api_keys"].trigger()
    dialog = admin.commands.dialogs["api_keys"]
    assert isinstance(dialog, ApiKeysDialog) and dialog.isVisible()
    dialog.close()
    dispatcher = make_main_window("dispatcher")
    assert not dispatcher.menus["admin"].menuAction().isVisible()
    assert dispatcher.commands.api_keys() is None
