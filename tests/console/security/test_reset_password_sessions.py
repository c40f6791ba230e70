"""A password reset ends the person's open sessions like an admin's revocation: whoever was
signed in with the old password (perhaps the reason for the reset) is closed with 1008 and
cannot come back with the old session token."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import AuditRecord, UserSession
from console.hub import HubLimits
from console.hub.auth import AuthFailed
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.hub_support import PASSWORD, USER, make_center, run, running_hub, wait_until

BOSS, BOSS_PW = "root", "quiet-river-stone"
NEW_PW = "copper-kettle-dawn"


def _limits(db: Database) -> HubLimits:
    """On PostgreSQL only the NOTIFY can close the session in time (the periodic check is an
    hour away); SQLite has no NOTIFY and relies on the hub's check of its sessions."""
    return HubLimits(batch_interval=0.1, broadcast_interval=0.05, signin_throttle=0.01,
                     session_check=3600 if db.is_postgres else 0.2)


def test_a_password_reset_closes_the_persons_consoles(db: Database) -> None:
    make_center(db, technicians=0, channels=0)
    create_user(db, actor=SYSTEM, username=BOSS, display_name="Root", role="admin",
                password=BOSS_PW)

    async def scenario() -> int:
        async with running_hub(db, limits=_limits(db)) as hub:
            ann = ConsoleClient(hub.url, username=USER, password=PASSWORD,
                                backoff_initial=0.05, backoff_max=0.1)
            boss = ConsoleClient(hub.url, username=BOSS, password=BOSS_PW)
            for c in (ann, boss):
                await c.start()
                await c.wait_ready()
            ws = ann._ws
            assert ws is not None
            waiter = asyncio.create_task(ws.wait_closed())
            ann_id = next(u["id"] for u in await boss.users() if u["username"] == USER)
            changed = await boss.reset_password(ann_id, NEW_PW)
            assert changed["open_sessions"] == 0
            await asyncio.wait_for(waiter, 10)
            assert ws.close_code == 1008 and ws.close_reason == "session revoked by an admin"
            await wait_until(lambda: ann.error is not None, 10, "ann's console gives up")
            assert isinstance(ann.error, AuthFailed)
            assert ann.error.details["session_ended"] == "revoked"
            sid = ann.session_id or 0
            await ann.close()
            again = ConsoleClient(hub.url, username=USER, password=NEW_PW)
            await again.start()
            await again.wait_ready()
            await again.close()
            await boss.close()
            return sid

    sid = run(scenario())
    with db.reading() as s:
        row = s.get(UserSession, sid)
        assert row is not None and row.end_reason == "revoked"
        assert (row.ended_by or "").endswith("Root")
        audits = {a.action: a for a in s.execute(select(AuditRecord)).scalars()
                  if a.action in ("revoke_session", "reset_password")}
    assert audits["revoke_session"].entity_id == sid
    assert audits["revoke_session"].reason == "password reset"
    assert audits["reset_password"].after == {"password": "reset", "sessions_revoked": 1}
