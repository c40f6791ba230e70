"""``dispatch-console user add NAME --role ROLE``: console logins, stored hashed.

The password is never a command-line argument (it would sit in the shell history and the
process list): it comes from the ``DISPATCH_PASSWORD`` environment variable or is asked on
the terminal, and must pass the password policy.
"""

from __future__ import annotations

import argparse
import getpass
import os

from console.db.engine import Database
from console.db.migrate import upgrade
from console.errors import DispatchError
from console.services.accounts import create_user
from console.services.actors import CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["add"])
    parser.add_argument("username")
    parser.add_argument("--role", required=True,
                        choices=["dispatcher", "supervisor", "trainer", "admin"])
    parser.add_argument("--name", help="display name (default: the username)")
    parser.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        upgrade(db)
        password = os.environ.get("DISPATCH_PASSWORD") or getpass.getpass(
            f"password for {args.username}: ")
        user_id = create_user(db, actor=CLI, username=args.username,
                              display_name=args.name or args.username, role=args.role,
                              password=password, enforce_policy=True)
        print(f"user {args.username} ({args.role}) created with id {user_id}")
        return 0
    except DispatchError as exc:
        print(f"dispatch-console user: {exc.message}")
        return 2
    finally:
        db.dispose()
