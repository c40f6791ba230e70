"""The window's live data comes from an EventSource: a replay-style source that is not the
websocket client feeds HubBridge and LiveState the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pytestqt.qtbot import QtBot

from console.domain import EventView, Position
from console.event_source import ConnectionState, EventSource
from console.listeners import Listeners
from console.live_state import LiveState, SnapshotLike
from ui.hub_bridge import HubBridge


@dataclass(frozen=True)
class EmptySnapshot:
    seq: int
    technicians: dict[int, Any] = field(default_factory=dict)
    calls: dict[int, Any] = field(default_factory=dict)
    assignments: tuple[Any, ...] = ()


class ReplaySource:
    """Plays a recorded night: no network, the same interface as the client."""

    def __init__(self) -> None:
        self.state = ConnectionState.CONNECTING
        self.state_since = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
        self.latency_ms: float | None = None
        self.user: dict[str, Any] | None = {"username": "replay", "role": "supervisor"}
        self.snapshots: Listeners[[SnapshotLike]] = Listeners()
        self.events: Listeners[[EventView]] = Listeners()
        self.positions: Listeners[[list[tuple[int, Position]]]] = Listeners()
        self.states: Listeners[[ConnectionState]] = Listeners()

    def on_snapshot(self, cb: Callable[[SnapshotLike], None]) -> None:
        self.snapshots.add(cb)

    def on_event(self, cb: Callable[[EventView], None]) -> None:
        self.events.add(cb)

    def on_positions(self, cb: Callable[[list[tuple[int, Position]]], None]) -> None:
        self.positions.add(cb)

    def on_state(self, cb: Callable[[ConnectionState], None]) -> None:
        self.states.add(cb)

    def play(self, seq: int) -> None:
        self.state = ConnectionState.CONNECTED
        self.states.emit(self.state)
        self.snapshots.emit(EmptySnapshot(seq))
        at = datetime(2026, 11, 27, 2, 1, tzinfo=UTC)
        self.events.emit(EventView(seq + 1, "note.added", at, {}))


def test_a_replay_source_feeds_the_bridge_like_the_client(qtbot: QtBot) -> None:
    source = ReplaySource()
    typed: EventSource = source  # mypy holds the stand-in to the interface
    state = LiveState()
    bridge = HubBridge(typed, state)
    try:
        assert bridge.connection_state == "connecting"
        with qtbot.waitSignals([bridge.state_changed, bridge.event_received], timeout=1000):
            source.play(41)
        assert bridge.connection_state == "connected"
        assert bridge.state_since == source.state_since
        assert state.last_seq == 42 and bridge.events_seen == 1
    finally:
        bridge.stop()
