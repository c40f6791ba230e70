"""A console gets a snapshot stamped with seq, then every event once and in order; commands
are answered after commit with the new state, and conflicts name the winner."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from console.client import ConnectionState, ConsoleClient, HubUnavailable
from console.db.engine import Database
from console.db.models import Call, Event
from console.domain import CallStatus, EventView
from console.errors import Conflict, InvalidInput, NotFound
from console.hub.auth import AuthFailed
from console.hub.peers import FieldAppClient, IntakeClient
from console.replay import load_night, open_read_only
from console.replay.marks import CONFLICT
from tests.helpers.hub_support import (
    PASSWORD,
    USER,
    assigned_call,
    make_center,
    new_call,
    run,
    running_hub,
    wait_until,
)


def test_snapshot_then_every_event_in_order(db: Database) -> None:
    center = make_center(db)
    open_call = new_call(db)
    busy = assigned_call(db, center.tech_ids[0], phone="13900002222")

    async def scenario() -> None:
        async with running_hub(db) as hub:
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            events: list[EventView] = []
            console.on_event(events.append)
            await console.start()
            snap = await console.wait_ready()
            assert set(snap.technicians) == set(center.tech_ids)
            assert {open_call, busy} <= set(snap.calls)
            assert snap.calls[busy].technician_ids == (center.tech_ids[0],)
            assert [a.call_id for a in snap.assignments] == [busy]
            with db.reading() as s:
                assert snap.seq == s.scalar(select(func.max(Event.seq)))
            assert console.state is ConnectionState.CONNECTED
            assert console.user is not None and console.user["username"] == USER

            intake = IntakeClient(hub.url, center.channel_tokens[0])
            await intake.connect()
            created = (await intake.new_call(idempotency_key="A-1", customer_name="Zhou",
                                             phone="13900003333", address="3 Hill St",
                                             lat=31.3, lon=121.5, category="lockout",
                                             priority="emergency"))["call"]
            call = await console.assign(created["id"], center.tech_ids[1],
                                        expected_version=created["version"],
                                        override_reason="off duty but nearest")
            with db.reading() as s:  # acknowledged only after commit
                assert s.get(Call, call.id).version == call.version  # type: ignore[union-attr]
            field = FieldAppClient(hub.url, center.tech_tokens[1])
            await field.connect()
            await field.step(call.id, "accept")
            noted = await console.add_note(call.id, "gate code 4412")
            assert noted.id == call.id
            with db.reading() as s:
                last = s.scalar(select(func.max(Event.seq)))
            await wait_until(lambda: console.last_seq == last, what="events to arrive")
            seqs = [e.seq for e in events]
            assert seqs == list(range(snap.seq + 1, last + 1))
            types = [e.type for e in events]
            assert types[0] == "call.created" and "call.assigned" in types
            assert types[-1] == "call.note"
            status = next(e for e in events if e.type == "call.status")
            assert status.payload["call"]["status"] == "accepted"  # type: ignore[index]
            assert status.payload["actor"]["kind"] == "technician"  # type: ignore[index]
            detail = await console.call_detail(call.id)
            assert [n["text"] for n in detail["notes"]] == ["gate code 4412"]
            assert detail["assignments"][0]["technician_id"] == center.tech_ids[1]
            found = await console.lookup_customer("13900003333")
            assert found is not None and found["calls"][0]["id"] == call.id
            assert await console.lookup_customer("+86 000 0000") is None
            await wait_until(lambda: console.latency_ms is not None, what="a ping")
            for peer in (field, intake):
                await peer.close()
            await console.close()
            assert console.state is ConnectionState.OFFLINE

    run(scenario())


def test_racing_assignments_one_wins_the_other_sees_who(db: Database) -> None:
    center = make_center(db)
    call_id = new_call(db)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            a = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            b = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            for c in (a, b):
                await c.start()
            snap = await a.wait_ready()
            await b.wait_ready()
            version = snap.calls[call_id].version
            won = await a.assign(call_id, center.tech_ids[0], expected_version=version,
                                 override_reason="nearest")
            assert won.status is CallStatus.ASSIGNED
            with pytest.raises(Conflict) as lost:
                await b.assign(call_id, center.tech_ids[1], expected_version=version,
                               override_reason="nearest")
            assert lost.value.details["winner"]["technician_id"] == center.tech_ids[0]
            # the lost race is kept for a night's review: a conflict mark on that call
            ro = open_read_only(db.url)
            try:
                now = datetime.now(UTC)
                night = load_night(ro, now - timedelta(hours=2), now + timedelta(minutes=5), "UTC")
            finally:
                ro.dispose()
            assert [(m.kind, m.call_id) for m in night.conflicts] == [(CONFLICT, call_id)]
            assert "lost a race" in night.conflicts[0].text
            with pytest.raises(NotFound):
                await b.cancel(99_999)
            with pytest.raises(InvalidInput):
                await b.command("assign", call_id="seven", technician_id=1)
            with db.reading() as s:
                call = s.get(Call, call_id)
                assert call is not None and call.version == won.version
            for c in (a, b):
                await c.close()

    run(scenario())


def test_offline_commands_fail_fast_and_state_says_so() -> None:
    async def scenario() -> None:
        console = ConsoleClient("ws://127.0.0.1:9", username=USER, password=PASSWORD,
                                backoff_initial=0.01, backoff_max=0.05, command_timeout=3600)
        states: list[ConnectionState] = []
        console.on_state(states.append)
        await console.start()
        started = time.monotonic()
        with pytest.raises(HubUnavailable):
            await console.add_note(1, "hello")
        # refused at once, not after the hour-long answer timeout (not a speed check)
        assert time.monotonic() - started < 120
        await wait_until(lambda: console.state is ConnectionState.OFFLINE, what="offline")
        assert ConnectionState.RECONNECTING in states
        with pytest.raises(HubUnavailable):
            await console.wait_ready(timeout=0.2)
        await console.close()

    run(scenario())


def test_wrong_password_stops_the_client_with_the_reason(db: Database) -> None:
    make_center(db, technicians=1, channels=0)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            console = ConsoleClient(hub.url, username=USER, password="guess")
            await console.start()
            with pytest.raises(AuthFailed, match="wrong username or password"):
                await console.wait_ready()
            assert console.state is ConnectionState.OFFLINE
            with pytest.raises(HubUnavailable):
                await console.add_note(1, "x")
            await console.close()

    run(scenario())


def test_concurrent_calls_from_one_new_caller_all_land(db: Database) -> None:
    """Racing first calls of a new customer collide on the customer row; the hub redoes the
    loser's rolled-back transaction instead of failing it."""
    make_center(db, technicians=1, channels=0)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            await console.start()
            await console.wait_ready()
            calls = await asyncio.gather(*(
                console.create_call(customer_name="Qian", phone="13700001234",
                                    address=f"{i} Lake Rd", lat=31.1, lon=121.3,
                                    category="no_heating") for i in range(12)))
            assert len({c.id for c in calls}) == 12
            assert len({c.customer_id for c in calls}) == 1
            await console.close()

    run(scenario())
