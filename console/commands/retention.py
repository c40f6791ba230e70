"""``dispatch-console retention show|set|run [--dry-run]|privacy``: how long the center
keeps tracks, calls, the audit trail and customers' personal data; run on the database's
host by an admin. Every change and every run is audited as ``cli``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from console import permissions
from console.db.engine import Database
from console.db.migrate import upgrade
from console.errors import DispatchError
from console.services import privacy, retention
from console.services.actors import CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["show", "set", "run", "privacy"])
    parser.add_argument("--dry-run", action="store_true", help="run: count, delete nothing")
    for name in retention.FIELDS:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=int, metavar="DAYS",
                            help=f"set: {name.replace('_', ' ')}")
    parser.add_argument("--supervisor-export-phones", choices=["on", "off"],
                        help="privacy: let supervisors' exports carry phone numbers")
    parser.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        upgrade(db)
        if args.action == "show":
            print(json.dumps({**asdict(retention.get_policy(db)),
                              "last_run_at": str(retention.last_run(db) or "never"),
                              "supervisor_export_phones":
                                  privacy.phones_in_supervisor_exports(db)}, indent=2))
        elif args.action == "set":
            days = {k: getattr(args, k) for k in retention.FIELDS if getattr(args, k) is not None}
            if not days:
                print("dispatch-console retention set: give at least one --…-days")
                return 2
            print(json.dumps(asdict(retention.set_policy(db, actor=CLI, **days)), indent=2))
        elif args.action == "run":
            counts = retention.run_retention(db, actor=CLI, dry_run=args.dry_run)
            print(json.dumps(counts, indent=2))
        else:
            if args.supervisor_export_phones is None:
                print("dispatch-console retention privacy: give --supervisor-export-phones on|off")
                return 2
            privacy.set_flag(db, actor=CLI, key=permissions.SUPERVISOR_EXPORT_PHONES,
                             on=args.supervisor_export_phones == "on")
            print(f"supervisors' exports carry phones: {args.supervisor_export_phones}")
    except DispatchError as exc:
        print(f"dispatch-console retention {args.action}: refused: {exc.message}")
        return 2
    finally:
        db.dispose()
    return 0
