"""``dispatch-console db upgrade|current``."""

from __future__ import annotations

import argparse

from console.db.engine import Database
from console.db.migrate import current, upgrade


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["upgrade", "current"],
                        help="upgrade: create or migrate the schema; current: print revision")
    parser.add_argument("--db", metavar="URL",
                        help="database URL (default: DISPATCH_DB_URL or the embedded SQLite file)")


def run(args: argparse.Namespace) -> int:
    # current only reads: it must not create the file, its folder, or -wal/-shm beside it
    db = Database(args.db, read_only=args.action == "current")
    try:
        if args.action == "upgrade":
            upgrade(db)
            print(f"schema up to date ({current(db)}) at {db}")
        else:
            print(current(db) or "empty")
    finally:
        db.dispose()
    return 0
