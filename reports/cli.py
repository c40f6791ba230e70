"""``dispatch-console report weekly|handover|security|training``: write a PDF report, or say
clearly why not.

The PDF is written to a temporary file beside ``--out`` and renamed into place, so a failed
run never leaves a partial or empty file behind. On a center's PostgreSQL database the print
is audited (``print_report``, actor ``cli``) before the file is written, like the export
command's; a SQLite file is opened read-only and a report never changes it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from console.db.engine import Database, resolve_url
from console.services.actors import CLI
from console.services.privacy import record_print
from reports.data import DEFAULT_TZ, center_time_zone
from reports.errors import ReportError
from reports.i18n import LANGS
from reports.layout import PAPERS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dispatch-console report",
        description="Weekly, shift-handover, monthly security and monthly training PDF reports.",
    )
    sub = parser.add_subparsers(dest="kind", metavar="REPORT", required=True)
    weekly = sub.add_parser("weekly", help="weekly cost and performance report")
    weekly.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
    weekly.add_argument("--plans", help="pricing plans TOML (default: the bundled plans.toml)")
    handover = sub.add_parser("handover", help="one-page overnight shift handover")
    handover.add_argument(
        "--date",
        required=True,
        help="morning the night ends, e.g. 2026-11-26 (18:00 before to 08:00)",
    )
    security = sub.add_parser("security", help="monthly security audit report")
    security.add_argument("--month", required=True, help="calendar month, e.g. 2026-11")
    training = sub.add_parser("training", help="monthly training records for a manager")
    training.add_argument("--month", required=True, help="calendar month, e.g. 2026-11")
    for p in (weekly, handover, security, training):
        p.add_argument("--db", help="database URL (default: DISPATCH_DB_URL or the embedded file)")
        p.add_argument("--tz", help=f"call center time zone (default: setting or {DEFAULT_TZ})")
        p.add_argument("--lang", choices=LANGS, default="en")
        p.add_argument("--paper", choices=tuple(PAPERS), default="a4")
        p.add_argument("--out", required=True, help="PDF file to write")
    return parser


def open_database(url: str | None) -> Database:
    """Open an existing database read-only: a report never creates or changes a file (no
    data directory, no empty SQLite file, no -wal beside a zero-byte one)."""
    try:
        return Database(url, read_only=True)
    except FileNotFoundError as exc:
        raise ReportError(str(exc)) from None
    except (SQLAlchemyError, ValueError) as exc:
        raise ReportError(f"cannot open database {url or resolve_url(url)!r}: {exc}") from None


def check_out(out: str) -> Path:
    path = Path(out)
    if path.is_dir():
        raise ReportError(f"--out {out} is a directory; name a PDF file")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ReportError(f"cannot write {out}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ReportError(f"cannot write {out}: permission denied")
    return path


def write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _build(args: argparse.Namespace, db: Database) -> bytes:
    tz = args.tz or center_time_zone(db)
    if args.kind == "weekly":
        from reports.weekly import build_weekly_pdf

        return build_weekly_pdf(
            db, week=args.week, tz=tz, lang=args.lang, paper=args.paper, plans_file=args.plans
        )
    if args.kind == "security":
        from reports.security import build_security_pdf

        return build_security_pdf(db, month=args.month, tz=tz, lang=args.lang, paper=args.paper)
    if args.kind == "training":
        from reports.training import build_training_pdf

        return build_training_pdf(
            db, month=args.month, tz=tz, lang=args.lang, paper=args.paper
        )
    from reports.handover import build_handover_pdf

    return build_handover_pdf(db, date=args.date, tz=tz, lang=args.lang, paper=args.paper)


def _period(args: argparse.Namespace) -> str:
    return str(args.week if args.kind == "weekly" else
               args.date if args.kind == "handover" else args.month)


def record(args: argparse.Namespace, db: Database, out: Path) -> None:
    """Who printed what, on a shared database: a SQLite file stays untouched (whoever can
    read the file reads everything in it; an audit row there would prove nothing)."""
    if db.is_postgres:
        record_print(db, actor=CLI, kind=f"{args.kind}_report",
                     period=f"{_period(args)} {out.name}", masked=False)


def run(args: argparse.Namespace, say: Callable[[str], None] = print) -> int:
    try:
        out = check_out(args.out)
        db = open_database(args.db)
        try:
            pdf = _build(args, db)
            record(args, db, out)
        finally:
            db.dispose()
        write_atomically(out, pdf)
    except ReportError as exc:
        print(f"dispatch-console report: error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        reason = (str(orig or exc).strip().splitlines() or ["unknown error"])[0]
        print(f"dispatch-console report: error: database: {reason}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"dispatch-console report: error: cannot write {args.out}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    say(f"wrote {out} ({len(pdf) // 1024} KB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse has printed the usage and the reason
        return int(exc.code or 0)
    return run(args)
