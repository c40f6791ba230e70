"""HTTP is a front door of the same hub: a call taken over HTTP reaches websocket consoles
as the same event, and the embedded hub serves the API on a second port."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

from console.db.engine import Database
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.api_support import CALL, auth, key, running_api


async def _console_sees(url: str, seen: asyncio.Queue[dict[str, object]],
                        ready: asyncio.Event) -> None:
    async with connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console",
                                  "username": "ann", "password": "night-shift"}))
        assert json.loads(await ws.recv())["type"] == "welcome"
        assert json.loads(await ws.recv())["type"] == "snapshot"
        ready.set()
        async for raw in ws:
            msg = json.loads(raw)
            if msg["type"] == "events":
                for event in msg["events"]:
                    await seen.put(event)


def test_websocket_console_sees_a_call_created_over_http(db: Database) -> None:
    create_user(db, actor=SYSTEM, username="ann", display_name="Ann", role="dispatcher",
                password="night-shift")
    secret = key(db, "partner", "intake")
    with running_api(db) as api:
        seen: asyncio.Queue[dict[str, object]] = asyncio.Queue()
        ready = asyncio.Event()

        async def start() -> asyncio.Task[None]:
            task = asyncio.create_task(_console_sees(api.hub.url, seen, ready))
            await asyncio.wait_for(ready.wait(), 10)
            return task

        listener = api.loop.run(start())
        r = api.client.post("/v1/calls", json=CALL,
                            headers={**auth(secret), "Idempotency-Key": "ws-1"})
        call_id = r.json()["call"]["id"]

        async def first_created() -> dict[str, object]:
            while True:
                event = await asyncio.wait_for(seen.get(), 10)
                if event["type"] == "call.created":
                    return event

        event = api.loop.run(first_created())
        call = event["payload"]["call"]  # type: ignore[index]
        assert call["id"] == call_id and call["channel"] == "partner_api"

        async def stop() -> None:
            listener.cancel()
            await asyncio.gather(listener, return_exceptions=True)

        api.loop.run(stop())
