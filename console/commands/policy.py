"""``dispatch-console policy list|set|remove``: dispatch policies by time window and
category (manual / suggest / auto with a hold), run by an admin on the database's host;
every change is audited as ``cli``."""

from __future__ import annotations

import argparse

from console.db.engine import Database
from console.db.migrate import upgrade
from console.errors import DispatchError
from console.services.actors import CLI
from console.services.policy import MODES, list_policies, remove_policy, set_policy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["list", "set", "remove"])
    parser.add_argument("--mode", choices=MODES, help="set: manual, suggest or auto")
    parser.add_argument("--from", dest="start", metavar="HH:MM", help="set: window start")
    parser.add_argument(
        "--until",
        dest="end",
        metavar="HH:MM",
        help="set: window end (before --from: crosses midnight; equal: all day)",
    )
    parser.add_argument("--category", help="set: one category (default: every category)")
    parser.add_argument(
        "--hold",
        type=int,
        default=60,
        metavar="SECONDS",
        help="set, auto: seconds a dispatcher has to take a new call first",
    )
    parser.add_argument("--id", type=int, help="remove: the policy id")
    parser.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        upgrade(db)
        if args.action == "set":
            if not (args.mode and args.start and args.end):
                print("dispatch-console policy set: needs --mode, --from and --until")
                return 2
            p = set_policy(
                db,
                actor=CLI,
                mode=args.mode,
                start=args.start,
                end=args.end,
                category=args.category,
                hold_seconds=args.hold,
            )
            print(
                f"policy #{p.id}: {p.category or 'every category'} {p.start}-{p.end} "
                f"{p.mode}" + (f", hold {p.hold_seconds} s" if p.mode == "auto" else "")
            )
        elif args.action == "remove":
            if args.id is None:
                print("dispatch-console policy remove: needs --id")
                return 2
            remove_policy(db, actor=CLI, policy_id=args.id)
            print(f"policy #{args.id} removed")
        else:
            with db.reading() as session:
                rows = list_policies(session)
            if not rows:
                print("no dispatch policies: every call is dispatched by hand (manual)")
            for p in rows:
                print(
                    f"#{p.id} {p.category or '*':<18} {p.start}-{p.end} {p.mode:<8} "
                    f"hold {p.hold_seconds} s"
                )
        return 0
    except DispatchError as exc:
        print(f"dispatch-console policy: {exc.message}")
        return 2
    finally:
        db.dispose()
