"""Logins anyone can guess: accounts whose password is their own user name.

The one-laptop demo database gets admin/admin, dispatcher/dispatcher … (ui.app.ensure_users);
on loopback that harms no one, but a hub that listens on the network would hand those
accounts — an admin among them — to anyone on the LAN. console.security.transport refuses
such a start and says which accounts to fix and how.
"""

from __future__ import annotations

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import User
from console.services.passwords import verify_password


class GuessableLogins(Exception):
    """A hub off loopback while active accounts have their user name as password."""

    def __init__(self, host: str, usernames: list[str]) -> None:
        self.usernames = usernames
        names = ", ".join(usernames)
        super().__init__(
            f"refusing to listen on {host}: these accounts have their user name as password "
            f"(the demo logins): {names}. Keep the hub on 127.0.0.1 (the default), add your "
            "own admin with `dispatch-console user add NAME --role admin`, sign in as that "
            "admin and give each a new password or deactivate it in Admin → Users and "
            "sessions…; then start the hub on the network again")


def named_as_password(db: Database) -> list[str]:
    """Active accounts whose password is their user name (each hash is verified, so this
    takes a moment per account: run it once, at start)."""
    with db.reading() as s:
        users = s.execute(select(User.username, User.password_hash)
                          .where(User.active.is_(True)).order_by(User.username)).all()
    return [name for name, stored in users if verify_password(name, stored)]
