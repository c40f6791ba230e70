"""Job details in a replay: what the hub's ``call_detail`` would have answered at the
replayed moment, built from the loaded night. A replay has no hub to ask, and asking the
live one would show tonight's notes on last week's call.

Notes are the call's ``call.note`` events the replay has delivered so far, with the note
rows of calls whose history has no events (``seed-demo``); earlier calls are the same
customer's calls in the loaded range, as they stood at the moment. Older calls were not
loaded, and the answer says since when it looked (``history_since``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from console.domain import CallView
from console.live_state import LiveState
from console.permissions import redact
from console.replay import reconstruct
from console.replay.history import LOOKBACK
from console.replay.source import ReplaySource
from console.wire import assignment_to_wire, call_to_wire

#: As many earlier calls as the hub's answer lists.
HISTORY_LIMIT = 20


class ReplayDetails:
    """``call_detail(call_id)`` for a replay window, as the moment of ``source`` stands;
    ``state`` is the window's picture, fed by the same source."""

    def __init__(self, source: ReplaySource, state: LiveState) -> None:
        self._source = source
        self._state = state
        self._timeline = source.timeline
        self._note_events: dict[int, list[tuple[int, dict[str, object]]]] | None = None

    async def call_detail(self, call_id: int) -> dict[str, Any]:
        """The answer at once (no I/O); async so it stands where the hub's client does."""
        return self.detail_at(call_id)

    def detail_at(self, call_id: int) -> dict[str, Any]:
        history = self._timeline.history
        now = self._source.now
        call = self._call_at(call_id, now)
        detail: dict[str, Any] = {
            "call": call_to_wire(call) if call is not None else None,
            "assignments": self._assignments(call_id, now),
            "notes": self._notes(call_id, now),
            "history": [call_to_wire(c) for c in self._earlier(call, now)],
            # older calls were not loaded: the panel says so rather than "none"
            "history_since": (self._timeline.start - LOOKBACK).isoformat(),
        }
        # the hub's rule for what this viewer may read of a note (a trainer: no text)
        shown: dict[str, Any] = redact({"notes": detail["notes"]}, history.visibility)
        detail["notes"] = shown["notes"]
        return detail

    # --- parts ------------------------------------------------------------------------------

    def _call_at(self, call_id: int, now: datetime) -> CallView | None:
        live = self._state.calls.get(call_id)
        if live is not None:
            return live
        history = self._timeline.history
        final = history.final_calls.get(call_id)
        if final is None or final.created_at > now:
            return None
        return reconstruct.call_at(final, self._rows(call_id), now)

    def _rows(self, call_id: int) -> list[Any]:
        rows = self._timeline.history.assignment_rows.values()
        return [a for a in rows if a.call_id == call_id]

    def _assignments(self, call_id: int, now: datetime) -> list[dict[str, Any]]:
        """Every assignment made by ``now``; one that ended later is shown still held."""
        out = []
        for a in sorted(self._rows(call_id), key=lambda a: (a.assigned_at, a.id)):
            if a.assigned_at > now:
                continue
            if a.ended_at is not None and a.ended_at > now:
                a = reconstruct.assignments_at([a], now)[0]
            out.append(assignment_to_wire(a))
        return out

    def _notes(self, call_id: int, now: datetime) -> list[dict[str, object]]:
        cursor = self._source.cursor
        found: dict[object, dict[str, object]] = {}
        for index, note in self._events_by_call().get(call_id, []):
            if index <= cursor:
                found[note.get("id")] = note
        for note in self._timeline.history.note_rows.get(call_id, []):
            if note.get("id") not in found and datetime.fromisoformat(str(note["at"])) <= now:
                found[note.get("id")] = note
        return sorted(found.values(), key=lambda n: (str(n["at"]), str(n.get("id"))))

    def _events_by_call(self) -> dict[int, list[tuple[int, dict[str, object]]]]:
        """call id -> (replay index, note) of its ``call.note`` events, built once."""
        if self._note_events is None:
            self._note_events = {}
            for ev in self._timeline.events:
                call, note = ev.payload.get("call"), ev.payload.get("note")
                if ev.type == "call.note" and isinstance(call, dict) and isinstance(note, dict):
                    self._note_events.setdefault(int(call["id"]), []).append((ev.seq, note))
        return self._note_events

    def _earlier(self, call: CallView | None, now: datetime) -> list[CallView]:
        """The customer's other calls in the loaded range, created by ``now``, newest first."""
        if call is None:
            return []
        out = []
        for cid, final in self._timeline.history.final_calls.items():
            if cid == call.id or final.customer_id != call.customer_id:
                continue
            if final.created_at > now:
                continue
            shown = self._call_at(cid, now)
            if shown is not None:
                out.append(shown)
        out.sort(key=lambda c: c.created_at, reverse=True)
        return out[:HISTORY_LIMIT]
