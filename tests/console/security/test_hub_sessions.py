"""Server-side console sessions against real hubs: sign in, resume, sign out, revocation by
an admin (1008 at once, also on a second hub of the same PostgreSQL database), and the bad
input the hub must refuse with a reason and an audit row."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import pytest
from sqlalchemy import select
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import AuditRecord, UserSession
from console.hub import HubLimits
from console.hub.auth import AuthFailed
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.hub_support import (
    PASSWORD,
    USER,
    make_center,
    run,
    running_hub,
    wait_until,
)

#: Only the hub's own poke (same hub) or NOTIFY (other hubs) can close a revoked session in
#: time: the periodic check is an hour away.
LIMITS = HubLimits(batch_interval=0.1, broadcast_interval=0.05, signin_throttle=0.01,
                   session_check=3600)
BOSS, BOSS_PW = "root", "quiet-river-stone"


def _center(db: Database) -> Any:
    center = make_center(db, technicians=1, channels=0)
    create_user(db, actor=SYSTEM, username=BOSS, display_name="Root", role="admin",
                password=BOSS_PW)
    return center


async def _hello(url: str, **hello: Any) -> tuple[dict[str, Any], int | None, str]:
    """One raw handshake: the hub's first answer and how the connection then closed."""
    async with connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console", **hello}))
        first = json.loads(await ws.recv())
        if first["type"] == "welcome":
            await ws.close()
            return first, None, ""
        with contextlib.suppress(ConnectionClosed):
            await ws.recv()
        return first, ws.close_code, ws.close_reason or ""


def _audits(db: Database, action: str) -> list[AuditRecord]:
    with db.reading() as s:
        return list(s.execute(select(AuditRecord).where(AuditRecord.action == action)
                              .order_by(AuditRecord.id)).scalars())


def test_sessions_sign_out_replay_forgery_and_wrong_tokens(db: Database) -> None:
    center = _center(db)

    async def scenario() -> None:
        async with running_hub(db, limits=LIMITS) as hub:
            welcome, _code, _ = await _hello(hub.url, username=USER, password=PASSWORD)
            token, sid = welcome["session"], welcome["session_id"]
            assert welcome["security"] == {"tls": False, "insecure": False,
                                           "cert_not_after": None}
            resumed, _code, _ = await _hello(hub.url, session=token)
            assert resumed["session_id"] == sid and "session" not in resumed
            forged, code, reason = await _hello(hub.url, session=token[:-4] + "AAAA")
            assert (forged["code"], code) == ("unauthorized", 1008)
            assert "not valid for this center" in reason
            _as_console, code, reason = await _hello(hub.url, token=center.tech_tokens[0])
            assert code == 1008 and "field-app token cannot open a console" in reason
            wrong, code, _ = await _hello(hub.url, username=USER, password="guess")
            assert wrong["reason"] == "wrong username or password" and "failures" not in wrong

            client = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            await client.start()
            await client.wait_ready()
            assert client.security["tls"] is False
            own_token = client._session
            assert own_token
            await client.sign_out()
            with db.reading() as s:
                row = s.get(UserSession, client.session_id)
                assert row is not None and row.end_reason == "signout" and row.ended_at
            replay, code, reason = await _hello(hub.url, session=own_token)
            assert code == 1008 and replay["session_ended"] == "signout"
            assert reason == "this session was signed out; sign in again"

    run(scenario())
    reasons = [a.after["reason"] for a in _audits(db, "sign_in_failed")]
    assert reasons == ["session: unknown", "a field-app token used as a console",
                       "wrong password", "session: signout"]
    assert len(_audits(db, "sign_out")) == 1
    assert len(_audits(db, "hub_start")) == 1


def test_revoked_session_closes_with_1008_and_cannot_come_back(db: Database) -> None:
    _center(db)

    async def scenario() -> None:
        async with running_hub(db, limits=LIMITS) as hub:
            ann = ConsoleClient(hub.url, username=USER, password=PASSWORD,
                                backoff_initial=0.05, backoff_max=0.1)
            boss = ConsoleClient(hub.url, username=BOSS, password=BOSS_PW)
            for c in (ann, boss):
                await c.start()
                await c.wait_ready()
            listed = await boss.sessions()
            assert {s["username"] for s in listed} == {USER, BOSS}
            closed: list[int | None] = []
            ws = ann._ws
            assert ws is not None
            waiter = asyncio.create_task(ws.wait_closed())
            await boss.revoke_session(ann.session_id or 0, "laptop left unlocked")
            await waiter
            closed.append(ws.close_code)
            assert closed == [1008] and ws.close_reason == "session revoked by an admin"
            await wait_until(lambda: ann.error is not None, 10, "ann gives up")
            assert isinstance(ann.error, AuthFailed)
            assert ann.error.details["session_ended"] == "revoked"
            await ann.close()
            await boss.close()

    run(scenario())
    revoked = _audits(db, "revoke_session")
    assert len(revoked) == 1 and revoked[0].reason == "laptop left unlocked"
    assert revoked[0].actor.endswith("Root")


def test_revoking_on_hub_a_closes_the_console_on_hub_b(pg_url: str) -> None:
    db_a, db_b = Database(pg_url), Database(pg_url)
    _center(db_a)

    async def scenario() -> None:
        async with running_hub(db_a, limits=LIMITS) as a, running_hub(db_b, limits=LIMITS) as b:
            ann = ConsoleClient(b.url, username=USER, password=PASSWORD)
            boss = ConsoleClient(a.url, username=BOSS, password=BOSS_PW)
            for c in (ann, boss):
                await c.start()
                await c.wait_ready()
            ws = ann._ws
            assert ws is not None
            await boss.revoke_session(ann.session_id or 0, "left the company")
            await ws.wait_closed()  # only hub A's NOTIFY can tell hub B
            assert ws.close_code == 1008
            await ann.close()
            await boss.close()

    try:
        run(scenario())
    finally:
        db_a.dispose()
        db_b.dispose()


def test_desk_hours_touch_drop_and_expiry(db: Database) -> None:
    """last_seen_at moves while connected and on disconnect; a console that does not come
    back within the grace period ends "dropped" at its last sign of life; 12 h end it."""
    _center(db)
    from datetime import timedelta

    from console.services import sessions

    def row(sid: int) -> UserSession:
        with db.reading() as s:
            found = s.get(UserSession, sid)
            assert found is not None
            return found

    async def scenario() -> tuple[int, str, int]:
        touchy = HubLimits(session_touch=0.05, session_check=0.05, signin_throttle=0.01)
        async with running_hub(db, limits=touchy) as hub:
            gone = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            stays = ConsoleClient(hub.url, username=BOSS, password=BOSS_PW)
            for c in (gone, stays):
                await c.start()
                await c.wait_ready()
            sid, token = gone.session_id or 0, gone._session or ""
            first = row(sid).last_seen_at
            await wait_until(lambda: row(sid).last_seen_at > first, 10, "a periodic touch")
            await gone._ws.close()  # type: ignore[union-attr]  # the network drops
            await gone.close()
            await wait_until(lambda: sid not in hub.sessions.live, 10, "the hub sees it go")
            ended = sessions.sweep(db, grace=timedelta(seconds=600), live=list(hub.sessions.live))
            assert ended == {}  # within the grace period nothing ends
            later = db.clock
            db.clock = lambda: later() + timedelta(minutes=11)
            try:
                ended = sessions.sweep(db, grace=timedelta(seconds=600),
                                       live=list(hub.sessions.live))
            finally:
                db.clock = later
            # the hub's own sweep (every 0.05 s here) reads the same moved clock and may
            # end it first; either way it must end as dropped (checked on the row below)
            assert ended in ({sid: "dropped"}, {}) and row(sid).end_reason == "dropped"
            await stays.close()
            return sid, token, stays.session_id or 0

    sid, token, boss_sid = run(scenario())
    dropped = row(sid)
    assert dropped.end_reason == "dropped" and dropped.ended_at == dropped.last_seen_at
    assert row(boss_sid).ended_at is None  # connected when the sweep ran: not dropped
    with pytest.raises(sessions.SessionRefused, match="connection dropped"):
        sessions.resume(db, token, hub_id=None, client=None, system=SYSTEM)
    real = db.clock
    db.clock = lambda: real() + sessions.SESSION_TTL + timedelta(seconds=1)
    try:
        ended = sessions.sweep(db, grace=timedelta(days=2), live=[boss_sid])
    finally:
        db.clock = real
    assert ended == {boss_sid: "expired"}
