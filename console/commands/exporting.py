"""``dispatch-console export jobs --from D --to D FILE.csv|.xlsx``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from console.db.engine import Database
from console.errors import DispatchError
from console.timezone import CENTER_TZ
from console.transfer.exporting import export_jobs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=["jobs"])
    parser.add_argument("--from", dest="first", type=date.fromisoformat, required=True,
                        metavar="YYYY-MM-DD", help="first day (center time zone)")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, required=True,
                        metavar="YYYY-MM-DD", help="last day, included")
    parser.add_argument("file", help="where to write: .csv or .xlsx")
    parser.add_argument("--tz", default=CENTER_TZ, help=f"time zone (default {CENTER_TZ})")
    parser.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        count = export_jobs(db, Path(args.file), args.first, args.last, args.tz)
    except DispatchError as exc:
        print(f"dispatch-console export: {exc.message}")
        return 2
    finally:
        db.dispose()
    print(f"{count} job(s) from {args.first} to {args.last} written to {args.file}")
    return 0
