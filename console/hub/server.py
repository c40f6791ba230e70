"""The hub: a websockets server that is the one writer of live data.

``dispatch-console hub`` runs it as a process; the console runs it in-process on an embedded
SQLite file. Each connection starts with a ``hello`` naming its kind and credentials; wrong
or missing credentials close it with 1008. Services (synchronous SQLAlchemy) run on a
single writer thread (SQLite has one writer; on PostgreSQL a few) and reader threads, never
on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import ssl
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from console import operations, permissions
from console.db.engine import Database
from console.errors import Conflict, DispatchError, Forbidden
from console.hub import auth, commands, protocol
from console.hub.address_guard import AddressGuard, host_of
from console.hub.autodispatch import AutoDispatcher
from console.hub.connection import Connection, ConsoleConnection
from console.hub.fanout import EventFeed, head_seq, pg_dsn
from console.hub.health import HealthServer
from console.hub.limits import HubLimits
from console.hub.metrics import HubMetrics
from console.hub.ops import connection_lost, run_op
from console.hub.positions import PositionStore
from console.hub.relay import CHANNEL as RELAY_CHANNEL
from console.hub.relay import PositionRelay
from console.hub.retention_task import NightlyRetention
from console.hub.sessions import ENDING_OPS, SessionKeeper, throttle_delay
from console.hub.snapshot import build_snapshot
from console.security import transport
from console.services import conflicts, privacy, signin
from console.services.sessions import NOTIFY_SESSIONS

log = logging.getLogger(__name__)

__all__ = ["Hub", "HubLimits"]

BROADCAST_BACKLOG_BYTES = 1 << 20
#: How long a read or a write with a command id waits out a lost database connection.
DB_RETRY_S = 60.0


def _reason(text: str) -> str:
    """Close reasons must fit in 123 bytes of UTF-8."""
    data = text.encode()[:120]
    return data.decode(errors="ignore")


class Hub:
    """The websockets server; one writer of live data."""

    def __init__(
        self,
        db: Database,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
        limits: HubLimits | None = None,
        metrics_port: int | None = None,
        metrics_host: str = "127.0.0.1",
        insecure: bool = False,
        cert_not_after: datetime | None = None,
    ) -> None:
        self.db = db
        self.id = secrets.token_hex(6)
        self.insecure = insecure
        self.cert_not_after = cert_not_after
        commands.install(db)
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.limits = limits or HubLimits()
        self.writer = ThreadPoolExecutor(4 if db.is_postgres else 1, "hub-writer")
        self.reader = ThreadPoolExecutor(4, "hub-reader")
        self.feed = EventFeed(db, self.reader, poll_interval=1.0 if db.is_postgres else 0.25)
        self.positions = PositionStore(
            db,
            self.writer,
            self._broadcast_positions,
            batch_interval=self.limits.batch_interval,
            batch_max=self.limits.batch_max,
            broadcast_interval=self.limits.broadcast_interval,
            backlog_max=self.limits.position_backlog,
        )
        self.consoles: set[ServerConnection] = set()
        self.autodispatch = AutoDispatcher(db, self.writer, self.reader, poke=self.feed.poke)
        self.retention = NightlyRetention(db, self.writer, poke=self.feed.poke)
        #: The demo's own database holds made-up customers (permissions.visibility).
        self.synthetic = False
        self.relay: PositionRelay | None = None
        if db.is_postgres:  # other hubs' field apps show live on our consoles too
            self.relay = PositionRelay(pg_dsn(db), self.positions)
            self.positions.publish = self.relay.publish
            self.feed.extra[RELAY_CHANNEL] = self.relay.receive
        self.sessions = SessionKeeper(db, self.writer, touch_interval=self.limits.session_touch,
                                      grace=self.limits.session_grace,
                                      check_interval=self.limits.session_check)
        if db.is_postgres:  # a session ended on any hub closes its connections here too
            self.feed.extra[NOTIFY_SESSIONS] = self.sessions.notified
        self.guard = AddressGuard(limit=self.limits.address_failures,
                                  window=self.limits.address_window,
                                  block=self.limits.address_block)
        self._server: Server | None = None
        self.metrics = HubMetrics(self)
        self.health = (
            None if metrics_port is None else HealthServer(self, metrics_host, metrics_port)
        )

    @property
    def url(self) -> str:
        scheme = "wss" if self.ssl_context else "ws"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    @property
    def security(self) -> dict[str, Any]:
        """What every console is told about this hub's transport (status bar, expiry)."""
        return transport.security_info(self)

    async def start(self) -> None:
        """Listen; refuses (TlsRequired) a non-loopback address without TLS or --insecure."""
        transport.check_bind(self)
        loop = asyncio.get_running_loop()
        self.synthetic = await loop.run_in_executor(self.reader, privacy.is_synthetic, self.db)
        await self.feed.start()
        self.sessions.start()
        self.positions.start()
        if self.relay is not None:
            self.relay.start()
        self._server = await serve(
            self._handle,
            self.host,
            self.port,
            ssl=self.ssl_context,
            max_size=self.limits.max_message_bytes,
            compression=None,
            ping_interval=20,
            ping_timeout=20,
            close_timeout=2,
        )
        sock = next(iter(self._server.sockets))
        self.port = int(sock.getsockname()[1])
        self.autodispatch.start()
        self.retention.start()
        log.info("hub listening on %s (%r)", self.url, self.db)
        await loop.run_in_executor(self.writer, transport.audit_start, self)
        if self.health is not None:
            await self.health.start()

    async def stop(self) -> None:
        """Close every connection (1001), flush positions, stop following the log."""
        if self.health is not None:
            await self.health.stop()
        if self._server is not None:
            self._server.close(close_connections=True)
            await self._server.wait_closed()
            self._server = None
        await self.autodispatch.stop()
        await self.sessions.stop()
        await self.retention.stop()
        await self.positions.stop()
        if self.relay is not None:
            await self.relay.stop()
        await self.feed.stop()
        self.writer.shutdown(wait=True)
        self.reader.shutdown(wait=True)

    @property
    def listening(self) -> bool:
        return self._server is not None

    async def serve_forever(self) -> None:
        assert self._server is not None
        await self._server.serve_forever()

    # --- public surface: what a front door (this websocket server, an HTTP API) uses ----

    async def execute(
        self,
        principal: auth.Principal,
        type_: str,
        fields: dict[str, Any],
        *,
        checked: bool = False,
    ) -> Any:
        """Run one request for ``principal``: check its fields (unless the caller did),
        its role, then its service on the writer (writes) or a reader thread; returns the
        ``result`` of the ok answer, raises a DispatchError for the wire. A write with a
        ``command_id`` runs once: a repeat is answered from its record (console.hub.commands)."""
        op = operations.lookup(principal.kind, type_)
        if op is None or op.run is None:
            raise protocol.UnknownType(
                f"{type_!r} is not a request a {principal.kind} may send", message_type=type_
            )
        if not checked:
            fields = protocol.check(principal.kind, {**fields, "type": type_}, self.db.now())
        loop = asyncio.get_running_loop()
        if principal.kind == operations.CONSOLE:
            try:
                permissions.require(str(principal.user.get("role", "")), type_, op.capability)
            except Forbidden as exc:
                if op.capability in permissions.SENSITIVE:  # who tried to reach personal data
                    reason = exc.message
                    await loop.run_in_executor(
                        self.writer,
                        lambda: privacy.record_denied(
                            self.db, actor=principal.actor, op=type_, reason=reason
                        ),
                    )
                raise
        command_id = fields.get("command_id")
        fields = {k: v for k, v in fields.items() if k != "command_id"}
        executor = self.writer if op.writes else self.reader
        started = self.metrics.clock()
        # A read, or a write whose command id makes a redo safe, waits out a database
        # restart (DB_RETRY_S) instead of failing; a write without an id is not redone.
        retry_until = loop.time() + DB_RETRY_S if command_id is not None or not op.writes else 0.0
        delay = 0.05
        while True:
            try:
                if command_id is not None and op.writes:
                    result = await loop.run_in_executor(
                        executor, commands.run_once, op.run, self.db, principal, fields,
                        command_id, type_,
                    )
                else:
                    result = await loop.run_in_executor(
                        executor, run_op, op.run, self.db, principal, fields
                    )
                break
            except Exception as exc:
                if isinstance(exc, Conflict) and principal.kind == operations.CONSOLE:
                    await self._record_conflict(principal, type_, fields, exc)
                if not connection_lost(exc) or loop.time() + delay > retry_until:
                    raise
                log.warning("%s: database connection lost (%s); retrying in %.2fs",
                            type_, type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)
        if op.writes:
            self.feed.poke()
            self.metrics.committed(type_, started)
        if type_ in ENDING_OPS:
            self.sessions.check_soon()
        if principal.kind == operations.CONSOLE:
            result = permissions.redact(result, self.visibility(principal))
        return result

    async def _record_conflict(
        self, principal: auth.Principal, type_: str, fields: dict[str, Any], exc: Conflict
    ) -> None:
        """A lost race leaves an audit row for a night's review (console.services.conflicts);
        failing to write it never hides the refusal."""
        call_id = fields.get("call_id")
        if not isinstance(call_id, int):
            return
        try:
            await asyncio.get_running_loop().run_in_executor(
                self.writer,
                lambda: conflicts.record(self.db, actor=principal.actor, op=type_,
                                         call_id=call_id, details=exc.details,
                                         message=exc.message),
            )
        except Exception:
            log.exception("could not record the conflict on call %s", call_id)

    def visibility(self, principal: auth.Principal) -> str:
        """The customer data a console principal sees (console.permissions)."""
        role = str(principal.user.get("role", ""))
        return permissions.visibility(role, synthetic=self.synthetic)

    def subscribe(
        self, wake: Callable[[], None], *, console: ServerConnection | None = None
    ) -> Callable[[], None]:
        """Call ``wake`` whenever the event log grows (then read ``events_after``); a console
        websocket also gets the position batches. Returns the unsubscribe function."""
        self.feed.subscribers.add(wake)
        if console is not None:
            self.consoles.add(console)

        def unsubscribe() -> None:
            self.feed.subscribers.discard(wake)
            if console is not None:
                self.consoles.discard(console)

        return unsubscribe

    async def events_after(self, seq: int, visibility: str = permissions.FULL) -> list[str]:
        """Encoded events after ``seq``, in order (a bounded batch; empty when caught up), as
        a connection of ``visibility`` sees them."""
        return await self.feed.fetch(seq, cls=permissions.VISIBILITY_CLASSES.index(visibility))

    def _broadcast_positions(self, batch: list[dict[str, Any]]) -> None:
        """Send a coalesced batch; a console that stopped reading (over 1 MiB unsent) skips
        batches instead of growing the hub's memory until its keepalive times out."""
        ready = [
            ws
            for ws in self.consoles
            if ws.transport.get_write_buffer_size() < BROADCAST_BACKLOG_BYTES
        ]
        if ready:
            broadcast(ready, protocol.dumps({"type": "positions", "positions": batch}))

    # --- handshake -----------------------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        try:
            hello = await self._hello(ws)
            if hello is None:
                return
            principal, fields = hello
            if principal.kind == "console":
                await self._console(ws, principal, fields)
            else:
                await self._send_welcome(ws, principal, {})
                await Connection(self, ws, principal).run()
        except ConnectionClosed:
            pass

    async def _hello(self, ws: ServerConnection) -> tuple[auth.Principal, dict[str, Any]] | None:
        try:
            raw = await asyncio.wait_for(ws.recv(), self.limits.hello_timeout)
        except TimeoutError:
            await ws.close(1008, "no hello within the time limit")
            return None
        address, password_hello = host_of(transport.peer(ws)), False
        try:
            msg = protocol.decode(raw)
            if msg["type"] != "hello":
                raise auth.AuthFailed(f"the first message must be hello, not {msg['type']!r}")
            fields = protocol.fields(msg, protocol.HELLO, self.db.now())
            if fields["v"] != protocol.VERSION:
                raise protocol.UnsupportedVersion(
                    f"protocol version {fields['v']} is not supported; this hub speaks "
                    f"{protocol.VERSION}",
                    supported=[protocol.VERSION],
                )
            # a session token is 256 random bits: only password sign-ins are worth guessing
            password_hello = fields["kind"] == "console" and not fields.get("session")
            if password_hello and (left := self.guard.refused_for(address)):
                raise protocol.RateLimited(
                    f"too many failed sign-ins from {address}; try again in "
                    f"{math.ceil(left / 60)} min", retry_after=math.ceil(left))
            # a console sign-in writes (session row, audit); a token look-up only reads
            executor = self.writer if fields["kind"] == "console" else self.reader
            principal = await asyncio.get_running_loop().run_in_executor(
                executor, self._authenticate, fields, transport.peer(ws)
            )
        except DispatchError as exc:
            self.metrics.error(exc.code)
            if password_hello and isinstance(exc, auth.AuthFailed):
                await self._count_failure(address)
            failures = exc.details.pop("failures", 0)
            if isinstance(failures, int):
                await asyncio.sleep(throttle_delay(failures, self.limits.signin_throttle))
            await ws.send(protocol.error(None, exc))
            await ws.close(1008, _reason(exc.message))
            return None
        return principal, fields

    async def _count_failure(self, address: str) -> None:
        if n := self.guard.failed(address):
            minutes = math.ceil(self.limits.address_block / 60)
            log.warning("%d failed console sign-ins from %s: refused for %d min",
                        n, address, minutes)
            await asyncio.get_running_loop().run_in_executor(
                self.writer, lambda: signin.record_address_blocked(
                    self.db, address=address, failures=n, minutes=minutes))

    def _authenticate(self, f: dict[str, Any], client: str) -> auth.Principal:
        kind = f["kind"]
        if kind == "field":
            return auth.technician(self.db, f.get("token"))
        if kind == "intake":
            return auth.channel(self.db, f.get("token"))
        if kind == "console":
            if f.get("session"):
                return auth.resume(self.db, f["session"], hub_id=self.id, client=client)
            if f.get("token") and not f.get("username"):
                transport.refuse_token_as_console(self.db, f["token"], client)
            return auth.login(self.db, f.get("username"), f.get("password"), hub_id=self.id,
                              client=client)
        raise auth.AuthFailed(f"kind {kind!r} is not one of: field, intake, console")

    async def _send_welcome(
        self, ws: ServerConnection, p: auth.Principal, extra: dict[str, Any]
    ) -> None:
        msg: dict[str, Any] = {
            "type": "welcome",
            "v": protocol.VERSION,
            "kind": p.kind,
            "actor": p.actor.to_wire(),
            "security": self.security,
            **extra,
        }
        if p.technician_id is not None:
            msg["technician_id"] = p.technician_id
        if p.channel_id is not None:
            msg["channel_id"] = p.channel_id
        await ws.send(protocol.dumps(msg))

    async def _console(self, ws: ServerConnection, p: auth.Principal, f: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        assert p.session_id is not None
        session: dict[str, Any] = {"session_id": p.session_id}
        if p.session_token is not None:  # a password sign-in: the token is sent this once
            session["session"] = p.session_token
        resume = f.get("resume_from")
        if resume is not None:
            head = await loop.run_in_executor(self.reader, head_seq, self.db)
            if resume > head:
                resume = None  # the client knows a different log: start over
        if resume is not None:
            await self._send_welcome(
                ws, p, {"user": p.user, **session, "resumed": True, "seq": resume}
            )
            start = resume
        else:
            await self._send_welcome(ws, p, {"user": p.user, **session, "resumed": False})
            window = timedelta(hours=self.limits.snapshot_window_hours)
            snap = await loop.run_in_executor(
                self.reader, build_snapshot, self.db, window, dict(self.positions.latest)
            )
            await ws.send(protocol.dumps(permissions.redact(snap, self.visibility(p))))
            start = int(snap["seq"])
        await self.sessions.attach(p.session_id, ws)
        try:
            await ConsoleConnection(self, ws, p, self.visibility(p)).stream(start)
        finally:
            await self.sessions.detach(p.session_id, ws)
