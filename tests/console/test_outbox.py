"""The outbox file itself: a command written as ``sending`` before it went to the hub is
found waiting, with its id and its place, by the next console that opens the file (the
first one crashed with the answer unknown)."""

from __future__ import annotations

from pathlib import Path

from console.outbox import SENDING, WAITING, Outbox


def test_an_entry_in_flight_at_a_crash_waits_with_its_id_on_the_next_start(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ann.sqlite3"
    first = Outbox(path)
    flying = first.add("add_note", {"call_id": 7, "text": "gate 4711"}, description="note",
                       call_id=7, sending=True)
    queued = first.add("cancel", {"call_id": 7}, description="cancel", call_id=7)
    assert flying.state == SENDING and first.waiting() == [queued]
    # the console dies here: no close, no answer recorded

    again = Outbox(path)
    try:
        waiting = again.waiting()
        assert [(e.seq, e.command_id, e.state) for e in waiting] == [
            (flying.seq, flying.command_id, WAITING), (queued.seq, queued.command_id, WAITING)]
    finally:
        again.close()
        first.close()
