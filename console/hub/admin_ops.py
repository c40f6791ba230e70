"""The admin's account requests and a console's sign-out, as hub operations.

Synchronous like console.hub.ops (they run on the writer or a reader thread); the operation
table (console.operations) says who may send them: everything here but ``sign_out`` needs
the ``accounts`` capability, which only admins have.
"""

from __future__ import annotations

from typing import Any

from console.db.engine import Database
from console.hub.auth import Principal
from console.services import admin, sessions
from console.services.accounts import create_user


def sign_out(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    if p.session_id is not None:
        sessions.sign_out(db, actor=p.actor, session_id=p.session_id)
    return {"session_id": p.session_id}


def users(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return {"users": admin.list_users(db)}


def add_user(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    user_id = create_user(db, actor=p.actor, username=f["username"],
                          display_name=f.get("display_name") or f["username"], role=f["role"],
                          password=f["password"], enforce_policy=True)
    return {"user": next(u for u in admin.list_users(db) if u["id"] == user_id)}


def set_user_role(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return {"user": admin.set_role(db, actor=p.actor, user_id=f["user_id"], role=f["role"])}


def deactivate_user(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return {"user": admin.deactivate(db, actor=p.actor, user_id=f["user_id"],
                                     reason=f.get("reason") or "")}


def reset_password(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return {"user": admin.reset_password(db, actor=p.actor, user_id=f["user_id"],
                                         password=f["password"])}


def unlock_user(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return {"user": admin.unlock(db, actor=p.actor, user_id=f["user_id"])}


def list_sessions(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    open_only = f.get("open_only")
    return {"sessions": sessions.list_sessions(
        db, user_id=f.get("user_id"), open_only=True if open_only is None else open_only)}


def revoke_session(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return {"session": sessions.revoke(db, actor=p.actor, session_id=f["session_id"],
                                       reason=f["reason"])}
