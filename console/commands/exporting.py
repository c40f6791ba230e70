"""``dispatch-console export jobs|calls --from D --to D FILE.csv|.xlsx``.

``jobs`` carries no personal data; ``calls`` carries customers' names, phones and addresses.
Both are audited (``export``, actor ``cli``): whoever runs this holds the database's own
credentials, so it exports unmasked, and the audit trail says so."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from console import permissions
from console.db.engine import Database
from console.errors import DispatchError
from console.services import privacy
from console.services.actors import CLI
from console.timezone import CENTER_TZ
from console.transfer.exporting import export_jobs
from console.transfer.sheets import check_suffix, write_rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=["jobs", "calls"])
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
        path = Path(args.file)
        if args.what == "calls":
            check_suffix(path)
            rows = privacy.export_calls(db, actor=CLI, first=args.first, last=args.last,
                                        tz=args.tz, target=str(path),
                                        visibility=permissions.FULL)
            count = write_rows(path, privacy.CALLS_HEADER, iter(rows))
        else:
            count = export_jobs(db, path, args.first, args.last, args.tz)
            privacy.record_export(db, actor=CLI, kind="jobs", rows=count, masked=False,
                                  target=str(path))
    except DispatchError as exc:
        print(f"dispatch-console export: {exc.message}")
        return 2
    finally:
        db.dispose()
    print(f"{count} {args.what[:-1]}(s) from {args.first} to {args.last} written to {args.file}")
    return 0
