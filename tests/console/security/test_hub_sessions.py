"""Server-side console sessions against real hubs: sign in, resume, sign out, revocation by
an admin (1008 at once, also on a second hub of the same PostgreSQL database), and the bad
input the hub must refuse with a reason and an audit row."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

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
