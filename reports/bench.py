"""``dispatch-console bench report``: time the weekly report on a large seeded week.

Seeds a temporary SQLite database with ``seed_demo`` (two weeks, so the comparison week is
real), then builds the report for the last week in a fresh child process, which measures its
own time and peak RSS: the figures cover the report build only (plus the interpreter and
imports the window would already have), not the seeding.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from console.timezone import CENTER_TZ

REF_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday; history ends 2026-W47
WEEK = "2026-W47"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dispatch-console bench report",
        description="Time the weekly PDF report on a seeded week.",
    )
    p.add_argument("--calls", type=int, default=50_000, help="calls in the reported week")
    p.add_argument("--technicians", type=int, default=200)
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--keep", help="also save the PDF here")
    p.add_argument("--child", nargs=2, metavar=("DB_URL", "OUT"), help=argparse.SUPPRESS)
    return p


def _peak_rss_kb() -> int:
    """This process's peak RSS. Linux keeps ru_maxrss across fork+exec (it would report the
    seeding parent's size), so read the per-address-space VmHWM there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _child(url: str, out: str, lang: str) -> int:
    """Build the report once and print time, pages and this process's peak RSS."""
    from console.db.engine import Database
    from reports.data import collect_weekly
    from reports.period import parse_week, zone
    from reports.weekly import WeeklyRenderer

    db = Database(url)
    began = time.perf_counter()
    data = collect_weekly(db, parse_week(WEEK, zone(CENTER_TZ)))
    queried = time.perf_counter()
    renderer = WeeklyRenderer(data, lang=lang, paper="a4")
    pdf = renderer.render()
    done = time.perf_counter()
    Path(out).write_bytes(pdf)
    peak_kb = _peak_rss_kb()
    print(
        json.dumps(
            {
                "seconds": round(done - began, 3),
                "query_seconds": round(queried - began, 3),
                "render_seconds": round(done - queried, 3),
                "pages": renderer.pages,
                "pdf_kb": len(pdf) // 1024,
                "peak_rss_mb": round(peak_kb / 1024, 1),
                "calls": data.kpis.calls,
            }
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.child:
        return _child(args.child[0], args.child[1], args.lang)
    from console.db.engine import Database
    from console.db.migrate import upgrade
    from console.seed import seed_demo

    with tempfile.TemporaryDirectory(prefix="ndc-bench-report-") as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        db = Database(url)
        upgrade(db)
        summary = seed_demo(
            db,
            weeks=2,
            technicians=args.technicians,
            seed=7,
            now=REF_NOW,
            calls_per_week=args.calls,
            with_tracks=False,  # reports never read position history
        )
        db.dispose()
        out = args.keep or f"{tmp}/weekly.pdf"
        proc = subprocess.run(
            [sys.executable, "-m", "reports.bench", "--child", url, out, "--lang", args.lang],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(
        technicians=args.technicians, seed_seconds=summary.seconds, week=WEEK, lang=args.lang
    )
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"weekly report, {result['calls']:,} calls, {args.technicians} technicians: "
            f"{result['seconds']:.2f} s ({result['query_seconds']:.2f} s queries, "
            f"{result['render_seconds']:.2f} s layout), {result['pages']} pages, "
            f"peak RSS {result['peak_rss_mb']} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
