"""Overlapping deliveries and racing dispatchers: the flags and refusals an integrator counts
on stay exact when requests overlap on one connection, or on two hubs over one PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import Assignment, Call
from console.errors import Conflict
from console.hub.peers import IntakeClient
from tests.helpers.hub_support import CALL, PASSWORD, USER, make_center, new_call, run, running_hub

INTAKE_CALL = {k: v for k, v in CALL.items()}


def _new_call(key: str) -> dict[str, Any]:
    return {"idempotency_key": key, **INTAKE_CALL}


def _calls(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Call)) or 0)


def test_overlapping_retries_on_one_connection_answer_duplicate_false_once(db_url: str) -> None:
    db = Database(db_url)
    center = make_center(db, technicians=0, channels=1)

    async def scenario() -> list[list[bool]]:
        flags = []
        async with running_hub(db) as hub:
            intake = IntakeClient(hub.url, center.channel_tokens[0])
            await intake.connect()
            for round_ in range(8):
                answers = await asyncio.gather(
                    *(intake.new_call(**_new_call(f"retry-{round_}")) for _ in range(3))
                )
                assert len({a["call"]["id"] for a in answers}) == 1
                flags.append([a["duplicate"] for a in answers])
            await intake.close()
        return flags

    try:
        flags = run(scenario())
        assert [f.count(False) for f in flags] == [1] * 8, flags
        assert _calls(db) == 8
    finally:
        db.dispose()


def test_retries_across_two_hubs_answer_duplicate_false_once(pg_url: str) -> None:
    db_a, db_b = Database(pg_url), Database(pg_url)
    center = make_center(db_a, technicians=0, channels=1)

    async def scenario() -> list[list[bool]]:
        flags = []
        async with running_hub(db_a) as hub_a, running_hub(db_b) as hub_b:
            intakes = [IntakeClient(h.url, center.channel_tokens[0]) for h in (hub_a, hub_b)]
            for intake in intakes:
                await intake.connect()
            for round_ in range(8):
                answers = await asyncio.gather(
                    *(i.new_call(**_new_call(f"two-{round_}")) for i in intakes * 2)
                )
                assert len({a["call"]["id"] for a in answers}) == 1
                flags.append([a["duplicate"] for a in answers])
            for intake in intakes:
                await intake.close()
        return flags

    try:
        flags = run(scenario())
        assert [f.count(False) for f in flags] == [1] * 8, flags
        assert _calls(db_a) == 8
    finally:
        db_a.dispose()
        db_b.dispose()


def test_racing_assigns_on_a_crew_call_conflict_only_when_the_crew_is_full(db_url: str) -> None:
    """Three dispatchers assign three technicians to a crew of two at once, without
    expected_version: two succeed, the third is refused because the crew is full."""
    db = Database(db_url)
    center = make_center(db, technicians=3, channels=0)
    call_ids = [new_call(db, crew_size=2, phone=f"1390000{i:04d}") for i in range(8)]

    async def scenario() -> list[list[str]]:
        outcomes = []
        async with running_hub(db) as hub:
            clients = [ConsoleClient(hub.url, username=USER, password=PASSWORD) for _ in range(3)]
            for c in clients:
                await c.start()
                await c.wait_ready()
            for call_id in call_ids:
                results = await asyncio.gather(
                    *(c.assign(call_id, t, override_reason="crew drill")
                      for c, t in zip(clients, center.tech_ids, strict=True)),
                    return_exceptions=True,
                )
                row = []
                for r in results:
                    if isinstance(r, Conflict):
                        assert r.details["current_version"] is not None
                        row.append("full" if "full" in r.message else "race")
                    elif isinstance(r, BaseException):
                        raise r
                    else:
                        row.append("ok")
                outcomes.append(sorted(row))
            for c in clients:
                await c.close()
        return outcomes

    try:
        outcomes = run(scenario())
        assert outcomes == [["full", "ok", "ok"]] * len(call_ids)
        with db.reading() as s:
            per_call = s.execute(
                select(Assignment.call_id, func.count()).where(Assignment.active.is_(True))
                .group_by(Assignment.call_id)
            ).all()
        assert sorted(n for _, n in per_call) == [2] * len(call_ids)
    finally:
        db.dispose()
