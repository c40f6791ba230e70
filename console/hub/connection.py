"""One authenticated connection: read, check, rate-limit and dispatch its messages; for a
console, also pump the event log to it in seq order.

Bad input is answered with an ``error`` and never stops the loop. Database work runs on the
hub's executors in its own task (bounded per connection), so a slow write never stalls the
reading of positions behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from console.db.engine import Database
from console.errors import DispatchError, Forbidden
from console.hub import protocol
from console.hub.auth import Principal
from console.hub.limits import HubLimits, TokenBucket
from console.hub.metrics import HubMetrics
from console.hub.positions import PositionStore

log = logging.getLogger(__name__)


#: Events per frame stop growing past this size, so a catch-up fits a client's default
#: max frame size (websockets: 1 MiB).
EVENTS_FRAME_BYTES = 256 * 1024


def _frames(batch: list[str]) -> list[list[str]]:
    """Split encoded events into frames of about EVENTS_FRAME_BYTES (at least one each)."""
    frames: list[list[str]] = [[]]
    size = 0
    for text in batch:
        if frames[-1] and size + len(text) > EVENTS_FRAME_BYTES:
            frames.append([])
            size = 0
        frames[-1].append(text)
        size += len(text) + 1
    return frames


class Internal(DispatchError):
    code = "internal"


class Hub(Protocol):
    """The hub's public surface a front door uses (console.hub.server.Hub implements it)."""

    db: Database
    limits: HubLimits
    positions: PositionStore
    metrics: HubMetrics

    async def execute(
        self, principal: Principal, type_: str, fields: dict[str, Any], *, checked: bool = ...
    ) -> Any: ...

    def subscribe(
        self, wake: Callable[[], None], *, console: ServerConnection | None = None
    ) -> Callable[[], None]: ...

    async def events_after(self, seq: int, visibility: str = ...) -> list[str]: ...


class Connection:
    """The read loop of one field app, intake channel or console."""

    def __init__(self, hub: Hub, ws: ServerConnection, principal: Principal) -> None:
        self.hub = hub
        self.ws = ws
        self.p = principal
        self.kind = principal.kind
        self.bucket = TokenBucket(*hub.limits.rate(self.kind))
        self.in_flight = asyncio.Semaphore(hub.limits.max_in_flight)
        self.tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        self.hub.metrics.opened(self.kind)
        try:
            async for raw in self.ws:
                await self.handle(raw)
        except ConnectionClosed:
            pass
        finally:
            self.hub.metrics.closed(self.kind)
            for task in self.tasks:
                task.cancel()

    async def send(self, text: str) -> None:
        self.hub.metrics.sent(text)
        with contextlib.suppress(ConnectionClosed):
            await self.ws.send(text)

    async def handle(self, raw: str | bytes) -> None:
        rid: Any = None
        try:
            msg = protocol.decode(raw)
            rid = msg.get("id")
            self.hub.metrics.message(self.kind, msg["type"])
            if not self.bucket.take():
                raise protocol.RateLimited(
                    f"more than {self.bucket.rate:g} messages per second; slow down",
                    retry_after=round(1 / self.bucket.rate, 3),
                )
            if msg["type"] == "position" and self.kind == "field":
                await self.hub.positions.room()
                self._position(msg)
                if rid is not None:
                    await self.send(protocol.ok(rid))
                return
            fields = protocol.check(self.kind, msg, self.hub.db.now())
            if msg["type"] == "ping":
                await self.send(protocol.dumps({"type": "pong", "id": rid, **fields}))
                return
            await self.in_flight.acquire()
            task = asyncio.create_task(self._request(rid, msg["type"], fields))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        except DispatchError as exc:
            await self.send(protocol.error(rid, exc))
        except Exception as exc:  # a bug must cost one answer, not the connection
            log.exception("handling a %s message failed", self.kind)
            await self.send(protocol.error(rid, Internal(f"the hub failed: {type(exc).__name__}")))

    def _position(self, msg: dict[str, Any]) -> None:
        now = self.hub.db.now()
        f = protocol.check("field", msg, now)
        tech_id = self.p.technician_id
        assert tech_id is not None
        claimed = f.get("technician_id")
        if claimed is not None and claimed != tech_id:
            raise Forbidden(
                f"you report for technician {tech_id}, not {claimed}", technician_id=claimed
            )
        at: datetime = f.get("at") or f.get("time") or now
        self.hub.positions.add(
            tech_id,
            f["lat"],
            f["lon"],
            at.astimezone(UTC),
            f.get("accuracy"),
            f.get("heading"),
            f.get("speed"),
        )

    async def _request(self, rid: Any, type_: str, fields: dict[str, Any]) -> None:
        try:
            try:
                result = await self.hub.execute(self.p, type_, fields, checked=True)
            except DispatchError as exc:
                await self.send(protocol.error(rid, exc))
                return
            except Exception as exc:
                log.exception("%s %s failed", self.kind, type_)
                await self.send(
                    protocol.error(
                        rid, Internal(f"the hub could not do {type_}: {type(exc).__name__}")
                    )
                )
                return
            await self.send(protocol.ok(rid, result=result))
        finally:
            self.in_flight.release()


class ConsoleConnection(Connection):
    """A console: after the snapshot (or a resume point) it gets every event in seq order."""

    def __init__(
        self, hub: Hub, ws: ServerConnection, principal: Principal, visibility: str
    ) -> None:
        super().__init__(hub, ws, principal)
        self.visibility = visibility  # which encoding of each event it gets
        self.sent = 0
        self.wake = asyncio.Event()

    async def stream(self, start: int) -> None:
        """Run the read loop and the event pump together, from seq ``start``."""
        self.sent = start
        unsubscribe = self.hub.subscribe(self.wake.set, console=self.ws)
        pump = asyncio.create_task(self._pump())
        try:
            await self.run()
        finally:
            pump.cancel()
            unsubscribe()

    async def _pump(self) -> None:
        try:
            while True:
                self.wake.clear()
                batch = await self.hub.events_after(self.sent, self.visibility)
                if not batch:
                    await self.wake.wait()
                    continue
                for frame in _frames(batch):
                    await self.ws.send('{"type":"events","events":[' + ",".join(frame) + "]}")
                    self.sent += len(frame)
        except ConnectionClosed:
            pass
        except Exception:
            log.exception("event pump failed; closing the console connection")
            await self.ws.close(1011, "event stream failed")
