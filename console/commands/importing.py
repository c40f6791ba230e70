"""``dispatch-console import technicians|customers FILE.csv|.xlsx [--dry-run]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from console.db.engine import Database
from console.db.migrate import upgrade
from console.errors import DispatchError
from console.services.actors import Actor
from console.transfer.importing import COLUMNS, import_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=tuple(COLUMNS))
    parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file with a header row")
    parser.add_argument("--dry-run", action="store_true",
                        help="check every row and list problems by line; write nothing")
    parser.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"dispatch-console import: {path} does not exist")
        return 2
    db = Database(args.db)
    try:
        upgrade(db)
        report = import_file(db, args.kind, path, actor=Actor("system", None, "import"),
                             dry_run=args.dry_run)
    except DispatchError as exc:
        print(f"dispatch-console import: {exc.message}")
        return 2
    finally:
        db.dispose()
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(f"{len(report.problems)} problem(s) in {report.rows} row(s); nothing was written")
        return 1
    if args.dry_run:
        print(f"{report.rows} {args.kind} row(s) checked: no problems (dry run, nothing written)")
    else:
        print(f"{report.created} {args.kind} imported")
    return 0
