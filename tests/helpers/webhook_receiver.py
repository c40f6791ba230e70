"""A real HTTP receiver on 127.0.0.1 for webhook tests: it fails, times out or accepts,
as the test scripts it, and records what arrived."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    answered: int


@dataclass
class Receiver:
    url: str
    script: list[str] = field(default_factory=list)  # "fail", "slow", "ok" per request
    received: list[Received] = field(default_factory=list)
    slow_s: float = 1.5
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_mode(self) -> str:
        with self.lock:
            return self.script.pop(0) if self.script else "ok"

    def accepted(self) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.answered == 200]


@contextmanager
def receiver(port: int = 0) -> Iterator[Receiver]:
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            rec = box[0]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            mode = rec.next_mode()
            if mode == "slow":
                time.sleep(rec.slow_s)
            status = 500 if mode == "fail" else 200
            with rec.lock:  # a slow answer came too late for the sender: not accepted
                rec.received.append(
                    Received(dict(self.headers), body, -1 if mode == "slow" else status))
            try:
                self.send_response(status)
                self.end_headers()
            except OSError:
                pass  # the sender gave up waiting

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    box.append(Receiver(f"http://127.0.0.1:{server.server_port}/hook"))
    thread = threading.Thread(target=server.serve_forever, name="webhook-receiver",
                              daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()
