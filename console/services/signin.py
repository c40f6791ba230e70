"""Signing in with a password: lockout after repeated failures, hash upgrades, a session.

Every attempt is audited: ``sign_in`` (actor the user) or ``sign_in_failed`` (actor
"system", with the reason). ``MAX_FAILURES`` wrong passwords in a row lock the account for
``LOCKOUT``; the lock is audited (``lockout``), shown in the admin dialog and lifted early by
an admin (``unlock``). Attempts on one account take turns on a lock of its row, so parallel
wrong passwords (the hub's writer pool has several threads) never get more than
``MAX_FAILURES`` tries nor write two lockouts. The hub also answers each failure later the
more failures the account has (throttling, console.hub.sessions), without holding a thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import User
from console.services.actors import Actor
from console.services.journal import Journal
from console.services.passwords import hash_password, needs_upgrade, verify_password
from console.services.sessions import SessionRefused, open_session

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SYSTEM = Actor("system", None, "system")
#: Verified when the user name is unknown, so both answers take as long.
_DUMMY_HASH = hash_password("dummy password for timing", salt=b"0123456789abcdef")


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User  # detached
    session_id: int
    token: str


class SignInRefused(SessionRefused):
    """Wrong password, unknown user, locked or deactivated account: ``failures`` is the
    account's failed sign-ins in a row (for throttling)."""

    def __init__(self, reason: str, failures: int = 0, **details: Any) -> None:
        super().__init__(reason, **details)
        self.failures = failures


def record_address_blocked(db: Database, *, address: str, failures: int, minutes: int) -> None:
    """A hub stopped taking console sign-ins from ``address`` (console.hub.address_guard)."""
    with db.transaction() as s:
        Journal(s, SYSTEM, db.now()).audit(
            "address_blocked", "address", None, None,
            {"address": address, "failures": failures, "minutes": minutes})


def user_actor(user: User) -> Actor:
    return Actor("user", user.id, user.display_name, user.role)


def _locked_text(until: datetime) -> str:
    return (f"this account is locked after {MAX_FAILURES} failed sign-ins until "
            f"{until:%H:%M} UTC; an admin can unlock it")


def sign_in(db: Database, username: str, password: str, *, hub_id: str | None,
            client: str | None) -> SignedIn:
    now = db.now()
    refusal: SignInRefused | None = None
    with db.transaction() as s:
        # the row lock (PostgreSQL; SQLite's writer already holds the database) makes
        # parallel attempts on one account take turns: each sees the failures before it
        user = s.execute(select(User).where(User.username == username)
                         .with_for_update()).scalar_one_or_none()
        journal = Journal(s, SYSTEM, now)

        def failed(reason: str, said: str, **details: Any) -> SignInRefused:
            journal.audit("sign_in_failed", "user", user.id if user else None, None,
                          {"username": username, "reason": reason, "client": client})
            return SignInRefused(said, user.failed_logins if user else 0, **details)

        if user is None:
            verify_password(password, _DUMMY_HASH)
            refusal = failed("unknown user", "wrong username or password")
        elif not user.active:
            refusal = failed("deactivated", "this account is deactivated; ask an admin")
        elif user.locked_until is not None and user.locked_until > now:
            refusal = failed("locked", _locked_text(user.locked_until),
                             locked_until=user.locked_until.isoformat())
        elif not verify_password(password, user.password_hash):
            user.failed_logins += 1
            said = "wrong username or password"
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + LOCKOUT
                journal.audit("lockout", "user", user.id, None,
                              {"until": user.locked_until.isoformat(),
                               "failures": user.failed_logins})
                said = f"{said}; {_locked_text(user.locked_until)}"
            refusal = failed("wrong password", said)
        else:
            if needs_upgrade(user.password_hash):
                user.password_hash = hash_password(password)
            user.failed_logins = 0
            user.locked_until = None
            session_id, token = open_session(s, user, now, hub_id=hub_id, client=client)
            Journal(s, user_actor(user), now).audit(
                "sign_in", "user", user.id, None,
                {"session_id": session_id, "hub_id": hub_id, "client": client})
            s.flush()
            s.expunge(user)
            return SignedIn(user, session_id, token)
    assert refusal is not None
    raise refusal
