"""``dispatch-console tls``: the center's private CA and hub certificates.

    dispatch-console tls init --dir certs --host hub.local --host 10.0.0.5 [--days 397]
    dispatch-console tls show certs/hub.pem
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from console.security import tls


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="tls_action", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create a private CA (once) and a hub certificate")
    init.add_argument("--dir", default="certs", type=Path, help="where to write (default certs)")
    init.add_argument("--host", action="append", required=True, metavar="NAME_OR_IP",
                      help="a name or address consoles use to reach the hub (repeat)")
    init.add_argument("--days", type=int, default=397, help="hub certificate lifetime")
    show = sub.add_parser("show", help="when a certificate expires")
    show.add_argument("cert", type=Path)


def run(args: argparse.Namespace) -> int:
    if args.tls_action == "show":
        expires = tls.not_after(args.cert)
        left = (expires - datetime.now(UTC)).days
        print(f"{args.cert}: valid until {expires:%Y-%m-%d %H:%M} UTC ({left} days)")
        return 0 if left >= 0 else 1
    reused = (args.dir / "ca.pem").exists()
    issued = tls.init(args.dir, args.host, days=args.days)
    print(("reused" if reused else "created") + f" CA {issued.ca_cert}")
    print(f"hub certificate {issued.cert} for {', '.join(args.host)}, key {issued.key}, "
          f"valid until {issued.not_after:%Y-%m-%d} UTC")
    print(tls.trust_instructions(issued.ca_cert))
    return 0
