"""Small clients for field apps and intake channels (the simulator, the bench and tests).

One connection, a ``hello`` with the token, requests answered by id. They do not reconnect
by themselves: a caller that wants to retry calls ``connect()`` again (intake retries are
safe thanks to idempotency keys).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import ssl
from datetime import datetime
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from console.errors import DispatchError
from console.hub.auth import AuthFailed
from console.hub.protocol import VERSION, HubUnavailable, error_from_wire
from console.security.tls import untrusted


async def _refused(ws: ClientConnection, reply: dict[str, Any]) -> DispatchError:
    """The hub answered the hello with an error: wait for its close and report both."""
    with contextlib.suppress(ConnectionClosed, TimeoutError):
        await asyncio.wait_for(ws.recv(), 5)
    await ws.close()
    exc = error_from_wire(reply)
    exc.details["close_code"] = ws.close_code
    return exc


class PeerClient:
    """Shared plumbing: handshake, request ids, answers, errors as exceptions."""

    kind = ""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.token = token
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.ws: ClientConnection | None = None
        self.welcome: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []  # errors not tied to a request (e.g. positions)
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None

    async def connect(self) -> dict[str, Any]:
        """Open and authenticate; raises AuthFailed (hub closed with 1008) or HubUnavailable."""
        try:
            self.ws = await connect(
                self.url,
                ssl=self.ssl_context,
                compression=None,
                open_timeout=self.timeout,
                max_size=2**22,
            )
        except ssl.SSLCertVerificationError as exc:
            raise untrusted(self.url, exc) from None
        except OSError as exc:
            raise HubUnavailable(f"cannot reach the hub at {self.url}: {exc}") from None
        await self.ws.send(
            json.dumps({"type": "hello", "v": VERSION, "kind": self.kind, "token": self.token})
        )
        try:
            reply: dict[str, Any] = json.loads(await self.ws.recv())
        except ConnectionClosed as exc:
            reason = exc.rcvd.reason if exc.rcvd else "connection closed"
            raise AuthFailed(reason, close_code=exc.rcvd.code if exc.rcvd else None) from None
        if reply.get("type") != "welcome":
            raise await _refused(self.ws, reply)
        self.welcome = reply
        self._reader = asyncio.create_task(self._read(self.ws))
        return reply

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self.ws = None

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                msg = json.loads(raw)
                fut = self._waiting.pop(msg.get("id"), None) if msg.get("id") else None
                if fut is not None and not fut.done():
                    fut.set_result(msg)
                elif msg.get("type") == "error":
                    self.errors.append(msg)
        except ConnectionClosed:
            pass
        finally:
            for fut in self._waiting.values():
                if not fut.done():
                    fut.set_exception(HubUnavailable("connection to the hub was lost"))
            self._waiting.clear()

    async def send(self, msg: dict[str, Any]) -> None:
        if self.ws is None:
            raise HubUnavailable("not connected")
        try:
            await self.ws.send(json.dumps(msg, separators=(",", ":")))
        except ConnectionClosed:
            raise HubUnavailable("connection to the hub was lost") from None

    async def request(self, type_: str, **fields: Any) -> dict[str, Any]:
        """Send one request and wait for its answer; errors raise the matching exception."""
        rid = next(self._ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[rid] = fut
        await self.send({"type": type_, "id": rid, **fields})
        try:
            msg = await asyncio.wait_for(fut, self.timeout)
        except TimeoutError:
            self._waiting.pop(rid, None)
            raise HubUnavailable(f"no answer to {type_} within {self.timeout:g}s") from None
        if msg.get("type") == "error":
            raise error_from_wire(msg)
        return msg


class FieldAppClient(PeerClient):
    """A technician's phone: positions, job steps, shift start/end and breaks."""

    kind = "field"

    async def position(
        self,
        lat: float,
        lon: float,
        *,
        accuracy: float | None = None,
        heading: float | None = None,
        speed: float | None = None,
        at: datetime | None = None,
        ack: bool = False,
    ) -> None:
        """Fire-and-forget by default (an error arrives in ``errors``); ``ack`` waits."""
        msg: dict[str, Any] = {"type": "position", "lat": lat, "lon": lon}
        for key, value in (("accuracy", accuracy), ("heading", heading), ("speed", speed)):
            if value is not None:
                msg[key] = value
        if at is not None:
            msg["time"] = at.isoformat()
        if ack:
            await self.request(msg.pop("type"), **msg)
        else:
            await self.send(msg)

    async def step(self, call_id: int, step: str, **fields: Any) -> dict[str, Any]:
        """accept, en_route, on_site, complete (notes, parts, price_charged) or fail (reason)."""
        return dict((await self.request("step", call_id=call_id, step=step, **fields))["result"])

    async def shift(self, action: str) -> dict[str, Any]:
        """start, end, break or resume."""
        return dict((await self.request("shift", action=action))["result"])


class IntakeClient(PeerClient):
    """A channel (customer app, mini-program, web form, partner API) sending new calls."""

    kind = "intake"

    async def new_call(self, *, idempotency_key: str, **fields: Any) -> dict[str, Any]:
        """Returns ``{"call": {...}}``; a retry with the same key returns the same call."""
        msg = await self.request("new_call", idempotency_key=idempotency_key, **fields)
        return dict(msg["result"])

    async def cancel(
        self, *, idempotency_key: str | None = None, call_id: int | None = None, reason: str = ""
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {"reason": reason}
        if idempotency_key is not None:
            fields["idempotency_key"] = idempotency_key
        if call_id is not None:
            fields["call_id"] = call_id
        return dict((await self.request("cancel", **fields))["result"])
