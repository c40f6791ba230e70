"""Idempotent commands (console.hub.commands): a command id is done once, on any hub of the
database; a repeat — after a dropped connection, a lost answer or on another hub — is
answered from the record made in the command's own transaction."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from websockets.asyncio.client import ClientConnection, connect

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import Call, CallNote, CommandResult, EventCounter
from console.hub import Hub
from console.hub.protocol import VERSION
from tests.helpers.hub_support import (
    CALL,
    PASSWORD,
    USER,
    make_center,
    new_call,
    run,
    running_hub,
    wait_until,
)


async def _console(url: str) -> ClientConnection:
    """A bare console connection past its snapshot (to drop it exactly where we want)."""
    ws = await connect(url, max_size=2**24)
    await ws.send(json.dumps({"type": "hello", "v": VERSION, "kind": "console",
                              "username": USER, "password": PASSWORD}))
    assert json.loads(await ws.recv())["type"] == "welcome"
    assert json.loads(await ws.recv())["type"] == "snapshot"
    return ws


async def _answer(ws: ClientConnection, rid: int) -> dict[str, Any]:
    while True:
        msg: dict[str, Any] = json.loads(await ws.recv())
        if msg.get("id") == rid:
            return msg


def migrated(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    upgrade(db)
    return db


def _count(db: Database, what: Any, *where: Any) -> int:
    with db.reading() as s:
        return int(s.execute(select(func.count()).select_from(what).where(*where)).scalar_one())


def _messages(hub: Hub, type_: str) -> float:
    value = hub.metrics.registry.get_sample_value(
        "ndc_hub_messages_total", {"kind": "console", "type": type_})
    return value or 0.0


def test_create_call_retried_after_a_drop_creates_one_call(db: Database) -> None:
    make_center(db)
    order = {**CALL, "customer_name": "Dropped Drop"}

    async def scenario() -> None:
        async with running_hub(db) as hub:
            ws = await _console(hub.url)
            await ws.send(json.dumps({"type": "create_call", "id": 1, "command_id": "cc-1",
                                      **order}))
            await wait_until(lambda: _messages(hub, "create_call") >= 1, 10, "hub got it")
            await ws.close()  # the answer is lost with the connection
            ws = await _console(hub.url)
            for rid in (2, 3):  # the retry, and a retry of the retry
                await ws.send(json.dumps({"type": "create_call", "id": rid,
                                          "command_id": "cc-1", **order}))
                answer = await _answer(ws, rid)
                assert answer["type"] == "ok", answer
            await ws.close()
        assert answer["result"]["call"]["customer_name"] == "Dropped Drop"
        assert _count(db, Call, Call.id > 0) == 1  # the center had none before

    run(scenario())


def test_lost_answer_is_given_from_the_record_on_another_hub(db: Database) -> None:
    """The first answer, word for word, on a second hub of the same database; the note is
    written once. A refusal is recorded and repeated the same way."""
    make_center(db)
    call_id = new_call(db)
    other = Database(db.url)

    async def scenario() -> None:
        async with running_hub(db) as hub_a, running_hub(other) as hub_b:
            a, b = await _console(hub_a.url), await _console(hub_b.url)
            note = {"type": "add_note", "call_id": call_id, "text": "gate code 4711",
                    "command_id": "note-1"}
            await a.send(json.dumps({**note, "id": 1}))
            first = await _answer(a, 1)  # the client never saw this one
            await b.send(json.dumps({**note, "id": 2}))
            again = await _answer(b, 2)
            assert first["type"] == again["type"] == "ok"
            assert again["result"] == first["result"]
            bad = {"type": "advance", "call_id": call_id, "to": "completed",
                   "command_id": "adv-1"}
            await a.send(json.dumps({**bad, "id": 3}))
            refused = await _answer(a, 3)
            await b.send(json.dumps({**bad, "id": 4}))
            refused_again = await _answer(b, 4)
            assert refused["type"] == refused_again["type"] == "error"
            assert refused_again["code"] == refused["code"]
            assert refused_again["reason"] == refused["reason"]
            await a.close()
            await b.close()

    try:
        run(scenario())
    finally:
        other.dispose()
    assert _count(db, CallNote, CallNote.call_id == call_id) == 1


def test_hub_killed_before_recording_the_answer_still_answers(db: Database) -> None:
    """The effect committed with its record; the answer itself never got stored (the hub
    died in between): a repeat answers with the call as it is, and does nothing again."""
    make_center(db)
    call_id = new_call(db)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            ws = await _console(hub.url)
            msg = {"type": "add_note", "call_id": call_id, "text": "x", "command_id": "n-2"}
            await ws.send(json.dumps({**msg, "id": 1}))
            assert (await _answer(ws, 1))["type"] == "ok"
            with db.transaction() as s:
                s.execute(update(CommandResult).values(result=None))
            await ws.send(json.dumps({**msg, "id": 2}))
            answer = await _answer(ws, 2)
            await ws.close()
        assert answer["type"] == "ok" and answer["result"]["call"]["id"] == call_id

    run(scenario())
    assert _count(db, CallNote, CallNote.call_id == call_id) == 1


def test_client_resends_with_the_same_id_when_the_link_drops_mid_command(
    db: Database,
) -> None:
    """The hub is busy (the event log locked) when the dispatcher's connection drops: the
    note commits on the dead connection, the client reconnects and sends it again with its
    command id, and gets the recorded answer — one note."""
    make_center(db)
    call_id = new_call(db)
    release, locked = threading.Event(), threading.Event()

    def hold_the_log() -> None:
        with db.transaction() as s:
            s.execute(update(EventCounter).values(last_seq=EventCounter.last_seq))
            locked.set()
            release.wait(20)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            client = ConsoleClient(hub.url, username=USER, password=PASSWORD,
                                   backoff_initial=0.05)
            await client.start()
            await client.wait_ready()
            holder = asyncio.create_task(asyncio.to_thread(hold_the_log))
            await asyncio.to_thread(locked.wait, 10)
            note = asyncio.create_task(client.add_note(call_id, "through the drop"))
            await wait_until(lambda: _messages(hub, "add_note") >= 1, 10, "hub got it")
            assert client._ws is not None
            await client._ws.close()  # the network drops; the hub is still working on it
            release.set()
            await holder
            view = await note
            assert view.id == call_id
            await client.close()
        assert _messages(hub, "add_note") == 2  # sent twice, done once

    run(scenario())
    assert _count(db, CallNote, CallNote.call_id == call_id) == 1


def test_a_bad_command_id_is_refused(tmp_path: Path) -> None:
    db = migrated(tmp_path)
    make_center(db)
    call_id = new_call(db)

    async def scenario() -> list[dict[str, Any]]:
        async with running_hub(db) as hub:
            ws = await _console(hub.url)
            answers = []
            for rid, bad in enumerate(["", "x" * 65, 42], 1):
                await ws.send(json.dumps({"type": "add_note", "id": rid, "call_id": call_id,
                                          "text": "x", "command_id": bad}))
                answers.append(await _answer(ws, rid))
            await ws.close()
            return answers

    for answer in run(scenario()):
        assert answer["code"] == "invalid" and answer["field"] == "command_id", answer
    assert _count(db, CallNote, CallNote.call_id == call_id) == 0
