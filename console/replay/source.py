"""``ReplaySource``: an ``EventSource`` fed from a ``Timeline`` instead of a hub.

A seek sends a snapshot (the whole state at that moment, as a reconnect would); playing
sends the events between the previous moment and the new one, in order, and one position
batch with every van that moved. The clock is the replay's moment, so SLA countdowns read
as they did that night. It takes no commands: it is not a ``DispatchClient``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from console.domain import EventView, Position
from console.event_source import ConnectionState
from console.listeners import Listeners
from console.live_state import SnapshotLike
from console.replay.timeline import Timeline

#: A forward seek over at most this many events plays them instead of sending a snapshot.
SHORT_STEP_EVENTS = 50


class ReplaySource:
    def __init__(self, timeline: Timeline, user: dict[str, Any] | None = None) -> None:
        self.timeline = timeline
        self.now = timeline.start
        self.cursor = 0  # events delivered so far (replay order)
        self._user = user or {"username": "replay", "display_name": "Replay",
                              "role": "supervisor"}
        self._since = datetime.now(UTC)
        self._fix_index: dict[int, int] = {}
        self._snapshotted = False
        self._snap_cbs: Listeners[[SnapshotLike]] = Listeners()
        self._event_cbs: Listeners[[EventView]] = Listeners()
        self._pos_cbs: Listeners[[list[tuple[int, Position]]]] = Listeners()
        self._state_cbs: Listeners[[ConnectionState]] = Listeners()

    # --- EventSource ------------------------------------------------------------------------

    @property
    def state(self) -> ConnectionState:
        return ConnectionState.CONNECTED

    @property
    def state_since(self) -> datetime:
        return self._since

    @property
    def latency_ms(self) -> float | None:
        return None

    @property
    def user(self) -> dict[str, Any] | None:
        return self._user

    def on_snapshot(self, cb: Callable[[SnapshotLike], None]) -> None:
        self._snap_cbs.add(cb)

    def on_event(self, cb: Callable[[EventView], None]) -> None:
        self._event_cbs.add(cb)

    def on_positions(self, cb: Callable[[list[tuple[int, Position]]], None]) -> None:
        self._pos_cbs.add(cb)

    def on_state(self, cb: Callable[[ConnectionState], None]) -> None:
        self._state_cbs.add(cb)

    # --- driving ----------------------------------------------------------------------------

    def clock(self) -> datetime:
        return self.now

    def seek(self, at: datetime) -> None:
        """Jump to ``at`` (clamped to the range): one snapshot of the state there, or, a
        short step forward (next mark), the events on the way, which redraws far less."""
        at = min(max(at, self.timeline.start), self.timeline.end)
        ahead = self.timeline.index_at(at) - self.cursor
        if self._snapshotted and at >= self.now and ahead <= SHORT_STEP_EVENTS:
            self.advance_to(at)
            return
        self._snapshotted = True
        snap = self.timeline.state_at(at)
        self.now, self.cursor = at, snap.seq
        t = at.timestamp()
        self._fix_index = {tid: tr.index_at(t) for tid, tr in self.timeline.tracks.items()}
        for cb in self._snap_cbs.alive():
            cb(snap)

    def advance_to(self, at: datetime) -> int:
        """Play forward to ``at``: the events on the way, then the vans that moved. Returns
        how many events were delivered (a moment earlier than now seeks instead)."""
        if at < self.now:
            self.seek(at)
            return 0
        at = min(at, self.timeline.end)
        stop = self.timeline.index_at(at)
        events = self.timeline.events[self.cursor:stop]
        self.now, self.cursor = at, max(stop, self.cursor)
        for ev in events:
            for cb in self._event_cbs.alive():
                cb(ev)
        moved = self._moved(at.timestamp())
        if moved:
            for pcb in self._pos_cbs.alive():
                pcb(moved)
        return len(events)

    def _moved(self, t: float) -> list[tuple[int, Position]]:
        out = []
        for tid, track in self.timeline.tracks.items():
            i = track.index_at(t)
            if i >= 0 and i != self._fix_index.get(tid, -1):
                self._fix_index[tid] = i
                out.append((tid, track.position(i)))
        return out

    @property
    def finished(self) -> bool:
        return self.now >= self.timeline.end
