"""Pins through the real hub (SQLite and PostgreSQL): a dispatcher pins a call to its
technician, every console sees the pin from the event, the next plan keeps the call where
it is, pin and unpin are audited; auto-dispatch plans with the service area."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import Assignment, AuditRecord, Call, Technician
from console.domain import EventView
from console.errors import IllegalTransition
from console.hub.peers import FieldAppClient
from console.live_state import LiveState
from console.planning.live import build_problem, solve
from console.services.accounts import create_user
from console.services.actors import SYSTEM, Actor
from console.services.policy import set_policy
from tests.helpers.hub_support import (
    PASSWORD,
    USER,
    make_center,
    new_call,
    run,
    running_hub,
    wait_until,
)

ADMIN = Actor("user", 1, "Ada", role="admin")
FAR, NEAR = (31.5, 121.9), (31.201, 121.451)  # calls are at (31.2, 121.45)


async def _on_duty(url: str, db: Database, tokens: list[str]) -> list[FieldAppClient]:
    apps = []
    for token, (lat, lon) in zip(tokens, (FAR, NEAR), strict=False):
        app = FieldAppClient(url, token)
        await app.connect()
        await app.shift("start")
        await app.position(lat, lon, accuracy=5.0)
        apps.append(app)

    def placed() -> bool:
        with db.reading() as s:
            return all(t.last_lat is not None for t in s.execute(select(Technician)).scalars())

    await wait_until(placed, what="positions written")
    return apps


async def _console(url: str, username: str) -> tuple[ConsoleClient, LiveState]:
    client = ConsoleClient(url, username=username, password=PASSWORD)
    state = LiveState()
    client.on_snapshot(state.apply_snapshot)
    client.on_event(state.apply_event)
    client.on_positions(state.apply_positions)
    await client.start()
    await client.wait_ready()
    return client, state


def test_a_pin_is_seen_by_every_console_kept_by_the_plan_and_audited(db: Database) -> None:
    center = make_center(db, technicians=2)
    create_user(db, actor=SYSTEM, username="bob", display_name="Bob", role="dispatcher",
                password=PASSWORD)
    far, near = center.tech_ids

    async def scenario() -> int:
        async with running_hub(db) as hub:
            apps = await _on_duty(hub.url, db, center.tech_tokens)
            call_id = new_call(db)
            ann, _ann_state = await _console(hub.url, USER)
            bob, seen = await _console(hub.url, "bob")
            events: list[EventView] = []
            bob.on_event(events.append)
            try:
                await ann.pin(call_id)
            except IllegalTransition as exc:  # nobody on it yet: nothing to pin it to
                assert "nothing to pin" in str(exc)
            else:
                raise AssertionError("a new call was pinned")
            await ann.assign(call_id, far)
            await wait_until(lambda: call_id in seen.calls and seen.calls[call_id].technician_ids
                             == (far,), what="assignment seen")

            def planned() -> tuple[int, ...]:  # bob's console plans from bob's live picture
                problem = build_problem(
                    seen.calls.values(), seen.technicians.values(), now=db.now(),
                    tz="Asia/Shanghai",
                )
                return solve(problem).technicians_for(call_id)

            assert planned() == (near,)  # an unpinned assignment may be improved on
            pinned = await ann.pin(call_id)
            assert pinned.pinned and pinned.technician_ids == (far,)
            await wait_until(lambda: seen.calls[call_id].pinned, what="bob sees the pin")
            assert any(e.type == "call.pinned" for e in events)
            assert planned() == (far,)
            await ann.unpin(call_id)
            await wait_until(lambda: not seen.calls[call_id].pinned, what="bob sees the unpin")
            assert planned() == (near,)
            for c in (ann, bob):
                await c.close()
            await asyncio.gather(*(a.close() for a in apps))
            return call_id

    call_id = run(scenario())
    with db.reading() as s:
        audit = s.execute(
            select(AuditRecord.action, AuditRecord.actor, AuditRecord.entity_id)
            .where(AuditRecord.action.in_(("pin_call", "unpin_call")))
            .order_by(AuditRecord.id)
        ).all()
        assert [(a, e) for a, _who, e in audit] == [("pin_call", call_id), ("unpin_call", call_id)]
        assert all("Ann" in who for _a, who, _e in audit)
        pinned = s.execute(select(Call.pinned_technicians, Call.pinned_by)).one()
        assert tuple(pinned) == (None, None)  # unpinned


def test_auto_dispatch_leaves_a_call_outside_the_service_area_for_a_person(
    db: Database,
) -> None:
    center = make_center(db, technicians=2)
    set_policy(db, actor=ADMIN, mode="auto", start="00:00", end="00:00", hold_seconds=0)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            await hub.autodispatch.stop()  # drive the passes by hand
            apps = await _on_duty(hub.url, db, center.tech_tokens)
            beijing = new_call(db, lat=39.9, lon=116.4)
            assert await hub.autodispatch.tick() == 0
            inside = new_call(db, phone="13900002222")
            assert await hub.autodispatch.tick() == 1
            with db.reading() as s:
                rows = s.execute(select(Assignment.call_id, Assignment.technician_id)).all()
            assert [tuple(r) for r in rows] == [(inside, center.tech_ids[1])]
            assert beijing not in {r[0] for r in rows}
            await asyncio.gather(*(a.close() for a in apps))

    run(scenario())
