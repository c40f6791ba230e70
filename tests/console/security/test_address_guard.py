"""Password spraying: failed console sign-ins from one address, spread over many accounts so
that none locks, get that address refused (with the time left) before any password is
checked; the block is audited and ends by itself; field apps from the address still work."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from sqlalchemy import select
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import AuditRecord, User
from console.hub import HubLimits
from console.hub.address_guard import MAX_ADDRESSES, AddressGuard, host_of
from console.hub.peers import FieldAppClient
from console.hub.protocol import RateLimited
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.hub_support import PASSWORD, USER, make_center, run, running_hub

LIMITS = HubLimits(batch_interval=0.1, broadcast_interval=0.05, signin_throttle=0.0,
                   address_failures=4, address_window=60.0, address_block=600.0)


async def _hello(url: str, **hello: Any) -> dict[str, Any]:
    async with connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console", **hello}))
        first: dict[str, Any] = json.loads(await ws.recv())
        with contextlib.suppress(ConnectionClosed):
            await ws.close()
        return first


def test_spraying_one_password_over_many_accounts_blocks_the_address(db: Database) -> None:
    center = make_center(db, technicians=1, channels=0)
    for name in ("bo", "cy", "di", "ed"):
        create_user(db, actor=SYSTEM, username=name, display_name=name, role="dispatcher",
                    password="a-good-long-password")

    async def scenario() -> tuple[list[dict[str, Any]], dict[str, Any], bool]:
        async with running_hub(db, limits=LIMITS) as hub:
            session = (await _hello(hub.url, username=USER, password=PASSWORD))["session"]
            tries = [await _hello(hub.url, username=name, password="Summer2026!")
                     for name in ("bo", "cy", "di", "nobody")]
            refused = await _hello(hub.url, username=USER, password=PASSWORD)
            # a console that was signed in resumes its session from the same address
            assert (await _hello(hub.url, session=session))["type"] == "welcome"
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            await console.start()
            with pytest.raises(RateLimited, match="too many failed sign-ins"):
                await console.wait_ready()  # said to the person signing in, not retried
            await console.close()
            app = FieldAppClient(hub.url, center.tech_tokens[0])
            await app.connect()
            await app.position(31.2, 121.4, ack=True)  # the phones on the same LAN carry on
            await app.close()
            hub.guard.clock = lambda: 10**9  # the block has run out
            welcome = await _hello(hub.url, username=USER, password=PASSWORD)
            return tries, refused, welcome["type"] == "welcome"

    tries, refused, back = run(scenario())
    assert [t["reason"] for t in tries] == ["wrong username or password"] * 4
    assert refused["code"] == "rate_limited" and "too many failed sign-ins from 127.0.0.1" in \
        refused["reason"] and 0 < refused["retry_after"] <= 600
    assert back
    with db.reading() as s:
        blocked = s.execute(select(AuditRecord).where(
            AuditRecord.action == "address_blocked")).scalars().all()
        users = s.execute(select(User).where(User.username.in_(("bo", "cy", "di")))).scalars()
        assert all(u.locked_until is None for u in users)  # no account was near its lockout
        failed = s.execute(select(AuditRecord).where(
            AuditRecord.action == "sign_in_failed")).scalars().all()
    assert [(b.actor, b.after) for b in blocked] == [
        ("system system", {"address": "127.0.0.1", "failures": 4, "minutes": 10})]
    assert len(failed) == 4  # the refused attempts never reached the passwords


def test_the_window_slides_and_memory_stays_bounded() -> None:
    now = [0.0]
    guard = AddressGuard(limit=3, window=60, block=300, clock=lambda: now[0])
    assert guard.failed("a") == 0 and guard.failed("a") == 0
    now[0] = 61.0  # the first two have left the window
    assert guard.failed("a") == 0 and guard.failed("a") == 0 and guard.refused_for("a") == 0
    assert guard.failed("a") == 3 and guard.refused_for("a") == 300
    assert guard.refused_for("b") == 0
    now[0] = 361.0
    assert guard.refused_for("a") == 0 and guard.failed("a") == 0  # counting afresh
    for i in range(MAX_ADDRESSES + 50):
        guard.failed(f"10.0.{i // 256}.{i % 256}")
    assert len(guard._failures) <= MAX_ADDRESSES


def test_the_host_of_a_peer() -> None:
    assert host_of("203.0.113.7:51234") == "203.0.113.7"
    assert host_of("::1:51234") == "::1" and host_of("[2001:db8::1]:443") == "2001:db8::1"
    assert host_of("") == "" and host_of("unix") == "unix"


def test_a_limit_of_zero_turns_the_guard_off() -> None:
    """For a center whose consoles all reach the hub through one NAT or proxy address
    (``dispatch-console hub --signin-address-limit 0``)."""
    guard = AddressGuard(limit=0, window=60, block=300)
    assert all(guard.failed("10.0.0.1") == 0 for _ in range(100))
    assert guard.refused_for("10.0.0.1") == 0
