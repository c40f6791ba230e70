"""docs/protocol.md is enough to write a client: its example field app runs as written, and
a console written here from the documented shapes alone (no console.client) works."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from websockets.asyncio.client import ClientConnection, connect

from console.db.engine import Database
from console.db.models import Call, PositionFix, Technician
from tests.helpers.hub_support import PASSWORD, USER, assigned_call, make_center, run, running_hub

DOC = Path(__file__).resolve().parents[3] / "docs" / "protocol.md"


def doc_example(name: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)} -->\s*```python\n(.*?)```", text, re.S)
    assert found, f"docs/protocol.md has no example {name}"
    return found.group(1)


def test_documented_field_app_runs_as_written(db: Database, tmp_path: Path) -> None:
    center = make_center(db, technicians=1, channels=0)
    call_id = assigned_call(db, center.tech_ids[0])
    script = tmp_path / "field_app.py"
    script.write_text(doc_example("field_app.py"), encoding="utf-8")

    async def scenario() -> tuple[int, str]:
        async with running_hub(db) as hub:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, str(script), hub.url, center.tech_tokens[0], str(call_id),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            out, _ = await asyncio.wait_for(proc.communicate(), 30)
            assert proc.returncode is not None
            return proc.returncode, out.decode()

    code, out = run(scenario())
    assert code == 0, out
    assert "complete -> completed" in out and "refused fix: invalid" in out
    with db.reading() as s:
        assert s.get(Call, call_id).status == "completed"  # type: ignore[union-attr]
        assert s.get(Technician, center.tech_ids[0]).status == "off_duty"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(PositionFix)) == 6


async def _recv_type(ws: ClientConnection, *types: str) -> dict[str, Any]:
    while True:
        msg = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if msg["type"] in types:
            return dict(msg)


def test_console_written_from_the_doc(db: Database) -> None:
    center = make_center(db, technicians=1, channels=1)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            async with connect(hub.url) as ws:
                await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console",
                                          "username": USER, "password": PASSWORD}))
                welcome = json.loads(await ws.recv())
                assert welcome["type"] == "welcome" and welcome["resumed"] is False
                snapshot = json.loads(await ws.recv())
                assert snapshot["type"] == "snapshot"
                assert [t["id"] for t in snapshot["technicians"]] == center.tech_ids
                last = snapshot["seq"]
                async with connect(hub.url) as intake:
                    await intake.send(json.dumps({"type": "hello", "v": 1, "kind": "intake",
                                                  "token": center.channel_tokens[0]}))
                    await intake.recv()
                    await intake.send(json.dumps({
                        "type": "new_call", "id": 1, "idempotency_key": "order-1",
                        "customer_name": "Li Wei", "phone": "+86 139 0000 1111",
                        "address": "12 Long Road", "lat": 31.19, "lon": 121.43,
                        "category": "burst_pipe", "priority": "emergency"}))
                    created = json.loads(await intake.recv())
                    assert created["type"] == "ok" and created["id"] == 1
                call = created["result"]["call"]
                events = await _recv_type(ws, "events")
                first = events["events"][0]
                assert first["seq"] == last + 1 and first["type"] == "call.created"
                assert first["payload"]["call"]["id"] == call["id"]
                last = events["events"][-1]["seq"]
                await ws.send(json.dumps({"type": "assign", "id": "a1", "call_id": call["id"],
                                          "technician_id": center.tech_ids[0],
                                          "expected_version": call["version"]}))
                refused = await _recv_type(ws, "ok", "error")
                assert refused["id"] == "a1" and refused["code"] == "refused"  # off duty
                await ws.send(json.dumps({"type": "assign", "id": "a2", "call_id": call["id"],
                                          "technician_id": center.tech_ids[0],
                                          "expected_version": call["version"],
                                          "override_reason": "only plumber awake"}))
                assigned = await _recv_type(ws, "ok")
                assert assigned["result"]["call"]["status"] == "assigned"
                await ws.send(json.dumps({"type": "ping", "id": 9, "t": 1.5}))
                assert (await _recv_type(ws, "pong"))["t"] == 1.5
                session = welcome["session"]
            # reconnect with the session and resume: exactly the events missed
            async with connect(hub.url) as ws:
                await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console",
                                          "session": session, "resume_from": last}))
                welcome = json.loads(await ws.recv())
                assert welcome["resumed"] is True
                missed = await _recv_type(ws, "events")
                assert missed["events"][0]["seq"] == last + 1
                assert missed["events"][-1]["type"] == "call.assigned"

    run(scenario())
