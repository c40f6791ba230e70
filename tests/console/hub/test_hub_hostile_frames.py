"""Hostile frames are bad input, answered with ``bad_message`` and never an internal failure:
a client is told plainly what is wrong (and which request it was) and does not resend."""

from __future__ import annotations

import json
import logging

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from console.db.engine import Database
from console.hub import protocol
from tests.helpers.hub_support import make_center, run, running_hub

DEEP = "[" * 5000


async def _intake(url: str, token: str):  # type: ignore[no-untyped-def]
    ws = await connect(url)
    await ws.send(json.dumps({"type": "hello", "v": protocol.VERSION, "kind": "intake",
                              "token": token}))
    assert json.loads(await ws.recv())["type"] == "welcome"
    return ws


def test_deeply_nested_frames_are_bad_messages(db_url: str,
                                               caplog: pytest.LogCaptureFixture) -> None:
    db = Database(db_url)
    center = make_center(db, technicians=0, channels=1)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            ws = await _intake(hub.url, center.channel_tokens[0])
            await ws.send(DEEP)
            answer = json.loads(await ws.recv())
            assert answer["code"] == "bad_message" and "nested" in answer["reason"]
            await ws.send(json.dumps({"type": "ping", "id": 2}))
            assert json.loads(await ws.recv())["type"] == "pong"  # still served
            await ws.close()

            first = await connect(hub.url)
            await first.send(DEEP)
            answer = json.loads(await first.recv())
            assert answer["code"] == "bad_message"
            with pytest.raises(ConnectionClosed):
                await first.recv()
            assert first.close_code == 1008  # refused like any bad hello, not 1011

    try:
        with caplog.at_level(logging.DEBUG):
            run(scenario())
    finally:
        db.dispose()
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_an_overlong_type_is_named_and_keeps_the_request_id(db_url: str) -> None:
    db = Database(db_url)
    center = make_center(db, technicians=0, channels=1)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            ws = await _intake(hub.url, center.channel_tokens[0])
            await ws.send(json.dumps({"type": "n" * 65, "id": "req-7"}))
            answer = json.loads(await ws.recv())
            assert answer["code"] == "bad_message" and answer["id"] == "req-7"
            assert "'type' is 65 characters long" in answer["reason"]
            await ws.send(json.dumps({"type": 5, "id": 8}))
            answer = json.loads(await ws.recv())
            assert answer["id"] == 8 and "string 'type'" in answer["reason"]
            await ws.close()

    try:
        run(scenario())
    finally:
        db.dispose()
