"""Users, technicians and intake channels, with their credentials stored hashed.

Passwords use argon2id (console.services.passwords; older PBKDF2 hashes still verify and are
upgraded at the next sign-in); tokens are long random strings, so a plain SHA-256 of them
is enough and lets the hub look one up without scanning every row. The admin's account
changes (role, deactivation, password reset, unlock) are in console.services.admin.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import time

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import IntakeChannel, ShiftWindow, Technician, User
from console.domain import Channel, Role, Skill, TechnicianView
from console.errors import InvalidInput
from console.services import validate
from console.services.actors import Actor
from console.services.journal import Journal
from console.services.passwords import check_policy
from console.services.passwords import hash_password as hash_password  # re-exported: older
from console.services.passwords import verify_password as verify_password  # import sites
from console.views import technician_view
from console.wire import technician_to_wire


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def create_user(db: Database, *, actor: Actor, username: str, display_name: str,
                role: str | Role, password: str, enforce_policy: bool = False) -> int:
    """Add a console login. ``enforce_policy``: a person chose the password (the command
    line, the admin dialog) so it must pass ``passwords.check_policy``."""
    name = validate.text("username", username, max_len=64)
    shown = validate.text("display_name", display_name, max_len=120)
    user_role = validate.choice("role", Role, role)
    if enforce_policy:
        check_policy(name, password)
    elif len(password) < 4:
        raise InvalidInput("password must have at least 4 characters", field="password")
    with db.transaction() as session:
        if session.execute(select(User.id).where(User.username == name)).first():
            raise InvalidInput(f"user {name!r} already exists", field="username")
        user = User(username=name, display_name=shown, role=user_role.value,
                    password_hash=hash_password(password), active=True)
        session.add(user)
        session.flush()
        Journal(session, actor, db.now()).audit(
            "create_user", "user", user.id, None, {"username": name, "role": user_role.value})
        return user.id


def create_channel(db: Database, *, actor: Actor, name: str, kind: str | Channel,
                   token: str | None = None) -> tuple[int, str]:
    """Register an intake channel; returns its id and the token (shown once, stored hashed)."""
    chan_kind = validate.choice("kind", Channel, kind)
    label = validate.text("name", name, max_len=64)
    token = token or new_token()
    with db.transaction() as session:
        channel = IntakeChannel(name=label, kind=chan_kind.value, token_hash=hash_token(token))
        session.add(channel)
        session.flush()
        Journal(session, actor, db.now()).audit(
            "create_channel", "intake_channel", channel.id, None, {"name": label})
        return channel.id, token


def _parse_hhmm(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"shift time {value!r} is not HH:MM", field="shifts") from None


def create_technician(
    db: Database,
    *,
    actor: Actor,
    name: str,
    phone: str,
    skills: list[str],
    home_base: str,
    home_lat: float,
    home_lon: float,
    shifts: list[tuple[int, str, str]] = (),  # type: ignore[assignment]
    token: str | None = None,
) -> tuple[TechnicianView, str]:
    """Add a technician with weekly shifts; returns the view and the field-app token."""
    label = validate.text("name", name, max_len=120)
    tel = validate.phone(phone)
    skill_values = [validate.choice("skills", Skill, s).value for s in skills]
    if not skill_values:
        raise InvalidInput("a technician needs at least one skill", field="skills")
    lat, lon = validate.coordinate(home_lat, home_lon)
    token = token or new_token()
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        tech = Technician(name=label, phone=tel, skills=skill_values,
                          home_base=validate.text("home_base", home_base),
                          home_lat=lat, home_lon=lon, status="off_duty",
                          token_hash=hash_token(token), active=True, version=1)
        for weekday, start, end in shifts:
            validate.integer("weekday", weekday, 0, 6)
            tech.shifts.append(ShiftWindow(weekday=weekday, start=_parse_hhmm(start),
                                           end=_parse_hhmm(end)))
        session.add(tech)
        session.flush()
        view = technician_view(tech)
        journal.audit("create_technician", "technician", tech.id, None, {"name": label})
        journal.event("technician.created", {"technician": technician_to_wire(view)},
                      technician_id=tech.id)
        journal.flush()
        return view, token
