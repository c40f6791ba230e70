"""``dispatch-console seed-demo``: migrate, then fill the database with weeks of history."""

from __future__ import annotations

import argparse
import sys
from zoneinfo import ZoneInfo

from console.db.engine import Database
from console.db.migrate import upgrade
from console.errors import DispatchError
from console.seed import seed_demo
from console.timezone import CENTER_TZ


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL",
                        help="database URL (default: DISPATCH_DB_URL or the embedded SQLite file)")
    parser.add_argument("--weeks", type=int, default=4,
                        help="complete ISO weeks before the current one (default 4)")
    parser.add_argument("--technicians", type=int, default=200, help="default 200")
    parser.add_argument("--seed", type=int, default=7,
                        help="random seed; the same seed gives the same rows (default 7)")
    parser.add_argument("--tz", default=CENTER_TZ,
                        help=f"the call center's time zone (default {CENTER_TZ})")
    parser.add_argument("--calls-per-week", type=int, metavar="N",
                        help="override the volume (default: about 14 calls per technician)")
    parser.add_argument("--no-tracks", action="store_true",
                        help="skip the technicians' position tracks (a fix every 10-30 s on "
                        "shift: about 8 million rows for 4 weeks x 200 technicians)")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        upgrade(db)
        summary = seed_demo(db, weeks=args.weeks, technicians=args.technicians, seed=args.seed,
                            tz=args.tz, calls_per_week=args.calls_per_week,
                            with_tracks=not args.no_tracks)
    except DispatchError as exc:
        print(f"dispatch-console seed-demo: {exc.message}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    counts = ", ".join(f"{n} {table}" for table, n in summary.rows.items())
    zone = ZoneInfo(summary.timezone)
    first, end = summary.start.astimezone(zone), summary.end.astimezone(zone)
    print(f"seeded {summary.weeks} week(s) from {first:%Y-%m-%d} to before {end:%Y-%m-%d} "
          f"({summary.timezone}) in {summary.seconds:.1f} s: {counts}")
    if summary.passwords:
        print("logins with generated passwords (shown only now: note them):")
        for name, password in summary.passwords.items():
            print(f"  {name}: {password}")
        print("field apps and channels have random tokens: mint new ones with "
              "`dispatch-console hub token technician ID` and `hub channel add NAME`")
    else:
        print("logins (password = username): admin, dispatcher, supervisor, trainer")
    return 0
