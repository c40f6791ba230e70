"""The hub's HTTP side door for operations: ``/metrics``, ``/healthz`` and ``/readyz``.

A small threaded HTTP server (its own thread: a scrape never waits on the event loop, and a
stuck event loop still gets reported). ``/healthz`` says the process is alive — its event
loop ticked within ``STALL_SECONDS``; ``/readyz`` says it can take traffic — listening,
following the event log, and the database answering. Both answer JSON with each check.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Protocol

from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

if TYPE_CHECKING:
    from console.db.engine import Database
    from console.hub.fanout import EventFeed
    from console.hub.metrics import HubMetrics


class Hub(Protocol):
    """What the health endpoints read from a running hub (console.hub.server.Hub has it);
    a protocol, not an import of the server, so the two import no circle."""

    db: Database
    feed: EventFeed
    metrics: HubMetrics

    @property
    def listening(self) -> bool: ...

log = logging.getLogger(__name__)

#: The event loop counts as stuck when it has not ticked for this long.
STALL_SECONDS = 5.0
BEAT_SECONDS = 1.0


def liveness(hub: Hub) -> dict[str, Any]:
    age = time.monotonic() - hub.metrics.beat
    return {"ok": age < STALL_SECONDS, "loop_heartbeat_age_s": round(age, 3)}


def readiness(hub: Hub) -> dict[str, Any]:
    checks: dict[str, Any] = {"listening": hub.listening, "live": liveness(hub)["ok"]}
    checks["following_events"] = bool(hub.feed.running)
    try:
        with hub.db.reading() as s:
            s.execute(text("SELECT max(seq) FROM events"))  # the schema, not only a socket
        checks["database"] = True
    except Exception as exc:  # the reason goes to the operator, not a stack trace
        checks["database"] = False
        checks["database_error"] = type(exc).__name__
    checks["ok"] = all(checks[k] for k in ("listening", "live", "following_events", "database"))
    return checks


class HealthServer:
    """Serves the hub's metrics and health on ``host:port`` (port 0 picks one)."""

    def __init__(self, hub: Hub, host: str = "127.0.0.1", port: int = 0) -> None:
        self.hub = hub
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.host = host
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="hub-metrics",
                                        daemon=True)
        self._beat: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?", 1)[0]
        if path == "/metrics":
            self._send(request, 200, self.hub.metrics.render(), CONTENT_TYPE_LATEST)
        elif path in ("/healthz", "/readyz"):
            result = liveness(self.hub) if path == "/healthz" else readiness(self.hub)
            body = json.dumps(result).encode()
            self._send(request, 200 if result["ok"] else 503, body, "application/json")
        else:
            self._send(request, 404, b"not found: try /metrics, /healthz or /readyz\n",
                       "text/plain")

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str) -> None:
        request.send_response(status)
        request.send_header("Content-Type", ctype)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    async def start(self) -> None:
        self._thread.start()
        self._beat = asyncio.create_task(self._heartbeat())
        log.info("metrics and health on %s", self.url)

    async def stop(self) -> None:
        if self._beat is not None:
            self._beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beat
        await asyncio.get_running_loop().run_in_executor(None, self.httpd.shutdown)
        self.httpd.server_close()

    async def _heartbeat(self) -> None:
        while True:
            self.hub.metrics.beat = time.monotonic()
            await asyncio.sleep(BEAT_SECONDS)
