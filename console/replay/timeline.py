"""A night in memory: its events in order, a checkpoint of the whole state every ``every``
events, its marks and decisions. The state at a moment is the nearest checkpoint at or
before it plus the events up to the moment, replayed through the same ``LiveState`` a live
console uses, so a replayed picture is built by the code that built the live one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from console.domain import (
    AssignmentView,
    CallView,
    EventView,
    Position,
    TechnicianView,
    TechStatus,
)
from console.live_state import LiveState
from console.replay.decisions import Decision, decide
from console.replay.history import NightHistory
from console.replay.marks import Mark, event_mark, sla_marks
from console.travel import GreatCircleTravel

#: Events between checkpoints: a seek replays at most this many events.
CHECKPOINT_EVERY = 200


@dataclass(frozen=True, slots=True)
class ReplaySnapshot:
    """The state after ``seq`` replay events (a ``SnapshotLike`` for ``LiveState``)."""

    seq: int
    technicians: Mapping[int, TechnicianView]
    calls: Mapping[int, CallView]
    assignments: tuple[AssignmentView, ...]
    at: datetime


class Timeline:
    """Replay order numbers events 1..n (``EventView.seq``); ``real_seq`` maps them back to
    the events table (None for history rebuilt from rows)."""

    def __init__(self, history: NightHistory, *, every: int = CHECKPOINT_EVERY) -> None:
        self.history = history
        self.start, self.end, self.tz = history.start, history.end, history.tz
        self.every = every
        self.events = [EventView(i + 1, e.type, e.at, e.payload)
                       for i, e in enumerate(history.events)]
        self.real_seq = [e.seq for e in history.events]
        self.times = [e.at.timestamp() for e in history.events]
        self.tracks = history.tracks
        self.marks: list[Mark] = []
        self.decisions: list[Decision] = []
        self._checkpoints: list[ReplaySnapshot] = []
        self._build()

    # --- building --------------------------------------------------------------------------

    def _initial(self) -> ReplaySnapshot:
        h = self.history
        return ReplaySnapshot(0, dict(h.technicians), dict(h.calls), tuple(h.assignments),
                              h.start)

    def _build(self) -> None:
        state = LiveState()
        state.apply_snapshot(self._initial())
        travel = GreatCircleTravel(tz=self.tz)
        h = self.history
        self._checkpoints.append(self._initial())
        for ev in self.events:
            self._observe(state, ev, travel)
            state.apply_event(ev)
            if ev.seq % self.every == 0:
                self._checkpoints.append(self._freeze(state, ev.at))
        seen = {**h.calls, **{c.id: c for c in h.final_calls.values()
                              if h.start <= c.created_at < h.end}}
        self.marks = sorted(
            [*self.marks, *h.conflicts,
             *sla_marks({i: h.final_calls.get(i, c) for i, c in seen.items()},
                        h.start, h.end)],
            key=lambda m: (m.at, m.call_id, m.kind))

    def _observe(self, state: LiveState, ev: EventView, travel: GreatCircleTravel) -> None:
        h = self.history
        self.marks.extend(event_mark(ev.type, ev.at, ev.payload, h.overrides))
        call = ev.payload.get("call")
        tech_id = ev.payload.get("technician_id")
        if ev.type not in ("call.assigned", "call.reassigned") or not isinstance(call, dict) \
                or not isinstance(tech_id, int):
            return
        cid = int(call["id"])
        aid = ev.payload.get("assignment_id")
        row = h.assignment_rows.get(aid) if isinstance(aid, int) else None
        held = row is None or row.end_reason not in ("reassigned", "unassigned")
        before = state.calls.get(cid)
        if before is None:
            return
        self._overlay_positions(state, ev.at, on_duty_only=True)
        self.decisions.append(decide(
            state, before, tech_id, ev.at, kind=ev.type.split(".")[1],
            by=_actor(ev.payload.get("actor")), override=h.overrides.get(aid or -1),
            final=h.final_calls.get(cid), still_held=held, tz=self.tz, travel=travel))

    def _overlay_positions(self, state: LiveState, at: datetime, *,
                           on_duty_only: bool = False) -> None:
        t = at.timestamp()
        for tid, tech in state.technicians.items():
            track = self.tracks.get(tid)
            if track is None or (on_duty_only and tech.status is TechStatus.OFF_DUTY):
                continue
            i = track.index_at(t)
            if i >= 0 and (tech.position is None or tech.position.at != _utc(track.times[i])):
                state.technicians[tid] = replace(tech, position=track.position(i))

    @staticmethod
    def _freeze(state: LiveState, at: datetime) -> ReplaySnapshot:
        return ReplaySnapshot(state.last_seq, dict(state.technicians), dict(state.calls),
                              tuple(state.assignments.values()), at)

    # --- queries ---------------------------------------------------------------------------

    def index_at(self, at: datetime) -> int:
        """How many events happened at or before ``at``."""
        return bisect_right(self.times, at.timestamp())

    def state_after(self, count: int, at: datetime | None = None) -> ReplaySnapshot:
        """The state after the first ``count`` events (positions as of ``at``)."""
        count = max(0, min(count, len(self.events)))
        base = self._checkpoints[count // self.every]
        state = LiveState()
        state.apply_snapshot(base)
        for ev in self.events[base.seq:count]:
            state.apply_event(ev)
        moment = at or (self.events[count - 1].at if count else self.start)
        self._overlay_positions(state, moment)
        return ReplaySnapshot(count, state.technicians, state.calls,
                              tuple(state.assignments.values()), moment)

    def state_at(self, at: datetime) -> ReplaySnapshot:
        return self.state_after(self.index_at(at), at)

    def positions_at(self, at: datetime) -> list[tuple[int, Position]]:
        t = at.timestamp()
        out = []
        for tid, track in self.tracks.items():
            i = track.index_at(t)
            if i >= 0:
                out.append((tid, track.position(i)))
        return out

    def replay_index_of(self, seq: int) -> int | None:
        """The replay order number of events-table ``seq`` (None if not in the range)."""
        for i, s in enumerate(self.real_seq):
            if s == seq:
                return i + 1
        return None

    def call_created_at(self, call_id: int) -> datetime | None:
        call = self.history.final_calls.get(call_id) or self.history.calls.get(call_id)
        return call.created_at if call is not None else None

    @property
    def duration_s(self) -> float:
        return (self.end - self.start).total_seconds()


def _actor(actor: object) -> str:
    if isinstance(actor, dict):
        kind, ident, name = actor.get("kind", ""), actor.get("id"), actor.get("name", "")
        who = f"{kind}:{ident}" if ident is not None else str(kind)
        return f"{who} {name}".strip()
    return ""


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)
