"""Property: whatever malformed thing a field app sends, the hub answers with an error that
has a code and a reason, writes nothing, and keeps serving everyone else."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from websockets.asyncio.client import ClientConnection, connect

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import Event, PositionFix
from console.hub import Hub, HubLimits
from console.hub.peers import FieldAppClient
from tests.helpers.hub_support import PASSWORD, USER, assigned_call, make_center

CODES = {"bad_message", "unknown_type", "invalid", "forbidden", "not_found", "rate_limited"}
NUM = {"lat": (-90, 90), "lon": (-180, 180), "accuracy": (0, 100_000), "heading": (0, 360),
       "speed": (0, 500)}
REQUIRED = {"position": ["lat", "lon"], "step": ["call_id", "step"], "shift": ["action"]}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda kids: st.lists(kids, max_size=4)
                           | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                           max_leaves=12)
not_a_number = (st.text(max_size=10) | st.booleans() | st.lists(json_scalars, max_size=2)
                | st.dictionaries(st.text(max_size=4), json_scalars, max_size=2)
                | st.sampled_from([float("nan"), float("inf"), float("-inf")]))
not_text = (st.integers() | st.floats(allow_nan=False) | st.booleans()
            | st.lists(json_scalars, max_size=2))
ids = st.integers(-(2**50), 2**50) | st.text(max_size=64)


def _templates(foreign_call: int) -> dict[str, dict[str, Any]]:
    return {"position": {"lat": 31.2, "lon": 121.4, "accuracy": 5.0, "heading": 90.0,
                         "speed": 30.0},
            "step": {"call_id": foreign_call, "step": "accept"},
            "shift": {"action": "start"}}


@st.composite
def broken_object(draw: st.DrawFn, foreign_call: int) -> dict[str, Any]:
    """A well-formed message with exactly one thing wrong (or a step on someone else's job)."""
    type_ = draw(st.sampled_from(sorted(REQUIRED)))
    msg: dict[str, Any] = {"type": type_, **_templates(foreign_call)[type_]}
    how = draw(st.sampled_from(["drop", "retype", "range", "extra", "type", "time", "value"]))
    if how == "drop" or (how in ("range", "time") and type_ != "position"):
        del msg[draw(st.sampled_from(REQUIRED[type_]))]
    elif how == "retype":
        key = draw(st.sampled_from(sorted(k for k in msg if k != "type")))
        msg[key] = draw(not_text if key in ("step", "action") else not_a_number)
    elif how == "range":
        key = draw(st.sampled_from(sorted(NUM)))
        lo, hi = NUM[key]
        msg[key] = draw(st.floats(min_value=hi, exclude_min=True, allow_infinity=False)
                        | st.floats(max_value=lo, exclude_max=True, allow_infinity=False))
    elif how == "extra":
        name = draw(st.text(min_size=1, max_size=12))
        assume(name not in {"type", "id", "technician_id", "time", "notes", "parts",
                            "price_charged", "reason", "rating", "feedback", "expected_version",
                            *msg})
        msg[name] = draw(json_values)
    elif how == "type":
        msg["type"] = draw(st.text(min_size=1, max_size=32).filter(
            lambda t: t not in ("position", "step", "shift", "ping")))
    elif how == "time":
        ahead = datetime.now(UTC) + timedelta(minutes=draw(st.integers(6, 10**6)))
        msg["time"] = draw(st.sampled_from([ahead.isoformat(), "yesterday", "2026-01-01T00:00",
                                            "", "2026-13-45T99:00:00Z"]))
    else:  # a value the field's kind allows but the domain does not
        if type_ == "shift":
            msg["action"] = draw(st.text(max_size=16).filter(
                lambda a: a not in ("start", "end", "break", "resume")))
        elif type_ == "step":
            msg["step"] = draw(st.sampled_from(["accept", "complete", "fail", "fly"]))
        else:
            msg["technician_id"] = draw(st.integers(2, 10**6))  # someone else
    if draw(st.booleans()):
        msg["id"] = draw(ids)
    return msg


def frames(foreign_call: int) -> st.SearchStrategy[str | bytes]:
    garbage_text = st.text(max_size=200).filter(lambda t: not _is_object(t))
    non_object = json_values.filter(lambda v: not isinstance(v, dict)).map(json.dumps)
    garbage_bytes = st.binary(max_size=200).filter(lambda b: not _is_object(b))
    bad_id = st.builds(lambda v: json.dumps({"type": "shift", "action": "start", "id": v}),
                       st.lists(json_scalars, max_size=2) | st.booleans() | st.floats()
                       | st.text(min_size=65, max_size=80))
    return (broken_object(foreign_call).map(json.dumps) | garbage_text | non_object
            | garbage_bytes | bad_id)


def _is_object(raw: str | bytes) -> bool:
    try:
        return isinstance(json.loads(raw), dict)
    except (ValueError, UnicodeDecodeError):
        return False


class LoopThread:
    """A hub and one field-app connection on an event loop in a background thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coro: Any, timeout: float = 30) -> Any:
        fut: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return fut.result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def fuzz_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'fuzz.sqlite3'}")
    upgrade(db)
    yield db
    db.dispose()


def test_hub_answers_every_malformed_message_and_stays_up(fuzz_db: Database) -> None:
    db = fuzz_db
    center = make_center(db, technicians=2, channels=0)
    foreign = assigned_call(db, center.tech_ids[1])
    with db.reading() as s:
        events_before = s.scalar(select(func.count()).select_from(Event))
    runner = LoopThread()
    hub = Hub(db, limits=HubLimits(field_rate=1e6, field_burst=10**6, batch_interval=0.05))
    runner.call(hub.start())

    async def open_app() -> ClientConnection:
        ws = await connect(hub.url, max_size=2**22)
        await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "field",
                                  "token": center.tech_tokens[0]}))
        assert json.loads(await ws.recv())["type"] == "welcome"
        return ws

    ws: ClientConnection = runner.call(open_app())
    answered = [0]

    async def exchange(frame: str | bytes) -> dict[str, Any]:
        await ws.send(frame)
        return dict(json.loads(await asyncio.wait_for(ws.recv(), 10)))

    @settings(max_examples=1200, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(frame=frames(foreign))
    def answered_with_an_error(frame: str | bytes) -> None:
        answer = runner.call(exchange(frame))
        assert answer["type"] == "error", (frame, answer)
        assert answer["code"] in CODES and isinstance(answer["reason"], str) and answer["reason"]
        sent = json.loads(frame) if _is_object(frame) else None
        if isinstance(sent, dict) and isinstance(sent.get("id"), int | str) and \
                not isinstance(sent.get("id"), bool) and answer["code"] != "bad_message":
            assert answer["id"] == sent["id"]
        answered[0] += 1

    try:
        answered_with_an_error()
        assert answered[0] >= 1000

        async def healthy() -> None:
            app = FieldAppClient(hub.url, center.tech_tokens[0])
            await app.connect()
            await app.position(31.25, 121.45, ack=True)
            await app.close()
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            await console.start()
            snap = await console.wait_ready()
            assert snap.technicians[center.tech_ids[0]].position is not None
            await console.close()
            await ws.close()

        runner.call(healthy())
    finally:
        runner.call(hub.stop())
        runner.close()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(PositionFix)) == 1  # the healthy one
        assert s.scalar(select(func.count()).select_from(Event)) == events_before
