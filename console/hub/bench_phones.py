"""Simulated phones for ``bench hub``, cheap enough to leave the CPU to the hub.

``bench hub`` runs the load generator on the machine it measures. With one websockets client
per phone (``FieldAppClient``: a reader task, keepalive, framing and masking in Python), 10,000
phones cost the generator about as much CPU as the hub itself, so on two cores the hub's loop
waited for the generator. These phones speak the same protocol on raw asyncio transports:
the RFC 6455 opening handshake, the ``hello`` → ``welcome`` exchange, then one masked text
frame per fix written straight to the transport. They answer pings with pongs, count
``error`` frames and read nothing else. What the hub receives is byte for byte what a real
client sends (``--generator websockets`` keeps the old generator for comparison).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from console.hub.protocol import HubUnavailable

OP_TEXT, OP_CLOSE, OP_PING, OP_PONG = 0x1, 0x8, 0x9, 0xA


def client_frame(payload: bytes, opcode: int = OP_TEXT) -> bytes:
    """One final client frame: FIN, ``opcode``, masked with a fresh key (RFC 6455 5.3)."""
    n = len(payload)
    if n < 126:
        head = bytes((0x80 | opcode, 0x80 | n))
    elif n < 1 << 16:
        head = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    key = random.randbytes(4)
    if not n:
        return head + key
    mask = (key * (n // 4 + 1))[:n]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(mask, "big")).to_bytes(n, "big")
    return head + key + masked


class Phone(asyncio.Protocol):
    """One technician's phone on one hub connection."""

    def __init__(self, host: str, path: str, token: str) -> None:
        self.host, self.path, self.token = host, path or "/", token
        self.transport: asyncio.Transport | None = None
        self.welcome: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []
        self.ready: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._buf = bytearray()
        self._upgraded = False

    # --- asyncio.Protocol -------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            (
                f"GET {self.path} HTTP/1.1\r\nHost: {self.host}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if not self.ready.done():
            self.ready.set_exception(HubUnavailable(f"connection closed: {exc}"))

    def data_received(self, data: bytes) -> None:
        self._buf += data
        if not self._upgraded:
            end = self._buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(self._buf[: self._buf.find(b"\r\n")])
            del self._buf[: end + 4]
            if not status.startswith(b"HTTP/1.1 101"):
                self._fail(f"handshake refused: {status.decode(errors='replace')}")
                return
            self._upgraded = True
            hello = {"type": "hello", "v": 1, "kind": "field", "token": self.token}
            self._write(client_frame(json.dumps(hello).encode()))
        self._read_frames()

    # --- frames -----------------------------------------------------------------------

    def _read_frames(self) -> None:
        buf = self._buf
        while len(buf) >= 2:
            opcode, n, at = buf[0] & 0x0F, buf[1] & 0x7F, 2
            if n == 126:
                if len(buf) < 4:
                    return
                n, at = int.from_bytes(buf[2:4], "big"), 4
            elif n == 127:
                if len(buf) < 10:
                    return
                n, at = int.from_bytes(buf[2:10], "big"), 10
            if len(buf) < at + n:
                return
            payload = bytes(buf[at : at + n])  # a server's frames are never masked
            del buf[: at + n]
            self._on_frame(opcode, payload)

    def _on_frame(self, opcode: int, payload: bytes) -> None:
        if opcode == OP_PING:
            self._write(client_frame(payload, OP_PONG))
        elif opcode == OP_CLOSE:
            self._write(client_frame(payload[:2], OP_CLOSE))
            if self.transport is not None:
                self.transport.close()
        elif opcode == OP_TEXT:
            msg = json.loads(payload)
            if not self.ready.done():
                if msg.get("type") == "welcome":
                    self.welcome = msg
                    self.ready.set_result(msg)
                else:
                    self._fail(f"no welcome: {msg}")
            elif msg.get("type") == "error":
                self.errors.append(msg)

    def _write(self, frame: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(frame)

    def _fail(self, reason: str) -> None:
        if not self.ready.done():
            self.ready.set_exception(HubUnavailable(reason))
        if self.transport is not None:
            self.transport.close()

    # --- what a field app sends ---------------------------------------------------------

    def position(
        self,
        lat: float,
        lon: float,
        *,
        accuracy: float,
        heading: float,
        speed: float,
        at: datetime,
    ) -> None:
        """A fix, fire and forget (as ``FieldAppClient.position`` without ``ack``)."""
        self._write(
            client_frame(
                (
                    f'{{"type":"position","lat":{lat!r},"lon":{lon!r},"accuracy":{accuracy!r},'
                    f'"heading":{heading!r},"speed":{speed!r},"time":"{at.isoformat()}"}}'
                ).encode()
            )
        )

    async def close(self) -> None:
        if self.transport is not None:
            self._write(client_frame((1000).to_bytes(2, "big"), OP_CLOSE))
            self.transport.close()


async def connect_phone(url: str, token: str, timeout: float = 60.0) -> Phone:
    """Open ``url`` (``ws://`` only) as the field app holding ``token``; returns after the
    hub's ``welcome``. Raises HubUnavailable when refused, OSError when unreachable."""
    parts = urlsplit(url)
    if parts.scheme != "ws" or parts.hostname is None:
        raise ValueError(f"the raw phones speak plain ws:// only, not {url!r}")
    loop = asyncio.get_running_loop()
    host = f"{parts.hostname}:{parts.port or 80}"
    _transport, phone = await loop.create_connection(
        lambda: Phone(host, parts.path, token), parts.hostname, parts.port or 80
    )
    async with asyncio.timeout(timeout):
        await phone.ready
    return phone
