"""``dispatch-console api``: serve the HTTP API (integrations, webhooks, customer pages)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from pathlib import Path

from console.api.app import ApiServer, openapi_text
from console.api.context import ApiContext, load_report_builder
from console.db.engine import Database
from console.db.migrate import upgrade
from console.hub.server import Hub


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL",
                        help="database URL (default: DISPATCH_DB_URL or the embedded file)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8780, help="HTTP port (0 picks a free one)")
    parser.add_argument("--ws-port", type=int, default=8765,
                        help="the hub's websocket port beside it (0 picks a free one)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    parser.add_argument("--write-openapi", metavar="FILE",
                        help="write the OpenAPI document (docs/openapi.json) and exit")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        if args.write_openapi:
            Path(args.write_openapi).write_text(openapi_text(), encoding="utf-8")
            print(f"wrote {args.write_openapi}")
            return 0
        upgrade(db)
        asyncio.run(_serve(db, args))
        return 0
    finally:
        db.dispose()


async def _serve(db: Database, args: argparse.Namespace) -> None:
    hub = Hub(db, host=args.host, port=args.ws_port)
    await hub.start()
    server = ApiServer(ApiContext(hub, report=load_report_builder()), host=args.host,
                       port=args.port)
    await server.start()
    print(f"API listening on {server.url}, hub on {hub.url} ({db!r}); OpenAPI at "
          f"{server.url}/v1/openapi.json; Ctrl+C stops", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop()
    await hub.stop()
