"""The hub's public surface, as a second front door (HTTP) would use it: execute a request
for a principal with the same checks, roles and events, and follow the event log."""

from __future__ import annotations

import asyncio
import json

import pytest

from console.db.engine import Database
from console.errors import Forbidden, InvalidInput
from console.hub import auth, protocol
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.hub_support import PASSWORD, USER, make_center, new_call, run, running_hub


def test_execute_checks_fields_and_roles_then_writes_an_event(db: Database) -> None:
    center = make_center(db)
    create_user(db, actor=SYSTEM, username="sue", display_name="Sue", role="supervisor",
                password="watching")
    call_id = new_call(db)
    ann = auth.login(db, USER, PASSWORD)
    sue = auth.login(db, "sue", "watching")

    async def scenario() -> list[str]:
        async with running_hub(db) as hub:
            woken = asyncio.Event()
            start = int(json.loads((await hub.events_after(0))[-1])["seq"])
            unsubscribe = hub.subscribe(woken.set)
            try:
                with pytest.raises(InvalidInput, match="call_id"):
                    await hub.execute(ann, "assign", {"technician_id": center.tech_ids[0]})
                with pytest.raises(protocol.UnknownType):
                    await hub.execute(ann, "new_call", {})
                with pytest.raises(Forbidden, match="dispatch"):
                    await hub.execute(
                        sue, "assign", {"call_id": call_id, "technician_id": center.tech_ids[0]}
                    )
                result = await hub.execute(
                    ann, "assign", {"call_id": call_id, "technician_id": center.tech_ids[0],
                                    "override_reason": "test"}
                )
                assert result["call"]["id"] == call_id
                async with asyncio.timeout(10):
                    while not (seen := await hub.events_after(start)):
                        await woken.wait()  # the feed wakes subscribers as the log grows
                        woken.clear()
                return seen
            finally:
                unsubscribe()

    events = [json.loads(e) for e in run(scenario())]
    assert any(e["type"].startswith("call.") for e in events)
