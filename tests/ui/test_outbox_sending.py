"""The durable outbox while the hub is up or coming back: nothing waits with the hub
connected, a command in flight when the link drops keeps its command id (done once, in its
place), and an offline cancel of a call someone else changed meanwhile is a conflict."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select, update

from console.db.engine import Database
from console.db.models import Call, CallNote, EventCounter
from console.domain import CallStatus
from console.outbox import SENDING, SENT, WAITING
from console.services import assign_call, create_call
from console.services.actors import SYSTEM
from tests.helpers.hub_support import CALL
from tests.ui.conftest import until


def _notes(db: Database, call_id: int) -> list[str]:
    with db.reading() as s:
        rows = s.execute(select(CallNote.text).where(CallNote.call_id == call_id)
                         .order_by(CallNote.id))
        return list(rows.scalars())


@contextmanager
def _writes_held(db: Database) -> Iterator[threading.Event]:
    """Hold the database's write lock in a thread until the yielded event is set: a
    command sent meanwhile is in flight at the hub, unanswered."""
    release, locked = threading.Event(), threading.Event()

    def hold() -> None:
        with db.transaction() as s:
            s.execute(update(EventCounter).values(last_seq=EventCounter.last_seq))
            locked.set()
            release.wait(20)

    worker = threading.Thread(target=hold)
    worker.start()
    assert locked.wait(10)
    try:
        yield release
    finally:
        release.set()
        worker.join()


def test_actions_made_during_a_flush_are_sent_and_nothing_waits_while_connected(
    make_main_window: Any, hub_env: Any, arun: Any
) -> None:
    db = hub_env.db
    call_id = create_call(db, actor=SYSTEM, **CALL).id
    window = make_main_window()
    actions = window.ctx.actions
    arun(until(lambda: call_id in window.ctx.state.calls, what="call"))
    arun(hub_env.stop())
    arun(until(lambda: window.ctx.bridge.connection_state != "connected", what="offline"))
    offline = [f"offline {i}" for i in range(30)]
    for text in offline:
        actions.add_note(call_id, text)
    arun(until(lambda: actions.queued == 30, what="thirty queued"))

    arun(hub_env.restart())  # the client reconnects and the flush starts
    arun(until(lambda: _notes(db, call_id), timeout=20, what="the flush under way"))
    actions.add_note(call_id, "typed during the flush")  # the dispatcher keeps working
    arun(until(lambda: actions.queued == 0, timeout=20, what="nothing waiting"))
    arun(actions.drain())

    actions.add_note(call_id, "later, hub up")
    assert actions.queued == 0  # sent at once, not queued behind anything
    arun(until(lambda: len(_notes(db, call_id)) == 32, timeout=20, what="the later note"))
    assert _notes(db, call_id) == [*offline, "typed during the flush", "later, hub up"]
    assert not window.wiring.offline.banner.isVisible()


def test_a_command_in_flight_when_the_link_drops_keeps_its_id_and_is_done_once(
    make_main_window: Any, hub_env: Any, arun: Any
) -> None:
    db = hub_env.db
    call_id = create_call(db, actor=SYSTEM, **CALL).id
    window = make_main_window()
    actions, client = window.ctx.actions, window.ctx.client
    arun(until(lambda: call_id in window.ctx.state.calls, what="call"))
    client.resend_window = 1.0  # the hub stays unreachable longer than this
    good_url = client.url
    with _writes_held(db) as release:
        actions.add_note(call_id, "gate code 4711")
        [entry] = actions.outbox.entries()
        assert entry.state == SENDING  # on file before it is sent: a crash cannot lose it
        arun(until(lambda: client._waiting, what="the note in flight"))
        client.url = "ws://127.0.0.1:1"  # the network goes away with the note unanswered
        arun(client._ws.close())
        release.set()  # the hub commits it; its answer is lost with the link
        arun(until(lambda: actions.queued == 1, timeout=15, what="the note waiting"))
    [waiting] = actions.outbox.entries()
    assert (waiting.seq, waiting.command_id, waiting.state) == (
        entry.seq, entry.command_id, WAITING)
    actions.add_note(call_id, "after the drop")  # queued behind it, not ahead

    client.url = good_url
    arun(until(lambda: actions.queued == 0, timeout=30, what="the outbox sent"))
    arun(actions.drain())
    assert _notes(db, call_id) == ["gate code 4711", "after the drop"]
    first, second = actions.outbox.entries()
    assert (first.command_id, first.state, second.state) == (entry.command_id, SENT, SENT)


def test_an_offline_cancel_of_a_call_assigned_meanwhile_is_a_conflict(
    make_main_window: Any, hub_env: Any, arun: Any
) -> None:
    db, theirs = hub_env.db, hub_env.technicians[1]
    call_id = create_call(db, actor=SYSTEM, **CALL).id
    window = make_main_window()
    state, actions = window.ctx.state, window.ctx.actions
    arun(until(lambda: call_id in state.calls, what="call"))
    arun(hub_env.stop())
    arun(until(lambda: window.ctx.bridge.connection_state != "connected", what="offline"))
    actions.cancel(call_id, "customer fixed it")
    arun(until(lambda: actions.queued == 1, what="queued"))
    # meanwhile another dispatcher, on another hub of the database, sends someone
    assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=theirs.id,
                override_reason="other desk")
    conflicts: list[Any] = []
    actions.outbox_sent.connect(conflicts.extend)
    arun(hub_env.restart())
    arun(until(lambda: conflicts, timeout=20, what="the conflict"))
    assert [(e.op, e.code) for e in conflicts] == [("cancel", "conflict")]
    assert actions.outbox.conflicts()[0].op == "cancel"
    with db.reading() as s:
        call = s.get(Call, call_id)
        assert call is not None and call.status == CallStatus.ASSIGNED.value
