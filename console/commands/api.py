"""``dispatch-console api``: serve the HTTP API (integrations, webhooks, customer pages).

    dispatch-console api [--db URL] [--host H] [--port P] [--ws-port P]
                         [--tls-cert F --tls-key F] [--insecure]

API keys and customers' data cross the network, so off loopback it serves https (and its
hub wss://) with ``--tls-cert``/``--tls-key`` (``dispatch-console tls init`` makes them), or
plain http only when told ``--insecure``, like the hub.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import ssl
from datetime import datetime
from pathlib import Path

from console.api.app import ApiServer, openapi_text
from console.api.context import ApiContext, load_report_builder
from console.db.engine import Database
from console.db.migrate import upgrade
from console.hub.server import Hub
from console.security import logins, tls, transport

log = logging.getLogger(__name__)
PROG = "dispatch-console api"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL",
                        help="database URL (default: DISPATCH_DB_URL or the embedded file)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8780, help="HTTP port (0 picks a free one)")
    parser.add_argument("--ws-port", type=int, default=8765,
                        help="the hub's websocket port beside it (0 picks a free one)")
    parser.add_argument("--tls-cert", metavar="FILE",
                        help="PEM certificate: serve https:// (and the hub wss://)")
    parser.add_argument("--tls-key", metavar="FILE", help="PEM private key for --tls-cert")
    parser.add_argument("--insecure", action="store_true",
                        help="allow plain http:// and ws:// on a non-loopback address "
                        "(not advised: API keys and customer data cross unencrypted)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    parser.add_argument("--write-openapi", metavar="FILE",
                        help="write the OpenAPI document (docs/openapi.json) and exit")


def _transport_problem(args: argparse.Namespace) -> str | None:
    """Why these TLS options cannot serve, in one line (None: they can)."""
    if bool(args.tls_cert) != bool(args.tls_key):
        return "--tls-cert and --tls-key go together"
    if args.tls_cert or args.insecure or tls.is_loopback(args.host):
        return None
    return (f"refusing to listen on {args.host} without TLS: give --tls-cert and --tls-key "
            "(make them with `dispatch-console tls init`), or --insecure to accept "
            "unencrypted traffic on this network")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.write_openapi:
        Path(args.write_openapi).write_text(openapi_text(), encoding="utf-8")
        print(f"wrote {args.write_openapi}")
        return 0
    problem = _transport_problem(args)
    if problem:
        print(f"{PROG}: {problem}")
        return 2
    db = Database(args.db)
    try:
        upgrade(db)
        context, not_after = transport.server_tls(
            db, cert=args.tls_cert, key=args.tls_key, host=args.host)
        asyncio.run(_serve(db, args, context, not_after))
        return 0
    except (tls.CertificateExpired, tls.TlsRequired, logins.GuessableLogins) as exc:
        print(f"{PROG}: {exc}")
        return 2
    except OSError as exc:  # a certificate file missing or not one (ssl.SSLError), a bind
        print(f"{PROG}: {exc}")
        return 2
    finally:
        db.dispose()


async def _serve(db: Database, args: argparse.Namespace, context: ssl.SSLContext | None,
                 not_after: datetime | None) -> None:
    hub = Hub(db, host=args.host, port=args.ws_port, ssl_context=context,
              insecure=args.insecure, cert_not_after=not_after)
    server = ApiServer(ApiContext(hub, report=load_report_builder()), host=args.host,
                       port=args.port, tls_cert=args.tls_cert, tls_key=args.tls_key)
    try:
        await hub.start()
        await server.start()
        if context is None and not tls.is_loopback(args.host):
            log.warning("INSECURE: API listening on %s without TLS; API keys and customer "
                        "data cross the network unencrypted", args.host)
        print(f"API listening on {server.url}, hub on {hub.url} ({db!r}); OpenAPI at "
              f"{server.url}/v1/openapi.json; Ctrl+C stops", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        await server.stop()
        await hub.stop()
