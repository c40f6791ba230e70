"""Who is on the other end of a connection: field app, intake channel or console user.

Field apps and channels present a token (stored hashed, see accounts.hash_token). Consoles
log in with username and password and get a signed session token to resume with, so a
reconnect skips the slow password hash. The signing secret lives in the shared ``settings``
table, so every hub on one database accepts every other hub's sessions and a restart does
not log anyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from console.db.engine import Database
from console.db.models import IntakeChannel, Setting, Technician, User
from console.errors import DispatchError
from console.services.accounts import hash_token, verify_password
from console.services.actors import Actor

SECRET_KEY = "hub.session_secret"
SESSION_TTL_S = 12 * 3600


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


def _user_principal(user: User) -> Principal:
    info = {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
    }
    return Principal("console", Actor("user", user.id, user.display_name, user.role), user=info)


def login(db: Database, username: str | None, password: str | None) -> Principal:
    if not username or password is None:
        raise AuthFailed("a console must send username and password (or a session token)")
    with db.reading() as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None or not user.active or not verify_password(password, user.password_hash):
            raise AuthFailed("wrong username or password")
        return _user_principal(user)


def issue_session(secret: bytes, user_id: int, *, now: float | None = None) -> str:
    expires = int((now if now is not None else time.time()) + SESSION_TTL_S)
    body = f"{user_id}.{expires}"
    sig = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{sig}"


def resume(db: Database, secret: bytes, token: str) -> Principal:
    try:
        user_s, expires_s, sig = token.split(".")
        user_id, expires = int(user_s), int(expires_s)
    except ValueError:
        raise AuthFailed("malformed session token") from None
    want = hmac.new(secret, f"{user_id}.{expires}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, sig):
        raise AuthFailed("session token is not valid for this center")
    if expires < time.time():
        raise AuthFailed("session expired; log in again")
    with db.reading() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise AuthFailed("session user no longer exists")
        return _user_principal(user)
