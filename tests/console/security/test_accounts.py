"""Passwords and sign-in rules on a real database: argon2id hashes, PBKDF2 hashes upgraded at
the next good sign-in, the password policy, lockout after repeated failures, unlock."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from console.db.engine import Database
from console.db.models import AuditRecord, User, UserSession
from console.errors import InvalidInput
from console.services import admin, signin
from console.services.accounts import create_user
from console.services.actors import SYSTEM, Actor
from console.services.passwords import check_policy, needs_upgrade, verify_password

ADMIN = Actor("user", 99, "Root", "admin")


def _audits(db: Database, action: str) -> list[AuditRecord]:
    with db.reading() as s:
        return list(s.execute(select(AuditRecord).where(AuditRecord.action == action)
                              .order_by(AuditRecord.id)).scalars())


def _legacy_pbkdf2(password: str) -> str:
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)
    return f"pbkdf2_sha256$1000${salt.hex()}${digest.hex()}"


def test_new_hashes_are_argon2id_and_pbkdf2_ones_upgrade_at_sign_in(db: Database) -> None:
    uid = create_user(db, actor=SYSTEM, username="ann", display_name="Ann", role="dispatcher",
                      password="lantern-harbour")
    with db.transaction() as s:
        user = s.get(User, uid)
        assert user is not None and user.password_hash.startswith("$argon2id$")
        user.password_hash = _legacy_pbkdf2("lantern-harbour")
    assert needs_upgrade(_legacy_pbkdf2("x"))
    with pytest.raises(signin.SignInRefused):
        signin.sign_in(db, "ann", "wrong one", hub_id="h", client="t")
    with db.reading() as s:  # a failed sign-in does not touch the stored hash
        assert s.get(User, uid).password_hash.startswith("pbkdf2_sha256$")  # type: ignore[union-attr]
    done = signin.sign_in(db, "ann", "lantern-harbour", hub_id="h", client="t")
    with db.reading() as s:
        stored = s.get(User, uid).password_hash  # type: ignore[union-attr]
        row = s.get(UserSession, done.session_id)
        assert row is not None and row.ended_at is None and row.hub_id == "h"
        assert row.token_hash == hashlib.sha256(done.token.encode()).hexdigest()
    assert stored.startswith("$argon2id$") and not needs_upgrade(stored)
    assert verify_password("lantern-harbour", stored)
    assert [a.after["session_id"] for a in _audits(db, "sign_in")] == [done.session_id]


@pytest.mark.parametrize(("username", "password", "rule"), [
    ("ann", "short1", "at least 10"),
    ("annabel", "xxannabelxx", "user name"),
    ("ann", "password123", "attackers guess"),
    ("ann", "aaaaaaaaaaaa", "attackers guess"),
])
def test_the_policy_names_the_rule_broken(username: str, password: str, rule: str) -> None:
    with pytest.raises(InvalidInput, match=rule):
        check_policy(username, password)
    check_policy(username, "tide-lamp-orchard")


def test_policy_applies_to_people_choosing_passwords(db: Database) -> None:
    with pytest.raises(InvalidInput, match="at least 10"):
        create_user(db, actor=ADMIN, username="bo", display_name="Bo", role="dispatcher",
                    password="short", enforce_policy=True)
    uid = create_user(db, actor=ADMIN, username="bo", display_name="Bo", role="dispatcher",
                      password="tide-lamp-orchard", enforce_policy=True)
    with pytest.raises(InvalidInput, match="user name"):
        admin.reset_password(db, actor=ADMIN, user_id=uid, password="bo-bo-bo-bo-bo")
    admin.reset_password(db, actor=ADMIN, user_id=uid, password="quiet-river-stone")
    assert len(_audits(db, "reset_password")) == 1


def test_lockout_after_five_failures_then_admin_unlock(db: Database) -> None:
    uid = create_user(db, actor=SYSTEM, username="cy", display_name="Cy", role="supervisor",
                      password="lantern-harbour")
    for _ in range(signin.MAX_FAILURES):
        with pytest.raises(signin.SignInRefused):
            signin.sign_in(db, "cy", "not it", hub_id=None, client="t")
    with pytest.raises(signin.SignInRefused, match="locked") as refused:
        signin.sign_in(db, "cy", "lantern-harbour", hub_id=None, client="t")
    assert refused.value.details["locked_until"]
    lock = _audits(db, "lockout")
    assert len(lock) == 1 and lock[0].entity_id == uid and lock[0].after["failures"] == 5
    failed = _audits(db, "sign_in_failed")
    assert [a.after["reason"] for a in failed] == ["wrong password"] * 5 + ["locked"]
    assert all(a.actor == "system system" for a in failed)
    shown = next(u for u in admin.list_users(db) if u["id"] == uid)
    assert shown["locked_until"] and shown["failed_logins"] == 5
    admin.unlock(db, actor=ADMIN, user_id=uid)
    assert _audits(db, "unlock")[0].actor == ADMIN.label
    assert signin.sign_in(db, "cy", "lantern-harbour", hub_id=None, client="t").session_id


def test_the_lock_lifts_by_itself_after_its_time(db: Database) -> None:
    create_user(db, actor=SYSTEM, username="di", display_name="Di", role="dispatcher",
                password="lantern-harbour")
    for _ in range(signin.MAX_FAILURES):
        with pytest.raises(signin.SignInRefused):
            signin.sign_in(db, "di", "nope", hub_id=None, client="t")
    real = db.clock
    db.clock = lambda: real() + signin.LOCKOUT + timedelta(seconds=1)
    try:
        assert signin.sign_in(db, "di", "lantern-harbour", hub_id=None, client="t")
    finally:
        db.clock = real
    with pytest.raises(signin.SignInRefused, match="wrong username or password"):
        signin.sign_in(db, "nobody", "whatever", hub_id=None, client="t")
    assert _audits(db, "sign_in_failed")[-1].after["reason"] == "unknown user"


def test_user_add_takes_the_password_from_the_environment_never_argv(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from console.cli import main as cli_main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with pytest.raises(SystemExit):
        cli_main(["user", "add", "eve", "--role", "dispatcher", "--db", url,
                  "--password", "tide-lamp-orchard"])
    monkeypatch.setenv("DISPATCH_PASSWORD", "eve-is-here-1")
    assert cli_main(["user", "add", "eve", "--role", "dispatcher", "--db", url]) == 2
    assert "must not contain the user name" in capsys.readouterr().out
    monkeypatch.setenv("DISPATCH_PASSWORD", "tide-lamp-orchard")
    assert cli_main(["user", "add", "eve", "--role", "dispatcher", "--db", url]) == 0
    db = Database(url)
    try:
        assert signin.sign_in(db, "eve", "tide-lamp-orchard", hub_id=None, client="t")
    finally:
        db.dispose()
