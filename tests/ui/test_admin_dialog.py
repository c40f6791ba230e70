"""The Admin dialog against a real hub: create a user (policy refusal shown), change a role,
revoke a session (that console stops), unlock a lockout; every change audited by the hub."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.db.models import AuditRecord
from console.services import signin
from tests.ui.conftest import until
from ui.admin.dialog import AdminDialog


def _select(view, model, pred) -> None:
    row = next(i for i, r in enumerate(model.rows) if pred(r))
    view.selectRow(row)


def _actions(db) -> list[str]:
    with db.reading() as s:
        return list(s.execute(select(AuditRecord.action).order_by(AuditRecord.id)).scalars())


def test_admin_dialog_users_sessions_lockouts(qtbot, qtmodeltester, hub_env, connect,
                                              arun) -> None:
    admin = connect("admin")
    watched = connect("dispatcher")
    for _ in range(signin.MAX_FAILURES):
        with pytest.raises(signin.SignInRefused):
            signin.sign_in(hub_env.db, "supervisor", "wrong", hub_id=None, client="test")
    dialog = AdminDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    arun(until(lambda: dialog.users.rows, what="users listed"))
    qtmodeltester.check(dialog.users)
    assert [r["username"] for r in dialog.lockouts.rows] == ["supervisor"]
    assert {r["username"] for r in dialog.sessions.rows} >= {"admin", "dispatcher"}

    dialog.username.setText("nina")
    dialog.password.setText("nina")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as refused:
        dialog.create_button.click()
    assert "at least 10 characters" in refused.args[0]
    dialog.password.setText("copper-kettle-dawn")
    dialog.role.setCurrentIndex(dialog.role.findData("dispatcher"))
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.create_button.click()
    assert any(r["username"] == "nina" for r in dialog.users.rows)

    _select(dialog.users_view, dialog.users, lambda r: r["username"] == "nina")
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.role_button.click()
    assert next(r for r in dialog.users.rows if r["username"] == "nina")["role"] == "supervisor"

    _select(dialog.lockouts_view, dialog.lockouts, lambda r: r["username"] == "supervisor")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.unlock_button.click()
    assert dialog.lockouts.rows == []

    _select(dialog.sessions_view, dialog.sessions, lambda r: r["id"] == watched.session_id)
    dialog.reason.setText("shift over")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.revoke_button.click()
    arun(until(lambda: watched.error is not None, what="the revoked console stops"))
    assert watched.error.details["session_ended"] == "revoked"
    assert watched.session_id not in {r["id"] for r in dialog.sessions.rows}
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show_ended.setChecked(True)  # the history: the revoked one, with its reason
    ended = next(r for r in dialog.sessions.rows if r["id"] == watched.session_id)
    assert ended["end_reason"] == "revoked" and ended["ended_by"].startswith("user:")
    dialog.close()
    done = _actions(hub_env.db)
    for action in ("lockout", "create_user", "change_role", "unlock", "revoke_session"):
        assert action in done, action


def test_admin_menu_opens_the_dialog_for_admins_only(make_main_window) -> None:
    admin = make_main_window("admin")
    admin.actions_by_id["admin"].trigger()
    dialog = admin.commands.dialogs["admin"]
    assert isinstance(dialog, AdminDialog) and dialog.isVisible()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())][:3] == [
        "Users", "Sessions", "Lockouts"]
    dialog.close()
    supervisor = make_main_window("supervisor")
    assert supervisor.commands.admin() is None
    assert not supervisor.actions_by_id["admin"].isVisible() or \
        not supervisor.menus["admin"].menuAction().isVisible()


def test_status_bar_warns_about_insecure_hubs_and_expiring_certificates(make_main_window):
    from datetime import UTC, datetime, timedelta

    window = make_main_window("dispatcher")
    bar = window.status
    assert bar.security.isHidden()  # the test hub is on loopback: nothing to say
    now = datetime.now(UTC)
    bar.set_security({"tls": False, "insecure": True, "cert_not_after": None}, now)
    assert not bar.security.isHidden() and "--insecure" in bar.security.text()
    soon = (now + timedelta(days=10)).isoformat()
    bar.set_security({"tls": True, "insecure": False, "cert_not_after": soon}, now)
    assert "certificate expires" in bar.security.text()
    later = (now + timedelta(days=30)).isoformat()
    bar.set_security({"tls": True, "insecure": False, "cert_not_after": later}, now)
    assert bar.security.isHidden()
