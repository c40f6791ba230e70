"""``dispatch-console doctor [--db [URL]] [--hub [URL]]``: is this desk or hub fit for the
night? Checks the database (reachable, version, migrations, clock), the hub (reachable,
latency, TLS certificate), free disk, and says what to fix. Exit status 1 when anything
failed, so a cron job or a deployment script can act on it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from console import doctor
from console.config import BadConfig, load
from console.db.engine import data_dir, resolve_url


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", nargs="?", const="", metavar="URL",
                        help="check the database (default: DISPATCH_DB_URL, the config file "
                             "or the embedded file)")
    parser.add_argument("--hub", nargs="?", const="", metavar="URL",
                        help="check the hub (default: the config file's hub_url)")
    parser.add_argument("--tls-cert", type=Path, metavar="FILE",
                        help="also check this certificate file's expiry (the hub's --tls-cert)")
    parser.add_argument("--config", metavar="FILE", help="config file to read URLs from")
    parser.add_argument("--min-free-mb", type=float, default=1024,
                        help="warn below this much free disk (fail below a fifth of it)")


def run(args: argparse.Namespace) -> int:
    try:
        conf, _used = load(args.config)
    except BadConfig as exc:
        print(f"dispatch-console doctor: {exc}", file=sys.stderr)
        return 2
    both = args.db is None and args.hub is None
    findings: list[doctor.Finding] = []
    db_url = None
    if args.db is not None or both:
        db_url = args.db or conf.get("database") or None
        findings += doctor.check_database(db_url)
    hub_url = args.hub or conf.get("hub_url") or ""
    if args.hub is not None and not hub_url:
        findings.append(doctor.Finding("hub", doctor.FAIL, "no hub URL given or configured",
                                       "pass --hub ws://host:port or set hub_url"))
    elif hub_url and (args.hub is not None or both):
        findings += doctor.check_hub(hub_url)
    if args.tls_cert:
        findings.append(doctor.check_certificate_file(args.tls_cert))
    findings += doctor.check_disk(_disk_paths(db_url), warn_mb=args.min_free_mb,
                                  fail_mb=args.min_free_mb / 5)
    return report(findings)


def _disk_paths(db_url: str | None) -> list[Path]:
    paths = [data_dir()]
    url = resolve_url(db_url)
    if url.startswith("sqlite:///"):
        paths.insert(0, Path(url.removeprefix("sqlite:///")).parent)
    return paths


def report(findings: list[doctor.Finding]) -> int:
    marks = {doctor.OK: "OK  ", doctor.WARN: "WARN", doctor.FAIL: "FAIL"}
    for f in findings:
        print(f"{marks[f.status]}  {f.check:<18} {f.detail}")
        if f.fix:
            print(f"      {'':<18} -> {f.fix}")
    failed = sum(f.status == doctor.FAIL for f in findings)
    warned = sum(f.status == doctor.WARN for f in findings)
    print(f"{len(findings)} checks: {failed} failed, {warned} warnings")
    return 1 if failed else 0
