"""A real API server on loopback, run on its own asyncio loop in a thread, so tests can use
a plain synchronous HTTP client against it (and a hub beside it when asked)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from console.api.app import ApiServer
from console.api.context import ApiContext, ReportBuilder
from console.api.webhooks import RetryPolicy
from console.db.engine import Database
from console.hub.server import Hub
from console.services.actors import SYSTEM
from console.services.api_keys import create_api_key

T = TypeVar("T")


class LoopThread:
    """An asyncio loop in a daemon thread; ``run`` waits for a coroutine's result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="api-loop",
                                       daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@dataclass
class Running:
    server: ApiServer
    hub: Hub
    loop: LoopThread
    client: httpx.Client

    @property
    def url(self) -> str:
        return self.server.url


@contextmanager
def running_api(db: Database, *, report: ReportBuilder | None = None,
                policy: RetryPolicy | None = None) -> Iterator[Running]:
    loop = LoopThread()
    hub = Hub(db)
    loop.run(hub.start())
    server = ApiServer(ApiContext(hub, report=report), webhook_policy=policy)
    loop.run(server.start())
    client = httpx.Client(base_url=server.url, timeout=30)
    try:
        yield Running(server, hub, loop, client)
    finally:
        client.close()
        loop.run(server.stop())
        loop.run(hub.stop())
        loop.close()


def key(db: Database, name: str, scopes: str, **kw: Any) -> str:
    return create_api_key(db, actor=SYSTEM, name=name, scopes=scopes, **kw)[1]


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


CALL = {"customer_name": "Li Wei", "phone": "13900001111", "address": "12 Long Road",
        "lat": 31.2, "lon": 121.45, "category": "leak", "priority": "urgent"}
