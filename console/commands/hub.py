"""``dispatch-console hub``: run the realtime hub, or mint credentials for it.

    dispatch-console hub [--db URL] [--host H] [--port P] [--tls-cert F --tls-key F]
                         [--insecure]  # plain ws:// on a non-loopback address (not advised)
    dispatch-console hub [--db URL] token technician ID      # new field-app token
    dispatch-console hub [--db URL] channel add NAME --kind app   # new intake channel

Tokens are printed once; only their hashes are stored.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from console.db.engine import Database
from console.db.migrate import upgrade
from console.domain import Channel
from console.errors import DispatchError
from console.hub import jsonlog
from console.hub.credentials import rotate_technician_token
from console.hub.limits import HubLimits
from console.hub.runtime import LOOPS, run_process, tune_gc
from console.hub.server import Hub
from console.security import logins, tls, transport
from console.services.accounts import create_channel
from console.services.actors import Actor

CLI_ACTOR = Actor("system", None, "hub cli")


def count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: DISPATCH_DB_URL or the embedded SQLite file)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port (0 picks a free one)")
    parser.add_argument("--tls-cert", metavar="FILE", help="PEM certificate: serve wss://")
    parser.add_argument("--tls-key", metavar="FILE", help="PEM private key for --tls-cert")
    parser.add_argument("--insecure", action="store_true",
                        help="allow plain ws:// on a non-loopback address (logged, and shown "
                        "in every console's status bar)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every connection")
    parser.add_argument("--metrics-port", type=int, metavar="PORT",
                        help="serve /metrics (Prometheus), /healthz and /readyz on this port")
    parser.add_argument("--metrics-host", default="127.0.0.1", metavar="H",
                        help="address for the metrics port (default 127.0.0.1)")
    parser.add_argument("--log-json", action="store_true",
                        help="structured logs: one JSON object per line, no personal data")
    parser.add_argument("--signin-address-limit", type=count, metavar="N",
                        default=HubLimits().address_failures,
                        help="failed console sign-ins from one address within 5 minutes that "
                        "block it for 15 (default %(default)s; 0: off, for consoles that all "
                        "reach the hub through one NAT or proxy address)")
    parser.add_argument("--loop", choices=LOOPS, default="auto",
                        help="event loop: uvloop when installed (auto), or asyncio's own")
    sub = parser.add_subparsers(dest="hub_action", metavar="ACTION")
    token = sub.add_parser("token", help="print a new field-app token for a technician")
    token.add_argument("who", choices=["technician"])
    token.add_argument("id", type=int, help="technician id")
    channel = sub.add_parser("channel", help="add an intake channel and print its token")
    channel.add_argument("verb", choices=["add"])
    channel.add_argument("name")
    channel.add_argument("--kind", default="app", choices=[c.value for c in Channel])


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        upgrade(db)
        if args.hub_action == "token":
            token = rotate_technician_token(db, actor=CLI_ACTOR, technician_id=args.id)
            print(f"field-app token for technician {args.id} (shown once): {token}")
            return 0
        if args.hub_action == "channel":
            chan_id, token = create_channel(db, actor=CLI_ACTOR, name=args.name, kind=args.kind)
            print(f"channel {args.name} ({args.kind}) id {chan_id}; token (shown once): {token}")
            return 0
        return _serve(db, args)
    except DispatchError as exc:
        print(f"dispatch-console hub: {exc.message}")
        return 2
    finally:
        db.dispose()


def _serve(db: Database, args: argparse.Namespace) -> int:
    if bool(args.tls_cert) != bool(args.tls_key):
        print("dispatch-console hub: --tls-cert and --tls-key go together")
        return 2
    level = logging.INFO if args.verbose or args.log_json else logging.WARNING
    if args.log_json:
        jsonlog.install(level)
    else:
        logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    try:
        context, not_after = transport.server_tls(
            db, cert=args.tls_cert, key=args.tls_key, host=args.host)
    except tls.CertificateExpired as exc:
        print(f"dispatch-console hub: {exc}")
        return 2

    async def main() -> None:
        hub = Hub(db, host=args.host, port=args.port, ssl_context=context,
                  metrics_port=args.metrics_port, metrics_host=args.metrics_host,
                  insecure=args.insecure, cert_not_after=not_after,
                  limits=HubLimits(address_failures=args.signin_address_limit))
        await hub.start()
        tune_gc()  # this process is the hub's alone
        print(f"hub listening on {hub.url} ({db!r}); Ctrl+C stops", flush=True)
        if hub.health is not None:
            print(f"metrics on {hub.health.url}/metrics, health on /healthz and /readyz",
                  flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await hub.stop()

    try:
        run_process(main(), loop=args.loop)
    except (tls.TlsRequired, logins.GuessableLogins) as exc:
        print(f"dispatch-console hub: {exc}")
        return 2
    return 0
