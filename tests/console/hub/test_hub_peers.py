"""Field apps and intake channels: idempotent intake, a technician confined to their own
jobs and position, credentials checked (1008 with a reason), bad input answered."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from console.db.engine import Database
from console.db.models import Call, PositionFix, Technician
from console.errors import Forbidden, IllegalTransition, InvalidInput
from console.hub import HubLimits
from console.hub.auth import AuthFailed
from console.hub.peers import FieldAppClient, IntakeClient
from console.hub.protocol import RateLimited
from tests.helpers.hub_support import (
    PASSWORD,
    USER,
    assigned_call,
    make_center,
    new_call,
    run,
    running_hub,
)

NEW = dict(customer_name="Zhou", phone="13900003333", address="3 Hill St", lat=31.3,
           lon=121.5, category="lockout", priority="emergency")


def _count(db: Database, model: type) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_intake_retries_create_no_duplicates(db: Database) -> None:
    center = make_center(db)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            first = IntakeClient(hub.url, center.channel_tokens[0])
            await first.connect()
            calls = await asyncio.gather(*(first.new_call(idempotency_key="order-77", **NEW)
                                           for _ in range(5)))
            await first.close()
            again = IntakeClient(hub.url, center.channel_tokens[0])  # retry after a drop
            await again.connect()
            retried = await again.new_call(idempotency_key="order-77", **NEW)
            other = IntakeClient(hub.url, center.channel_tokens[1])
            await other.connect()
            theirs = await other.new_call(idempotency_key="order-77", **NEW)
            assert retried["duplicate"] is True and theirs["duplicate"] is False
            ids = {c["call"]["id"] for c in calls} | {retried["call"]["id"]}
            assert len(ids) == 1 and theirs["call"]["id"] not in ids
            with pytest.raises(Forbidden):
                await other.cancel(call_id=retried["call"]["id"], reason="not ours")
            cancelled = await again.cancel(idempotency_key="order-77", reason="customer hung up")
            assert cancelled["call"]["status"] == "cancelled"
            with pytest.raises(IllegalTransition):
                await again.cancel(idempotency_key="order-77")
            with pytest.raises(InvalidInput):
                await again.new_call(idempotency_key="k2", **{**NEW, "category": "teleport"})
            for c in (again, other):
                await c.close()
        assert _count(db, Call) == 2

    run(scenario())


def test_field_app_touches_only_its_own_jobs_and_position(db: Database) -> None:
    center = make_center(db)
    mine = assigned_call(db, center.tech_ids[0])
    theirs = assigned_call(db, center.tech_ids[1], phone="13900004444")
    unassigned = new_call(db, phone="13900005555")

    async def scenario() -> None:
        async with running_hub(db) as hub:
            app = FieldAppClient(hub.url, center.tech_tokens[0])
            welcome = await app.connect()
            assert welcome["technician_id"] == center.tech_ids[0]
            for call_id in (theirs, unassigned):
                with pytest.raises(Forbidden):
                    await app.step(call_id, "accept")
            with pytest.raises(Forbidden):
                await app.request("position", lat=31.2, lon=121.4,
                                  technician_id=center.tech_ids[1])
            with pytest.raises(InvalidInput):
                await app.step(mine, "teleport")
            with pytest.raises(InvalidInput):  # a fix stamped 10 minutes ahead
                future = db.now() + timedelta(minutes=10)
                await app.position(31.2, 121.4, at=future, ack=True)
            with pytest.raises(InvalidInput):
                await app.position(91.0, 121.4, ack=True)
            accepted = await app.step(mine, "accept")
            assert accepted["call"]["status"] == "accepted"
            await app.step(mine, "en_route")
            await app.step(mine, "on_site")
            done = await app.step(mine, "complete", notes="replaced washer", price_charged=80,
                                  parts=[{"name": "washer", "amount": 2.5}])
            assert done["call"]["status"] == "completed"
            await app.close()
        with db.reading() as s:
            other = s.get(Call, theirs)
            assert other is not None and other.status == "assigned"
            assert s.get(Technician, center.tech_ids[1]).last_lat is None  # type: ignore[union-attr]
        assert _count(db, PositionFix) == 0

    run(scenario())


@pytest.mark.parametrize("hello, reason", [
    ({"kind": "field", "token": "not-a-token"}, "unknown or revoked technician token"),
    ({"kind": "field"}, "technician token"),
    ({"kind": "intake", "token": "nope"}, "channel token"),
    ({"kind": "console", "username": USER, "password": "wrong"}, "wrong username or password"),
    ({"kind": "console", "session": "1.99999999999.deadbeef"}, "session token"),
    ({"kind": "robot"}, "not one of"),
])
def test_wrong_or_missing_credentials_close_1008(db: Database, hello: dict[str, object],
                                                  reason: str) -> None:
    make_center(db, technicians=1, channels=1)

    async def scenario() -> None:
        async with running_hub(db) as hub, connect(hub.url) as ws:
            await ws.send(json.dumps({"type": "hello", "v": 1, **hello}))
            answer = json.loads(await ws.recv())
            assert answer["type"] == "error" and answer["code"] == "unauthorized"
            with pytest.raises(ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 1008 and reason in closed.value.rcvd.reason

    run(scenario())


def test_handshake_errors_and_peer_auth_failure(db: Database) -> None:
    center = make_center(db, technicians=1, channels=0)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            with pytest.raises(AuthFailed) as failed:
                await FieldAppClient(hub.url, "forged").connect()
            assert failed.value.details["close_code"] == 1008
            async with connect(hub.url) as ws:  # first message is not a hello
                await ws.send(json.dumps({"type": "position", "lat": 1, "lon": 2}))
                await ws.recv()
                with pytest.raises(ConnectionClosed) as closed:
                    await ws.recv()
                assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
            async with connect(hub.url) as ws:  # a version we do not speak
                await ws.send(json.dumps({"type": "hello", "v": 9, "kind": "field",
                                          "token": center.tech_tokens[0]}))
                answer = json.loads(await ws.recv())
                assert answer["code"] == "unsupported_version"

    run(scenario())


def test_floods_and_oversized_frames_are_answered_not_obeyed(db: Database) -> None:
    center = make_center(db, technicians=2, channels=0)
    limits = HubLimits(field_rate=20, field_burst=20, batch_interval=0.05)

    async def scenario() -> None:
        async with running_hub(db, limits=limits) as hub:
            flood = FieldAppClient(hub.url, center.tech_tokens[0])
            await flood.connect()
            for i in range(60):
                await flood.position(31.2, 121.4 + i / 1000)
            with pytest.raises(RateLimited):
                await flood.position(31.2, 121.4, ack=True)
            assert flood.errors and all(e["code"] == "rate_limited" for e in flood.errors)
            big = FieldAppClient(hub.url, center.tech_tokens[1])
            await big.connect()
            assert big.ws is not None
            await big.ws.send(json.dumps({"type": "position", "lat": 1, "lon": 2,
                                          "pad": "x" * 70_000}))
            with pytest.raises(ConnectionClosed) as closed:
                await big.ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
            healthy = FieldAppClient(hub.url, center.tech_tokens[1])
            await healthy.connect()
            await healthy.position(31.25, 121.45, ack=True)
            for c in (flood, big, healthy):
                await c.close()
        accepted = _count(db, PositionFix)
        assert 1 + 20 <= accepted < 61  # the burst and the healthy fix, not the whole flood

    run(scenario())


def test_console_session_token_resumes_without_password(db: Database) -> None:
    make_center(db, technicians=1, channels=0)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            async with connect(hub.url) as ws:
                await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console",
                                          "username": USER, "password": PASSWORD}))
                session = json.loads(await ws.recv())["session"]
            async with connect(hub.url) as ws:
                await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console",
                                          "session": session, "resume_from": 0}))
                welcome = json.loads(await ws.recv())
                assert welcome["type"] == "welcome" and welcome["resumed"] is True
                events = json.loads(await ws.recv())
                assert events["type"] == "events" and events["events"][0]["seq"] == 1

    run(scenario())



def test_reconnecting_clients_wait_out_rate_limits_instead_of_failing(db: Database) -> None:
    """``rate_limited`` means the hub refused the message unread: the reconnecting intake
    client and the console client wait its ``retry_after`` and send it again (done once)."""
    from console.client import ConsoleClient
    from console.db.models import CallNote
    from tests.helpers.hub_support import CALL

    center = make_center(db, technicians=1, channels=1)
    call_id = new_call(db)
    limits = HubLimits(intake_rate=10, intake_burst=2, console_rate=10, console_burst=3)

    async def scenario() -> None:
        async with running_hub(db, limits=limits) as hub:
            intake = IntakeClient(hub.url, center.channel_tokens[0], reconnect=True)
            await intake.connect()
            for i in range(12):  # far faster than 10/s with a burst of 2
                await intake.new_call(idempotency_key=f"burst-{i}", **CALL)
            await intake.close()
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            await console.start()
            await console.wait_ready()
            try:
                await asyncio.gather(*(console.add_note(call_id, f"n{i}") for i in range(12)))
            finally:
                await console.close()

    run(scenario())
    with db.reading() as s:
        calls = s.execute(select(func.count()).select_from(Call)
                          .where(Call.idempotency_key.like("%burst-%"))).scalar_one()
        notes = s.execute(select(func.count()).select_from(CallNote)
                          .where(CallNote.call_id == call_id)).scalar_one()
    assert (calls, notes) == (12, 12)
