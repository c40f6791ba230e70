"""``HubBridge``: the console client's callbacks as Qt signals, feeding LiveState first.

The client calls its listeners on the asyncio loop, which under qasync is the Qt main thread,
so the bridge applies each snapshot/event/position batch to LiveState (the panels' models
update from its listeners) and then re-emits it for anyone else (status bar, alerts, map).
Synthetic feeds (bench, soak test) call ``deliver_*`` directly, bypassing the network.

A snapshot (10,000 technicians on a holiday night) is turned into LiveState's dicts and
indexes on a worker thread (``prepare_snapshot``); the UI thread only swaps them in and
lets the models reset once. Events and positions that arrive meanwhile are held and applied
right after, in order. ``snapshot_ui_ms`` / ``snapshot_total_ms`` say what the last one cost.

Signals:
    snapshot_loaded(object Snapshot), event_received(object EventView),
    positions_received(object list[(tech_id, Position)]), state_changed(str ConnectionState),
    latency_changed(float milliseconds; -1 when unknown).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain import EventView, Position
from console.event_source import ConnectionState, EventSource
from console.live_state import LiveState, PreparedSnapshot, SnapshotLike, prepare_snapshot

T = TypeVar("T")

LATENCY_POLL_MS = 1000


class HubBridge(QObject):
    snapshot_loaded = Signal(object)
    event_received = Signal(object)
    positions_received = Signal(object)
    state_changed = Signal(str)
    latency_changed = Signal(float)
    _prepared = Signal(int, object, object, float)  # worker -> UI thread (queued)

    def __init__(
        self,
        client: EventSource | None,
        state: LiveState,
        parent: QObject | None = None,
        *,
        prepare_off_thread: bool = True,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.state = state
        self.prepare_off_thread = prepare_off_thread
        self._generation = 0  # the snapshot being prepared; older ones are dropped
        self._held: list[tuple[Callable[[Any], None], Any]] | None = None  # while preparing
        self.snapshot_ui_ms = 0.0  # UI-thread part of the last snapshot (swap + resets)
        self.snapshot_total_ms = 0.0  # received -> installed, worker included
        self._prepared.connect(self._on_prepared)
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
        """Build LiveState's data from ``snap`` off the UI thread, then swap it in."""
        self._generation += 1
        started = time.perf_counter()
        if not self.prepare_off_thread:
            self._on_prepared(self._generation, prepare_snapshot(snap), snap, started)
            return
        if self._held is None:
            self._held = []
        generation = self._generation
        threading.Thread(
            target=self._prepare, args=(generation, snap, started), name="snapshot", daemon=True
        ).start()

    def _prepare(self, generation: int, snap: SnapshotLike, started: float) -> None:
        """Worker thread: plain data only, no Qt object but the queued signal."""
        prepared: PreparedSnapshot | None
        try:
            prepared = prepare_snapshot(snap)
        except Exception:  # redone on the UI thread, where it fails loudly
            prepared = None
        with contextlib.suppress(RuntimeError):  # the window closed: nobody waits for it
            self._prepared.emit(generation, prepared, snap, started)

    def _on_prepared(
        self, generation: int, prepared: PreparedSnapshot | None, snap: Any, started: float
    ) -> None:
        if generation != self._generation:
            return  # a newer snapshot is on its way
        t0 = time.perf_counter()
        if prepared is None:
            try:
                prepared = prepare_snapshot(snap)
            except Exception:
                self._release_held()  # never leave the stream held behind a broken snapshot
                raise
        self.state.install(prepared)
        self.snapshot_loaded.emit(snap)
        done = time.perf_counter()
        self.snapshot_ui_ms = (done - t0) * 1000
        self.snapshot_total_ms = (done - started) * 1000
        self._release_held()

    def _release_held(self) -> None:
        held, self._held = self._held or [], None
        for deliver, value in held:
            deliver(value)

    @property
    def preparing(self) -> bool:
        """True while a snapshot is being built off the UI thread."""
        return self._held is not None

    def deliver_event(self, ev: EventView) -> None:
        if self._held is not None:
            self._held.append((self.deliver_event, ev))
            return
        self.state.apply_event(ev)
        self.events_seen += 1
        self.event_received.emit(ev)

    def deliver_positions(self, fixes: list[tuple[int, Position]]) -> None:
        if self._held is not None:
            self._held.append((self.deliver_positions, fixes))
            return
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
