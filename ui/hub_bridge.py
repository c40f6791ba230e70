"""``HubBridge``: the console client's callbacks as Qt signals, feeding LiveState first.

The client calls its listeners on the asyncio loop, which under qasync is the Qt main thread,
so the bridge applies each snapshot/event/position batch to LiveState (the panels' models
update from its listeners) and then re-emits it for anyone else (status bar, alerts, map).
Synthetic feeds (bench, soak test) call ``deliver_*`` directly, bypassing the network.

Signals:
    snapshot_loaded(object Snapshot), event_received(object EventView),
    positions_received(object list[(tech_id, Position)]), state_changed(str ConnectionState),
    latency_changed(float milliseconds; -1 when unknown).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain import EventView, Position
from console.event_source import ConnectionState, EventSource
from console.live_state import LiveState, SnapshotLike

T = TypeVar("T")

LATENCY_POLL_MS = 1000


class HubBridge(QObject):
    snapshot_loaded = Signal(object)
    event_received = Signal(object)
    positions_received = Signal(object)
    state_changed = Signal(str)
    latency_changed = Signal(float)

    def __init__(
        self, client: EventSource | None, state: LiveState, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.state = state
        self.connection_state = "connecting"
        self.state_since = datetime.now(UTC)
        self.events_seen = 0
        self._latency: float | None = None
        if client is not None:
            self.attach_client(client)
        self._latency_timer = QTimer(self, interval=LATENCY_POLL_MS)
        self._latency_timer.timeout.connect(self._poll_latency)
        self._latency_timer.start()

    def attach_client(self, client: EventSource) -> None:
        """Listen to ``client`` (before it starts); a demo reset swaps in a new one. The old
        client must be closed by its owner; its callbacks are ignored from now on."""
        self.client = client
        client.on_snapshot(lambda snap: self._if_current(client, self.deliver_snapshot, snap))
        client.on_event(lambda ev: self._if_current(client, self.deliver_event, ev))
        client.on_positions(lambda fx: self._if_current(client, self.deliver_positions, fx))
        client.on_state(lambda st: self._if_current(client, self._on_client_state, st))
        self._on_client_state(client.state)

    def _if_current(self, client: EventSource, deliver: Callable[[T], None], value: T) -> None:
        if client is self.client:
            deliver(value)

    def deliver_snapshot(self, snap: SnapshotLike) -> None:
        self.state.apply_snapshot(snap)
        self.snapshot_loaded.emit(snap)

    def deliver_event(self, ev: EventView) -> None:
        self.state.apply_event(ev)
        self.events_seen += 1
        self.event_received.emit(ev)

    def deliver_positions(self, fixes: list[tuple[int, Position]]) -> None:
        self.state.apply_positions(fixes)
        self.positions_received.emit(fixes)

    def _on_client_state(self, state: ConnectionState) -> None:
        value = str(state.value)
        if value == self.connection_state:
            return
        self.connection_state = value
        self.state_since = self.client.state_since if self.client is not None else _now()
        self.state_changed.emit(value)

    def _poll_latency(self) -> None:
        latency = self.client.latency_ms if self.client is not None else None
        if latency != self._latency:
            self._latency = latency
            self.latency_changed.emit(-1.0 if latency is None else float(latency))

    @property
    def latency_ms(self) -> float | None:
        return self._latency

    def stop(self) -> None:
        self._latency_timer.stop()


def _now() -> datetime:
    return datetime.now(UTC)
