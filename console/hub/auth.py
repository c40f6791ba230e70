"""Who is on the other end of a connection: field app, intake channel or console user.

Field apps and channels present a token (stored hashed, see accounts.hash_token). Consoles
sign in with username and password (console.services.signin: lockout, audit) and get a
session token to resume with, so a reconnect skips the slow password hash. Sessions live in
the shared ``user_sessions`` table (token hashed), so every hub on one database accepts
every other hub's sessions, a restart does not sign anyone out, and an admin's revocation
holds everywhere. ``load_secret`` keeps other signing secrets (the API's tracking links).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from console.db.engine import Database
from console.db.models import IntakeChannel, Setting, Technician, User
from console.errors import DispatchError
from console.services import sessions, signin
from console.services.accounts import hash_token
from console.services.actors import Actor

SECRET_KEY = "hub.session_secret"


class AuthFailed(DispatchError):
    """Wrong or missing credentials: the hub closes the connection with code 1008."""

    code = "unauthorized"


@dataclass(frozen=True, slots=True)
class Principal:
    kind: str  # field, intake, console
    actor: Actor
    technician_id: int | None = None
    channel_id: int | None = None
    channel_kind: str | None = None
    user: dict[str, Any] = field(default_factory=dict)
    session_id: int | None = None  # a console's server-side session
    session_token: str | None = None  # only right after a password sign-in (sent once)


def load_secret(db: Database, key: str = SECRET_KEY) -> bytes:
    """A signing secret kept in settings under ``key`` (the hub's sessions by default),
    created on first use (racing processes agree on one)."""
    with db.reading() as session:
        row = session.get(Setting, key)
        if row is not None:
            return bytes.fromhex(row.value)
    try:
        with db.transaction() as session:
            session.add(Setting(key=key, value=secrets.token_hex(32)))
    except IntegrityError:
        pass
    with db.reading() as session:
        row = session.get(Setting, key)
        assert row is not None
        return bytes.fromhex(row.value)


def technician(db: Database, token: str | None) -> Principal:
    if not token:
        raise AuthFailed("a field app must send its technician token")
    with db.reading() as session:
        tech = session.execute(
            select(Technician).where(Technician.token_hash == hash_token(token))
        ).scalar_one_or_none()
        if tech is None or not tech.active:
            raise AuthFailed("unknown or revoked technician token")
        actor = Actor("technician", tech.id, tech.name, "technician")
        return Principal("field", actor, technician_id=tech.id)


def channel(db: Database, token: str | None) -> Principal:
    if not token:
        raise AuthFailed("an intake channel must send its channel token")
    with db.reading() as session:
        chan = session.execute(
            select(IntakeChannel).where(IntakeChannel.token_hash == hash_token(token))
        ).scalar_one_or_none()
        if chan is None or not chan.active:
            raise AuthFailed("unknown or revoked channel token")
        actor = Actor("channel", chan.id, chan.name, chan.kind)
        return Principal("intake", actor, channel_id=chan.id, channel_kind=chan.kind)


def _user_principal(user: User, session_id: int, token: str | None = None) -> Principal:
    info = {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
    }
    return Principal("console", Actor("user", user.id, user.display_name, user.role), user=info,
                     session_id=session_id, session_token=token)


def login(db: Database, username: str | None, password: str | None, *,
          hub_id: str | None = None, client: str | None = None) -> Principal:
    """Sign in with a password; opens a session (its token in ``session_token``)."""
    if not username or password is None:
        raise AuthFailed("a console must send username and password (or a session token)")
    try:
        done = signin.sign_in(db, username, password, hub_id=hub_id, client=client)
    except signin.SignInRefused as exc:
        raise AuthFailed(exc.reason, failures=exc.failures, **exc.details) from None
    return _user_principal(done.user, done.session_id, done.token)


def resume(db: Database, token: str, *, hub_id: str | None = None,
           client: str | None = None) -> Principal:
    """Resume a server-side session (refused when unknown, ended, expired or its user gone)."""
    try:
        user, session_id = sessions.resume(db, token, hub_id=hub_id, client=client,
                                           system=signin.SYSTEM)
    except sessions.SessionRefused as exc:
        raise AuthFailed(exc.reason, **exc.details) from None
    return _user_principal(user, session_id)
