"""A phone in a basement: its steps queue while the hub is unreachable and go up later, in
order, each with the time it happened (``at``) and a command id; the call records those
times and the weekly report's response time is computed from them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db.engine import Database
from console.db.models import Call
from console.errors import InvalidInput
from console.hub import Hub
from console.hub.peers import FieldAppClient
from reports.kpis import week_kpis
from reports.period import Period
from tests.helpers.hub_support import FAST, assigned_call, make_center, run


def test_steps_uploaded_late_keep_their_times_and_order(db: Database) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    t0 = now - timedelta(minutes=60)
    past = Database(db.url, clock=lambda: t0)  # the call came in an hour ago
    center = make_center(past, technicians=1)
    call_id = assigned_call(past, center.tech_ids[0])
    past.dispose()
    steps = [("accept", 50), ("en_route", 40), ("on_site", 30)]

    async def scenario() -> FieldAppClient:
        hub = Hub(db, limits=FAST)
        await hub.start()
        port = hub.port
        app = FieldAppClient(hub.url, center.tech_tokens[0], reconnect=True,
                             backoff_initial=0.05, backoff_max=0.2)
        await app.connect()
        await hub.stop()  # the basement: nothing gets through from here on
        sent = [asyncio.create_task(app.step(call_id, s, at=now - timedelta(minutes=m)))
                for s, m in steps]
        await asyncio.sleep(0)  # let them queue up behind the first
        hub = Hub(db, port=port, limits=FAST)  # back on the air
        await hub.start()
        try:
            answers = await asyncio.gather(*sent)
            assert [a["call"]["status"] for a in answers] == ["accepted", "en_route", "on_site"]
            # a step dated before the previous one is refused, with the reason
            with pytest.raises(InvalidInput, match=r"before call .* previous step") as refused:
                await app.step(call_id, "complete", at=now - timedelta(minutes=35))
            assert refused.value.details["field"] == "at"
            await app.step(call_id, "complete", at=now - timedelta(minutes=10))
            await app.close()
        finally:
            await hub.stop()
        return app

    app = run(scenario())
    assert app.reconnects >= 1
    with db.reading() as s:
        call = s.get(Call, call_id)
        assert call is not None
        got = [call.accepted_at, call.en_route_at, call.on_site_at, call.completed_at]
        week = Period(now - timedelta(hours=3), now + timedelta(hours=1), ZoneInfo("UTC"), "w")
        kpis = week_kpis(s, week)
    assert got == [now - timedelta(minutes=m) for m in (50, 40, 30, 10)]
    assert kpis.response_mean_s is not None
    assert round(kpis.response_mean_s) == 30 * 60  # on site 30 min after the call came in


def test_at_is_bounded(db: Database) -> None:
    """Not more than a few minutes ahead of the hub clock, not more than a day old."""
    center = make_center(db, technicians=1)
    call_id = assigned_call(db, center.tech_ids[0])
    now = datetime.now(UTC)

    async def scenario() -> list[str]:
        hub = Hub(db, limits=FAST)
        await hub.start()
        app = FieldAppClient(hub.url, center.tech_tokens[0])
        await app.connect()
        reasons = []
        for when in (now + timedelta(minutes=30), now - timedelta(hours=25)):
            try:
                await app.step(call_id, "accept", at=when)
            except InvalidInput as exc:
                reasons.append(exc.message)
            try:
                await app.shift("break", at=when)
            except InvalidInput as exc:
                reasons.append(exc.message)
        await app.close()
        await hub.stop()
        return reasons

    reasons = run(scenario())
    assert len(reasons) == 4
    assert "ahead of the hub clock" in reasons[0] and "ahead of the hub clock" in reasons[1]
    assert "more than a day old" in reasons[2] and "more than a day old" in reasons[3]


def test_a_step_made_without_at_keeps_the_time_it_was_made_across_a_drop(db: Database) -> None:
    """The client stamps ``at`` when the step is made: a step that waits out a hub restart
    is recorded when the technician tapped it, not when it finally arrived."""
    center = make_center(db, technicians=1)
    call_id = assigned_call(db, center.tech_ids[0])

    async def scenario() -> tuple[datetime, datetime]:
        hub = Hub(db, limits=FAST)
        await hub.start()
        port = hub.port
        app = FieldAppClient(hub.url, center.tech_tokens[0], reconnect=True,
                             backoff_initial=0.05, backoff_max=0.2)
        await app.connect()
        await hub.stop()
        made = datetime.now(UTC)
        accept = asyncio.create_task(app.step(call_id, "accept"))  # no ``at`` given
        await asyncio.sleep(1.5)  # the outage itself: the time that must not be lost
        back = datetime.now(UTC)
        hub = Hub(db, port=port, limits=FAST)
        await hub.start()
        try:
            await accept
            await app.close()
        finally:
            await hub.stop()
        return made, back

    made, back = run(scenario())
    with db.reading() as s:
        call = s.get(Call, call_id)
        assert call is not None and call.accepted_at is not None
        accepted = call.accepted_at.replace(tzinfo=call.accepted_at.tzinfo or UTC)
    assert made - timedelta(seconds=0.5) <= accepted < back, (made, accepted, back)


def test_a_phone_clock_a_little_behind_can_still_accept(db: Database) -> None:
    """Phones date their steps themselves: one whose clock runs 40 s behind the hub accepts
    a job the hub assigned a moment ago; the step is taken at the assignment's time (order
    kept), not refused as "before the previous step"."""
    center = make_center(db, technicians=1)
    call_id = assigned_call(db, center.tech_ids[0])
    with db.reading() as s:
        assigned_at = s.get(Call, call_id).assigned_at  # type: ignore[union-attr]
    assert assigned_at is not None

    async def scenario() -> None:
        hub = Hub(db, limits=FAST)
        await hub.start()
        app = FieldAppClient(hub.url, center.tech_tokens[0])
        await app.connect()
        try:
            await app.step(call_id, "accept", at=assigned_at - timedelta(seconds=40))
        finally:
            await app.close()
            await hub.stop()

    run(scenario())
    with db.reading() as s:
        call = s.get(Call, call_id)
        assert call is not None and call.status == "accepted"
        assert call.accepted_at == assigned_at
