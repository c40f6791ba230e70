"""Live positions across hubs on one PostgreSQL: each hub NOTIFYs its coalesced fixes on
``dispatch_positions``, and shows the other hubs' fixes to its own consoles.

Fixes are stored only by the hub that received them (positions.py); this is display only.
A NOTIFY payload is at most 8000 bytes, so each batch goes out in compact chunks. When
PostgreSQL is slow the queue drops batches rather than grow: every batch is superseded by
the next one a tenth of a second later.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any

import psycopg

from console.hub import codec
from console.hub.positions import PositionStore

log = logging.getLogger(__name__)

CHANNEL = "dispatch_positions"
MAX_PAYLOAD = 7800
_KEYS = ("technician_id", "lat", "lon", "at", "accuracy", "heading", "speed")


def chunks(hub_id: str, batch: list[dict[str, Any]]) -> list[str]:
    """Encode a batch as payloads under MAX_PAYLOAD bytes: {"h": hub, "p": [[...], ...]}."""
    out: list[str] = []
    rows: list[str] = []
    size = 0
    for wire in batch:
        row = codec.dumps([wire[k] for k in _KEYS])
        if rows and size + len(row) + 40 > MAX_PAYLOAD:
            out.append(f'{{"h":"{hub_id}","p":[{",".join(rows)}]}}')
            rows, size = [], 0
        rows.append(row)
        size += len(row) + 1
    if rows:
        out.append(f'{{"h":"{hub_id}","p":[{",".join(rows)}]}}')
    return out


class PositionRelay:
    """Publishes this hub's fixes and feeds the other hubs' fixes into the store."""

    def __init__(self, dsn: str, store: PositionStore) -> None:
        self.dsn = dsn
        self.store = store
        self.id = secrets.token_hex(6)
        self.queue: asyncio.Queue[list[dict[str, Any]]] = asyncio.Queue(maxsize=50)
        self.dropped = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._send_loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def publish(self, batch: list[dict[str, Any]]) -> None:
        try:
            self.queue.put_nowait(batch)
        except asyncio.QueueFull:
            self.dropped += 1

    def receive(self, payload: str) -> None:
        """A NOTIFY from any hub (our own included: skipped)."""
        try:
            msg = codec.loads(payload)
            if msg.get("h") == self.id:
                return
            self.store.add_remote([dict(zip(_KEYS, row, strict=True)) for row in msg["p"]])
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("ignoring a malformed %s payload", CHANNEL)

    async def _send_loop(self) -> None:
        delay = 0.2
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self.dsn, autocommit=True)
                async with conn:
                    delay = 0.2
                    while True:
                        batch = await self.queue.get()
                        for payload in chunks(self.id, batch):
                            await conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("publishing positions failed (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
