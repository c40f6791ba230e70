"""Small clients for field apps and intake channels (the simulator, the bench and tests).

One connection, a ``hello`` with the token, requests answered by id. Made with
``reconnect=True`` (the simulator's phones and channels) a client sends its requests one at
a time in order, each write with a command id, and when the link drops it reconnects with
capped exponential backoff and jitter and sends the unanswered request again with the same
id (console.resend): a phone's steps queue while it is offline and go up in order, done once.
Fire-and-forget positions made while offline are kept (the latest ``BACKLOG``) and sent with
their own times after the reconnect. Without it, a caller that wants to retry calls
``connect()`` again (intake retries are safe thanks to idempotency keys).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import ssl
from collections import deque
from datetime import UTC, datetime
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from console import resend
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
    #: Positions kept while offline (the latest ones; older fixes add nothing to a map).
    BACKLOG = 50

    def __init__(
        self,
        url: str,
        token: str,
        *,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 10.0,
        reconnect: bool = False,
        backoff_initial: float = 0.2,
        backoff_max: float = 5.0,
        resend_window: float = resend.RESEND_WINDOW,
    ) -> None:
        self.url = url
        self.token = token
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.reconnect = reconnect
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.resend_window = resend_window
        self.reconnects = 0  # successful reconnects after a drop
        self.backlog: deque[dict[str, Any]] = deque(maxlen=self.BACKLOG)
        self.network_down = False  # a simulated dead zone: connecting fails until restored
        self._order: asyncio.Lock | None = None
        self.ws: ClientConnection | None = None
        self.welcome: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []  # errors not tied to a request (e.g. positions)
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None

    async def connect(self) -> dict[str, Any]:
        """Open and authenticate; raises AuthFailed (hub closed with 1008) or HubUnavailable."""
        if self.network_down:
            raise HubUnavailable("no network")
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
        """Send one request and wait for its answer; errors raise the matching exception.
        With ``reconnect`` the request waits its turn, carries a command id and survives
        drops for ``resend_window`` seconds."""
        if not self.reconnect:
            return await self._request_once(type_, fields)
        sent = resend.stamp(self.kind, type_, fields)
        if self._order is None:
            self._order = asyncio.Lock()
        async with self._order:
            return await resend.until_answered(
                lambda: self._request_once(type_, sent),
                self._relink,
                window=self.resend_window,
                command_id=sent.get("command_id"),
            )

    async def drop_network(self) -> None:
        """Lose the signal (the simulator's dead zone): the link closes and stays down."""
        self.network_down = True
        with contextlib.suppress(Exception):
            await self.close()

    async def restore_network(self, timeout: float = 30.0) -> bool:
        """The signal is back: reconnect now and send the positions kept meanwhile."""
        self.network_down = False
        return await self._relink(timeout)

    async def _relink(self, timeout: float) -> bool:
        """Reconnect with backoff within ``timeout`` seconds, then send the backlog."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        delay = self.backoff_initial
        while True:
            if self.ws is not None and self._reader is not None and not self._reader.done():
                return True
            with contextlib.suppress(Exception):
                await self.close()
            try:
                await self.connect()
            except HubUnavailable:
                pass
            except (OSError, TimeoutError, ConnectionClosed):
                self.ws = None
            else:
                self.reconnects += 1
                await self._send_backlog()
                return True
            left = deadline - loop.time()
            if left <= 0:
                return False
            await asyncio.sleep(min(left, delay * random.uniform(0.5, 1.0)))
            delay = min(self.backoff_max, delay * 2)

    async def _send_backlog(self) -> None:
        while self.backlog:
            try:
                await self.send(self.backlog[0])
            except HubUnavailable:
                return
            self.backlog.popleft()

    async def _request_once(self, type_: str, fields: dict[str, Any]) -> dict[str, Any]:
        rid = next(self._ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[rid] = fut
        try:
            await self.send({"type": type_, "id": rid, **fields})
        except HubUnavailable:
            self._waiting.pop(rid, None)
            if fut.done() and not fut.cancelled():
                fut.exception()  # failed by the reader as the link went: seen
            raise
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
            return
        try:
            await self.send(msg)
        except HubUnavailable:
            if not self.reconnect:
                raise
            msg.setdefault("time", datetime.now(UTC).isoformat())
            self.backlog.append(msg)  # sent with its time when the link is back

    async def step(
        self, call_id: int, step: str, *, at: datetime | None = None, **fields: Any
    ) -> dict[str, Any]:
        """accept, en_route, on_site, complete (notes, parts, price_charged) or fail (reason);
        ``at``: when it happened, by default now, stamped here when the step is made: a step
        that waits out a drop (or its turn behind one) is recorded when it was done, not
        when it finally arrived."""
        fields["at"] = (at or datetime.now(UTC)).isoformat()
        return dict((await self.request("step", call_id=call_id, step=step, **fields))["result"])

    async def shift(self, action: str, *, at: datetime | None = None) -> dict[str, Any]:
        """start, end, break or resume; ``at``: when, by default now (stamped as for
        ``step``)."""
        stamped = (at or datetime.now(UTC)).isoformat()
        return dict((await self.request("shift", action=action, at=stamped))["result"])


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
