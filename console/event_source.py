"""``EventSource``: where a console window's live data comes from.

A snapshot, then ordered events, position batches, the connection state and the latency.
The websocket client (console.client.ConsoleClient) is one today; a replay of history or a
test feed can stand in for it, because the window (ui.hub_bridge, ui.dispatch_actions, the
console context) is typed against this, not against the client.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from console.domain import CallView, EventView, Position, TechnicianView
from console.live_state import SnapshotLike


class ConnectionState(enum.StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"


class EventSource(Protocol):
    """Live data for one window; listeners run on the event loop's thread, in order."""

    @property
    def state(self) -> ConnectionState: ...
    @property
    def state_since(self) -> datetime: ...
    @property
    def latency_ms(self) -> float | None: ...
    @property
    def user(self) -> dict[str, Any] | None: ...

    def on_snapshot(self, cb: Callable[[SnapshotLike], None]) -> None: ...
    def on_event(self, cb: Callable[[EventView], None]) -> None: ...
    def on_positions(self, cb: Callable[[list[tuple[int, Position]]], None]) -> None: ...
    def on_state(self, cb: Callable[[ConnectionState], None]) -> None: ...


class DispatchClient(EventSource, Protocol):
    """An event source that also takes the dispatcher's commands (the operation table's
    console requests, console.operations); a read-only replay would not be one."""

    async def create_call(self, **fields: Any) -> CallView: ...
    async def assign(
        self,
        call_id: int,
        technician_id: int,
        *,
        expected_version: int | None = None,
        override_reason: str | None = None,
    ) -> CallView: ...
    async def reassign(
        self,
        call_id: int,
        technician_id: int,
        *,
        from_technician_id: int | None = None,
        expected_version: int | None = None,
        override_reason: str | None = None,
    ) -> CallView: ...
    async def unassign(
        self,
        call_id: int,
        *,
        technician_id: int | None = None,
        expected_version: int | None = None,
        reason: str = "",
    ) -> CallView: ...
    async def cancel(
        self, call_id: int, *, reason: str = "", expected_version: int | None = None
    ) -> CallView: ...
    async def add_note(self, call_id: int, text: str) -> CallView: ...
    async def command(self, op: str, **fields: Any) -> dict[str, Any]: ...
    async def set_technician_status(self, technician_id: int, status: str) -> TechnicianView: ...
    async def lookup_customer(self, phone: str) -> dict[str, Any] | None: ...
    async def call_detail(self, call_id: int) -> dict[str, Any]: ...
