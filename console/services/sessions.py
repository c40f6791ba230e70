"""Server-side console sessions (table ``user_sessions``): open, resume, touch, end, list.

A session token is 32 random bytes shown to the console once; only its SHA-256 is stored,
so a copy of the database cannot be replayed. A session ends by sign-out, an admin's
revocation, expiry (12 h) or a dropped connection that did not come back within the grace
period; ended sessions are kept (the staffing and security reports read them). Ending one
on PostgreSQL also NOTIFYs ``dispatch_sessions`` so every hub closes its connection at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import User, UserSession
from console.errors import InvalidInput, NotFound
from console.services.actors import Actor
from console.services.journal import Journal

SESSION_TTL = timedelta(hours=12)
NOTIFY_SESSIONS = "dispatch_sessions"
#: end_reason values (the staffing report reads them too)
SIGNOUT, REVOKED, EXPIRED, DROPPED = "signout", "revoked", "expired", "dropped"


class SessionRefused(Exception):
    """A session token that does not open a console: ``reason`` is said to the person."""

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(s: Session, user: User, now: datetime, *, hub_id: str | None,
                 client: str | None) -> tuple[int, str]:
    """A new session row for ``user``; returns its id and the token (never stored)."""
    token = secrets.token_urlsafe(32)
    row = UserSession(token_hash=token_hash(token), user_id=user.id, role=user.role,
                      kind="console", hub_id=hub_id, client=(client or "")[:160] or None,
                      started_at=now, last_seen_at=now, expires_at=now + SESSION_TTL)
    s.add(row)
    s.flush()
    return row.id, token


def _notify(s: Session, session_id: int) -> None:
    if s.bind is not None and s.bind.dialect.name == "postgresql":
        s.execute(text("SELECT pg_notify(:c, :p)"), {"c": NOTIFY_SESSIONS, "p": str(session_id)})


def end_row(s: Session, row: UserSession, reason: str, at: datetime,
            by: str | None = None) -> None:
    row.ended_at = at
    row.end_reason = reason
    row.ended_by = by
    row.last_seen_at = max(row.last_seen_at, at) if reason != DROPPED else row.last_seen_at
    _notify(s, row.id)


_REFUSALS = {
    SIGNOUT: "this session was signed out; sign in again",
    REVOKED: "this session was revoked by an admin",
    EXPIRED: "this session expired; sign in again",
    DROPPED: "this session ended when the connection dropped; sign in again",
}


def resume(db: Database, token: str, *, hub_id: str | None, client: str | None,
           system: Actor) -> tuple[User, int]:
    """The user and session id a token opens, or SessionRefused (audited as
    ``sign_in_failed``): forged or unknown, ended (signed out, revoked, expired, dropped),
    past its expiry, or its user deactivated."""
    now = db.now()
    refusal: SessionRefused | None = None
    with db.transaction() as s:
        row = s.execute(
            select(UserSession).where(UserSession.token_hash == token_hash(token))
        ).scalar_one_or_none()
        user = s.get(User, row.user_id) if row is not None else None
        if row is None or user is None:
            refusal = SessionRefused("session token is not valid for this center",
                                     session_ended="unknown")
        elif row.ended_at is not None:
            reason = row.end_reason or SIGNOUT
            refusal = SessionRefused(_REFUSALS.get(reason, _REFUSALS[SIGNOUT]),
                                     session_ended=reason)
        elif row.expires_at <= now:
            end_row(s, row, EXPIRED, row.expires_at)
            refusal = SessionRefused(_REFUSALS[EXPIRED], session_ended=EXPIRED)
        elif not user.active:
            end_row(s, row, REVOKED, now, "account deactivated")
            refusal = SessionRefused("this account is deactivated", session_ended=REVOKED)
        else:
            row.last_seen_at = now
            row.hub_id = hub_id
            s.expunge(user)
            return user, row.id
        Journal(s, system, now).audit(
            "sign_in_failed", "user", user.id if user else None, None,
            {"username": user.username if user else None,
             "reason": f"session: {refusal.details['session_ended']}", "client": client})
    assert refusal is not None
    raise refusal


def touch(db: Database, session_ids: list[int]) -> None:
    """Move ``last_seen_at`` to now for open sessions (connect, disconnect, periodic)."""
    if not session_ids:
        return
    with db.transaction() as s:
        s.execute(update(UserSession)
                  .where(UserSession.id.in_(session_ids), UserSession.ended_at.is_(None))
                  .values(last_seen_at=db.now()))


def ended_among(db: Database, session_ids: list[int]) -> dict[int, str]:
    """Which of these sessions have ended (id -> end_reason)."""
    if not session_ids:
        return {}
    with db.reading() as s:
        rows = s.execute(select(UserSession.id, UserSession.end_reason).where(
            UserSession.id.in_(session_ids), UserSession.ended_at.is_not(None))).all()
    return {int(i): str(r or SIGNOUT) for i, r in rows}


def sweep(db: Database, *, grace: timedelta, live: list[int]) -> dict[int, str]:
    """End sessions past their expiry (at their expiry), and sessions no hub has touched
    within ``grace`` (dropped, at their last sign of life). ``live``: this hub's connected
    sessions, never dropped. Each end is one conditional UPDATE, so a touch by another hub
    in the meantime wins (the session stays open). Returns id -> reason of those ended."""
    now = db.now()
    ended: dict[int, str] = {}
    with db.transaction() as s:
        open_ = UserSession.ended_at.is_(None)
        expired = s.execute(
            update(UserSession).where(open_, UserSession.expires_at <= now)
            .values(ended_at=UserSession.expires_at, end_reason=EXPIRED)
            .returning(UserSession.id)).scalars().all()
        dropped = s.execute(
            update(UserSession).where(open_, UserSession.last_seen_at < now - grace,
                                      UserSession.id.not_in(live or [-1]))
            .values(ended_at=UserSession.last_seen_at, end_reason=DROPPED)
            .returning(UserSession.id)).scalars().all()
        ended = {int(i): EXPIRED for i in expired} | {int(i): DROPPED for i in dropped}
        for session_id in ended:
            _notify(s, session_id)
    return ended


def sign_out(db: Database, *, actor: Actor, session_id: int) -> None:
    with db.transaction() as s:
        row = s.get(UserSession, session_id)
        if row is None or row.ended_at is not None:
            return
        end_row(s, row, SIGNOUT, db.now(), actor.label)
        Journal(s, actor, db.now()).audit("sign_out", "user_session", row.id, None,
                                          {"user_id": row.user_id})


def revoke(db: Database, *, actor: Actor, session_id: int, reason: str) -> dict[str, Any]:
    """An admin ends a session; every hub closes its connection (1008)."""
    if not reason.strip():
        raise InvalidInput("say why the session is revoked", field="reason")
    with db.transaction() as s:
        row = s.get(UserSession, session_id)
        if row is None:
            raise NotFound(f"session {session_id} does not exist", session_id=session_id)
        if row.ended_at is not None:
            raise InvalidInput(f"session {session_id} already ended ({row.end_reason})",
                               field="session_id")
        revoke_row(s, row, actor, db.now(), reason)
        return session_to_wire(row, None)


def revoke_row(s: Session, row: UserSession, actor: Actor, at: datetime, reason: str) -> None:
    end_row(s, row, REVOKED, at, actor.label)
    Journal(s, actor, at).audit("revoke_session", "user_session", row.id,
                                {"user_id": row.user_id}, {"end_reason": REVOKED}, reason)


def revoke_open_for_user(s: Session, user_id: int, actor: Actor, at: datetime,
                         reason: str) -> int:
    rows = s.execute(select(UserSession).where(
        UserSession.user_id == user_id, UserSession.ended_at.is_(None))).scalars().all()
    for row in rows:
        revoke_row(s, row, actor, at, reason)
    return len(rows)


def session_to_wire(row: UserSession, username: str | None) -> dict[str, Any]:
    return {
        "id": row.id, "user_id": row.user_id, "username": username, "role": row.role,
        "hub_id": row.hub_id, "client": row.client,
        "started_at": row.started_at.isoformat(), "last_seen_at": row.last_seen_at.isoformat(),
        "expires_at": row.expires_at.isoformat(),
        "ended_at": row.ended_at.isoformat() if row.ended_at else None,
        "end_reason": row.end_reason, "ended_by": row.ended_by,
    }


def list_sessions(db: Database, *, user_id: int | None = None, open_only: bool = True,
                  limit: int = 500) -> list[dict[str, Any]]:
    with db.reading() as s:
        q = select(UserSession, User.username).join(User, User.id == UserSession.user_id)
        if user_id is not None:
            q = q.where(UserSession.user_id == user_id)
        if open_only:
            q = q.where(UserSession.ended_at.is_(None))
        rows = s.execute(q.order_by(UserSession.started_at.desc()).limit(limit)).all()
        return [session_to_wire(row, name) for row, name in rows]
