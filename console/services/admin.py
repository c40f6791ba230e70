"""An admin's account changes: list users, change a role, deactivate, reset a password,
unlock after a lockout. Each is audited in the same transaction as the change.

Changing a role, deactivating or resetting the password also revokes the user's open
sessions, so the person's consoles close at once (on every hub) and the next sign-in
carries the new role or needs the new password.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import User, UserSession
from console.domain import Role
from console.errors import InvalidInput, NotFound
from console.services import validate
from console.services.actors import Actor
from console.services.journal import Journal
from console.services.passwords import check_policy, hash_password
from console.services.sessions import revoke_open_for_user


def _user(s: Session, user_id: int) -> User:
    user = s.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist", user_id=user_id)
    return user


def user_to_wire(user: User, open_sessions: int = 0) -> dict[str, Any]:
    return {
        "id": user.id, "username": user.username, "display_name": user.display_name,
        "role": user.role, "active": user.active, "failed_logins": user.failed_logins,
        "locked_until": user.locked_until.isoformat() if user.locked_until else None,
        "open_sessions": open_sessions,
    }


def list_users(db: Database) -> list[dict[str, Any]]:
    with db.reading() as s:
        counts: dict[int, int] = {
            int(uid): int(n) for uid, n in s.execute(
                select(UserSession.user_id, func.count()).where(UserSession.ended_at.is_(None))
                .group_by(UserSession.user_id)).all()}
        users = s.execute(select(User).order_by(User.username)).scalars().all()
        return [user_to_wire(u, int(counts.get(u.id, 0))) for u in users]


def _not_self(actor: Actor, user_id: int, what: str) -> None:
    if actor.kind == "user" and actor.id == user_id:
        raise InvalidInput(f"an admin may not {what} their own account", field="user_id")


def set_role(db: Database, *, actor: Actor, user_id: int, role: str) -> dict[str, Any]:
    new = validate.choice("role", Role, role).value
    _not_self(actor, user_id, "change the role of")
    with db.transaction() as s:
        user = _user(s, user_id)
        before = user.role
        if before == new:
            return user_to_wire(user)
        user.role = new
        now = db.now()
        Journal(s, actor, now).audit("change_role", "user", user.id, {"role": before},
                                     {"role": new})
        revoke_open_for_user(s, user.id, actor, now, f"role changed from {before} to {new}")
        return user_to_wire(user)


def deactivate(db: Database, *, actor: Actor, user_id: int, reason: str = "") -> dict[str, Any]:
    _not_self(actor, user_id, "deactivate")
    with db.transaction() as s:
        user = _user(s, user_id)
        if not user.active:
            return user_to_wire(user)
        user.active = False
        now = db.now()
        Journal(s, actor, now).audit("deactivate_user", "user", user.id, {"active": True},
                                     {"active": False}, reason or None)
        revoke_open_for_user(s, user.id, actor, now, reason or "account deactivated")
        return user_to_wire(user)


def reset_password(db: Database, *, actor: Actor, user_id: int,
                   password: str) -> dict[str, Any]:
    """A new password chosen by the admin (policy checked); clears a lockout and revokes the
    person's open sessions: whoever knew the old password may be the one signed in."""
    with db.transaction() as s:
        user = _user(s, user_id)
        check_policy(user.username, password)
        user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None
        now = db.now()
        ended = revoke_open_for_user(s, user.id, actor, now, "password reset")
        Journal(s, actor, now).audit("reset_password", "user", user.id, None,
                                     {"password": "reset", "sessions_revoked": ended})
        return user_to_wire(user)


def unlock(db: Database, *, actor: Actor, user_id: int) -> dict[str, Any]:
    with db.transaction() as s:
        user = _user(s, user_id)
        before = {"failed_logins": user.failed_logins,
                  "locked_until": user.locked_until.isoformat() if user.locked_until else None}
        user.failed_logins = 0
        user.locked_until = None
        Journal(s, actor, db.now()).audit("unlock", "user", user.id, before, {})
        return user_to_wire(user)
