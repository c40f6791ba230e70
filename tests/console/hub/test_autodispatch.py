"""Auto-dispatch by policy: after the hold the hub assigns the planner's choice, marked as
automatic; a dispatcher who takes the call first wins."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Assignment, AuditRecord, Technician
from console.hub.peers import FieldAppClient
from console.services import assign_call
from console.services.actors import SYSTEM, Actor
from console.services.policy import AUTO_ACTOR, set_policy
from tests.helpers.hub_support import make_center, new_call, run, running_hub, wait_until

ADMIN = Actor("user", 1, "Ada", role="admin")


def _assignments(db: Database, call_id: int) -> list[tuple[int, str]]:
    with db.reading() as s:
        rows = s.execute(select(Assignment).where(Assignment.call_id == call_id)).scalars()
        return [(a.technician_id, a.assigned_by) for a in rows]


async def _on_duty(
    url: str, db: Database, tokens: list[str], where: list[tuple[float, float]]
) -> list[FieldAppClient]:
    apps = []
    for token, (lat, lon) in zip(tokens, where, strict=True):
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


def test_auto_dispatch_assigns_the_plans_choice_after_the_hold(db: Database) -> None:
    center = make_center(db, technicians=2)
    set_policy(db, actor=ADMIN, mode="auto", start="00:00", end="00:00", hold_seconds=1)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            apps = await _on_duty(
                hub.url, db, center.tech_tokens, [(31.5, 121.9), (31.201, 121.451)]
            )
            call_id = new_call(db)  # at (31.2, 121.45): tech 1 is next door, tech 0 far away
            assert await hub.autodispatch.tick() == 0  # still within the hold
            assert _assignments(db, call_id) == []
            await wait_until(lambda: bool(_assignments(db, call_id)), timeout=10, what="auto")
            assert _assignments(db, call_id) == [(center.tech_ids[1], AUTO_ACTOR.label)]
            await asyncio.gather(*(a.close() for a in apps))

    run(scenario())
    with db.reading() as s:
        audit = (
            s.execute(select(AuditRecord).where(AuditRecord.action == "assign_call"))
            .scalars()
            .one()
        )
        assert audit.actor == AUTO_ACTOR.label  # the audit trail says it was automatic
        policy = (
            s.execute(select(AuditRecord).where(AuditRecord.action == "set_policy")).scalars().one()
        )
        assert policy.actor == ADMIN.label and policy.after["mode"] == "auto"


def test_a_dispatcher_taking_the_call_first_wins(db: Database) -> None:
    center = make_center(db, technicians=2)
    set_policy(db, actor=ADMIN, mode="auto", start="00:00", end="00:00", hold_seconds=1)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            await hub.autodispatch.stop()  # drive the passes by hand
            apps = await _on_duty(
                hub.url, db, center.tech_tokens, [(31.5, 121.9), (31.201, 121.451)]
            )
            call_id = new_call(db)
            assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=center.tech_ids[0])
            await asyncio.sleep(1.2)  # the hold is over
            assert await hub.autodispatch.tick() == 0
            assert _assignments(db, call_id) == [(center.tech_ids[0], SYSTEM.label)]
            await asyncio.gather(*(a.close() for a in apps))

    run(scenario())


def test_manual_and_suggest_windows_never_assign(db: Database) -> None:
    center = make_center(db, technicians=1)
    set_policy(db, actor=ADMIN, mode="suggest", start="00:00", end="00:00", hold_seconds=0)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            await hub.autodispatch.stop()
            apps = await _on_duty(hub.url, db, center.tech_tokens, [(31.201, 121.451)])
            call_id = new_call(db)
            assert await hub.autodispatch.tick() == 0
            assert _assignments(db, call_id) == []
            await asyncio.gather(*(a.close() for a in apps))

    run(scenario())


def test_policies_through_the_hub_admin_only(db: Database) -> None:
    from console.client import ConsoleClient
    from console.errors import Forbidden
    from console.services.accounts import create_user
    from tests.helpers.hub_support import PASSWORD, USER

    make_center(db, technicians=1)
    create_user(
        db, actor=SYSTEM, username="ada", display_name="Ada", role="admin", password="admin-pass"
    )

    async def scenario() -> None:
        async with running_hub(db) as hub:
            admin = ConsoleClient(hub.url, username="ada", password="admin-pass")
            ann = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            for c in (admin, ann):
                await c.start()
                await c.wait_ready()
            made = await admin.command(
                "set_policy", mode="auto", start="22:00", end="06:00", hold_seconds=30
            )
            assert made["result"]["policy"]["mode"] == "auto"
            try:
                await ann.command("set_policy", mode="manual", start="22:00", end="06:00")
            except Forbidden as exc:
                assert "policy" in str(exc)
            else:
                raise AssertionError("a dispatcher changed a policy")
            seen = await ann.policies()  # everyone may read them (the status bar)
            assert [p["hold_seconds"] for p in seen["policies"]] == [30]
            for c in (admin, ann):
                await c.close()

    run(scenario())
