"""The console's side of the hub protocol: login, snapshot, the event stream, commands.

Pure asyncio (no Qt): ``ui/`` wraps it in a QObject. It keeps reconnecting with capped
exponential backoff and jitter, and resumes from the last seq it delivered, so listeners see
every event exactly once and in order across drops and hub restarts. While offline,
commands raise HubUnavailable at once so the UI can queue them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from console import operations, resend
from console.client_requests import ConsoleRequests
from console.domain import AssignmentView, CallView, EventView, Position, TechnicianView
from console.event_source import ConnectionState, DispatchClient
from console.hub import codec
from console.hub.auth import AuthFailed
from console.hub.protocol import (
    VERSION,
    HubUnavailable,
    RateLimited,
    UnsupportedVersion,
    error_from_wire,
)
from console.listeners import Listeners
from console.security.tls import untrusted
from console.wire import (
    assignment_from_wire,
    call_from_wire,
    position_from_wire,
    technician_from_wire,
)

log = logging.getLogger(__name__)

__all__ = ["ConnectionState", "ConsoleClient", "HubUnavailable", "Snapshot"]


@dataclass(frozen=True)
class Snapshot:
    seq: int
    technicians: dict[int, TechnicianView]
    calls: dict[int, CallView]  # open calls + tonight's closed ones
    assignments: list[AssignmentView]  # tonight's

    @classmethod
    def from_wire(cls, msg: dict[str, Any]) -> Snapshot:
        techs = [technician_from_wire(t) for t in msg["technicians"]]
        calls = [call_from_wire(c) for c in msg["calls"]]
        return cls(
            seq=int(msg["seq"]),
            technicians={t.id: t for t in techs},
            calls={c.id: c for c in calls},
            assignments=[assignment_from_wire(a) for a in msg["assignments"]],
        )


def _snapshot_from_frame(raw: str | bytes) -> Snapshot:
    msg = json.loads(raw)
    if not isinstance(msg, dict) or msg.get("type") != "snapshot":
        kind = msg.get("type") if isinstance(msg, dict) else type(msg).__name__
        raise _Lost(f"expected a snapshot, got {kind!r}")
    return Snapshot.from_wire(msg)


def _event(d: dict[str, Any]) -> EventView:
    return EventView(
        seq=int(d["seq"]), type=d["type"], at=datetime.fromisoformat(d["at"]), payload=d["payload"]
    )


class _Lost(Exception):
    """The connection dropped or the stream broke: reconnect and resume."""


class ConsoleClient(ConsoleRequests):
    """A dispatcher's connection to the hub; listeners run on the asyncio loop thread."""

    #: After this many failed attempts in a row the state becomes OFFLINE (still retrying).
    OFFLINE_AFTER = 3
    #: A session that lasted this long (s) resets the backoff.
    STABLE_AFTER = 10.0

    def __init__(
        self,
        url: str,
        *,
        username: str,
        password: str,
        ssl_context: ssl.SSLContext | None = None,
        backoff_initial: float = 0.5,
        backoff_max: float = 15.0,
        command_timeout: float = 10.0,
        ping_interval: float = 5.0,
    ) -> None:
        self.url = url
        self.username = username
        self.password = password
        self.ssl_context = ssl_context
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.command_timeout = command_timeout
        self.ping_interval = ping_interval
        self.state = ConnectionState.OFFLINE
        self.state_since = datetime.now(UTC)
        self.last_seq = 0
        self.latency_ms: float | None = None
        self.user: dict[str, Any] | None = None
        self.snapshot: Snapshot | None = None
        self.error: Exception | None = None  # why the client gave up (bad credentials)
        self._session: str | None = None
        self.session_id: int | None = None
        #: The hub's transport as its welcome said: tls, insecure, cert_not_after.
        self.security: dict[str, Any] = {}
        self._ws: ClientConnection | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ready = asyncio.Event()
        self._online = asyncio.Event()  # set while CONNECTED (re-sending waits on it)
        self.resend_window = resend.RESEND_WINDOW
        self._task: asyncio.Task[None] | None = None
        self._snapshot_cbs: Listeners[[Snapshot]] = Listeners(isolate=True)
        self._event_cbs: Listeners[[EventView]] = Listeners(isolate=True)
        self._position_cbs: Listeners[[list[tuple[int, Position]]]] = Listeners(isolate=True)
        self._state_cbs: Listeners[[ConnectionState]] = Listeners(isolate=True)

    # --- listeners -----------------------------------------------------------------

    def on_snapshot(self, cb: Callable[[Snapshot], None]) -> None:
        self._snapshot_cbs.add(cb)

    def on_event(self, cb: Callable[[EventView], None]) -> None:
        self._event_cbs.add(cb)

    def on_positions(self, cb: Callable[[list[tuple[int, Position]]], None]) -> None:
        self._position_cbs.add(cb)

    def on_state(self, cb: Callable[[ConnectionState], None]) -> None:
        self._state_cbs.add(cb)

    def _set_state(self, state: ConnectionState) -> None:
        if state == ConnectionState.CONNECTED:
            self._online.set()
        else:
            self._online.clear()
        if state != self.state:
            self.state = state
            self.state_since = datetime.now(UTC)
            self._state_cbs.emit(state)

    # --- lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        """Connect in the background and keep reconnecting; returns immediately."""
        if self._task is None:
            self._set_state(ConnectionState.CONNECTING)
            self._task = asyncio.create_task(self._run())

    async def wait_ready(self, timeout: float = 10) -> Snapshot:
        """The first snapshot; raises AuthFailed for bad credentials, HubUnavailable on timeout."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            raise HubUnavailable(f"no snapshot from {self.url} within {timeout:g}s") from None
        if self.snapshot is None:
            raise self.error or HubUnavailable("the console client stopped")
        return self.snapshot

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._ws is not None:
            await self._ws.close()
            self._ws = None
        self._set_state(ConnectionState.OFFLINE)

    async def _run(self) -> None:
        failures = 0
        while True:
            began = time.monotonic()
            try:
                await self._session_once()
            except ssl.SSLCertVerificationError as exc:
                self._give_up(untrusted(self.url, exc))
                return
            except (AuthFailed, UnsupportedVersion, RateLimited) as exc:  # said, not retried
                ended = exc.details.get("session_ended")
                if (
                    self._session is not None
                    and isinstance(exc, AuthFailed)
                    and ended not in ("revoked", "signout")
                ):
                    self._session = None  # expired, dropped or foreign: sign in again
                    continue
                self._give_up(exc)
                return
            except (OSError, ConnectionClosed, TimeoutError, _Lost, HubUnavailable) as exc:
                log.info("hub connection lost: %s", exc)
            finally:
                self._ws = None
                self._fail_waiting()
            if time.monotonic() - began > self.STABLE_AFTER:
                failures = 0  # it was a working session, not a flapping one
            failures += 1
            self._set_state(
                ConnectionState.OFFLINE
                if failures >= self.OFFLINE_AFTER
                else ConnectionState.RECONNECTING
            )
            delay = min(self.backoff_max, self.backoff_initial * 2 ** (failures - 1))
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))

    def _give_up(self, exc: Exception) -> None:
        """Stop for good: bad credentials, a revoked session, an untrusted hub."""
        self.error = exc
        self._session = None
        self._ready.set()
        self._set_state(ConnectionState.OFFLINE)

    async def sign_out(self) -> dict[str, Any]:
        """End this console's session on the hub (every hub) and stop the client."""
        result = dict((await self.command("sign_out"))["result"])
        self._session = None
        await self.close()
        return result

    async def _session_once(self) -> None:
        ws = await connect(
            self.url,
            ssl=self.ssl_context,
            compression=None,
            open_timeout=10,
            max_size=2**26,
            close_timeout=2,
        )
        try:
            await self._handshake(ws)
            self._ws = ws
            self._set_state(ConnectionState.CONNECTED)
            pinger = asyncio.create_task(self._ping_loop())
            try:
                async for raw in ws:
                    self._dispatch(codec.loads(raw))  # orjson when installed
            finally:
                pinger.cancel()
        finally:
            await ws.close()

    async def _handshake(self, ws: ClientConnection) -> None:
        hello: dict[str, Any] = {"type": "hello", "v": VERSION, "kind": "console"}
        if self._session:
            hello["session"] = self._session
        else:
            hello.update(username=self.username, password=self.password)
        if self.snapshot is not None:
            hello["resume_from"] = self.last_seq
        await ws.send(json.dumps(hello))
        try:
            welcome = json.loads(await asyncio.wait_for(ws.recv(), 30))
        except ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.code == 1008:
                raise AuthFailed(exc.rcvd.reason, close_code=1008) from None
            raise
        if welcome.get("type") == "error":
            refusal = error_from_wire(welcome)
            if isinstance(refusal, AuthFailed | UnsupportedVersion | RateLimited):
                raise refusal
            raise _Lost(refusal.message)
        if welcome.get("type") != "welcome":
            raise _Lost(f"unexpected handshake answer {welcome.get('type')!r}")
        self.user = welcome.get("user")
        self._session = welcome.get("session") or self._session
        self.session_id = welcome.get("session_id")
        self.security = dict(welcome.get("security") or {})
        if not welcome.get("resumed"):
            raw = await asyncio.wait_for(ws.recv(), 60)
            # decode and build off the loop: under qasync the loop is the UI thread, and a
            # 10,000-technician snapshot is megabytes of JSON (nothing else reads the socket
            # meanwhile, so events still arrive after it, in order)
            self.snapshot = await asyncio.to_thread(_snapshot_from_frame, raw)
            self.last_seq = self.snapshot.seq
            self._snapshot_cbs.emit(self.snapshot)
            self._ready.set()

    # --- incoming ------------------------------------------------------------------

    def _dispatch(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "events":
            for raw in msg["events"]:
                seq = int(raw["seq"])
                if seq <= self.last_seq:
                    continue  # already delivered (never expected; guards against replays)
                if seq != self.last_seq + 1:
                    raise _Lost(f"event stream skipped from {self.last_seq} to {seq}")
                self.last_seq = seq
                self._event_cbs.emit(_event(raw))
        elif kind == "positions":
            self._position_cbs.emit(positions_from_wire(msg))
        elif kind in ("ok", "error", "pong"):
            fut = self._waiting.pop(msg.get("id"), None)  # type: ignore[arg-type]
            if fut is not None and not fut.done():
                fut.set_result(msg)
            elif kind == "error":
                log.warning("hub error: %s", msg)

    def _fail_waiting(self) -> None:
        for fut in self._waiting.values():
            if not fut.done():
                fut.set_exception(HubUnavailable("connection to the hub was lost"))
        self._waiting.clear()

    async def _ping_loop(self) -> None:
        while True:
            started = time.perf_counter()
            try:
                await self._request("ping", {"t": time.time()})
                self.latency_ms = (time.perf_counter() - started) * 1000
            except HubUnavailable:
                pass
            await asyncio.sleep(self.ping_interval)

    # --- commands ------------------------------------------------------------------

    async def _request(
        self, op: str, fields: dict[str, Any], timeout: float | None = None
    ) -> dict[str, Any]:
        ws = self._ws
        if ws is None or self.state != ConnectionState.CONNECTED:
            raise resend.Unsent(f"the hub is {self.state.value}; {op} was not sent")
        rid = next(self._ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[rid] = fut
        try:
            await ws.send(json.dumps({"type": op, "id": rid, **fields}, default=str))
            return await asyncio.wait_for(fut, timeout or self.command_timeout)
        except ConnectionClosed:
            raise HubUnavailable(f"connection lost while sending {op}") from None
        except TimeoutError:
            raise HubUnavailable(f"no answer to {op} within {self.command_timeout:g}s") from None
        finally:
            self._waiting.pop(rid, None)
            if fut.done() and not fut.cancelled():
                fut.exception()  # the link was declared lost while this send failed: seen

    async def command(self, op: str, **fields: Any) -> dict[str, Any]:
        """Send one command; returns the ``ok`` answer, raises the hub's error as an exception
        (console.errors classes, same code) or HubUnavailable when offline or unanswered.

        A write gets a ``command_id`` (or keeps the one given, e.g. from an outbox); if the
        connection drops before the answer, it is sent again with that id after the
        reconnect, so it is done once (console.resend)."""
        sent = resend.stamp(
            operations.CONSOLE, op, {k: v for k, v in fields.items() if v is not None}
        )
        msg = await resend.until_answered(
            lambda: self._request(op, sent),
            self._wait_online,
            window=self.resend_window,
            command_id=sent.get("command_id"),
        )
        if msg.get("type") == "error":
            raise error_from_wire(msg)
        return msg

    async def _wait_online(self, timeout: float) -> bool:
        try:
            async with asyncio.timeout(timeout):
                await self._online.wait()
        except TimeoutError:
            return False
        return True

    async def call(self, op: str, **fields: Any) -> Any:
        """Send console request ``op`` as described in console.operations and return its
        decoded result (a CallView, a TechnicianView, or the plain dict of a look-up). The
        typed methods (console.client_requests) are thin wrappers; a test holds them to
        the table."""
        spec = operations.lookup(operations.CONSOLE, op)
        if spec is None or spec.run is None:
            raise TypeError(f"{op!r} is not a console request")
        unknown = sorted(set(fields) - {*spec.field_names(), "command_id"})
        if unknown:
            raise TypeError(f"{op} takes no field(s) {', '.join(unknown)}")
        return _decode(spec.result, (await self.command(op, **fields))["result"])


def _decode(kind: str, result: Any) -> Any:
    """The ``result`` of an ok answer as the table's ``result`` names it."""
    if kind == "call":
        return call_from_wire(result["call"])
    if kind == "technician":
        return technician_from_wire(result["technician"])
    return dict(result) if result is not None else None


def as_dispatch_client(client: ConsoleClient) -> DispatchClient:
    """The websocket client is the window's DispatchClient (mypy checks the conformance)."""
    return client


def positions_from_wire(msg: dict[str, Any]) -> list[tuple[int, Position]]:
    """A ``positions`` frame's entries as (technician id, Position) pairs."""
    # a position entry is never empty, so position_from_wire never answers None here
    batch = [(int(p["technician_id"]), position_from_wire(p)) for p in msg["positions"]]
    return cast(list[tuple[int, Position]], batch)
