"""Helpers for the hub tests: a small center (users, technicians, channels), a running hub
on loopback, and polling with a deadline instead of sleeps."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from console.db.engine import Database
from console.hub import Hub, HubLimits
from console.services import assign_call, create_call
from console.services.accounts import create_channel, create_technician, create_user
from console.services.actors import SYSTEM, Actor
from console.services.journal import Journal

T = TypeVar("T")
USER, PASSWORD = "ann", "night-shift"


@dataclass
class Center:
    db: Database
    tech_ids: list[int] = field(default_factory=list)
    tech_tokens: list[str] = field(default_factory=list)
    channel_tokens: list[str] = field(default_factory=list)


def make_center(db: Database, *, technicians: int = 2, channels: int = 2) -> Center:
    center = Center(db)
    create_user(db, actor=SYSTEM, username=USER, display_name="Ann Dispatcher",
                role="dispatcher", password=PASSWORD)
    for i in range(technicians):
        view, token = create_technician(
            db, actor=SYSTEM, name=f"Tech {i}", phone=f"1380000{i:04d}",
            skills=["plumbing", "locksmith"], home_base="Xuhui", home_lat=31.19 + i / 100,
            home_lon=121.43)
        center.tech_ids.append(view.id)
        center.tech_tokens.append(token)
    for i in range(channels):
        _id, token = create_channel(db, actor=SYSTEM, name=f"app-{i}", kind="app")
        center.channel_tokens.append(token)
    return center


CALL = dict(customer_name="Li Wei", phone="13900001111", address="12 Long Road", lat=31.2,
            lon=121.45, category="leak", priority="urgent")


def new_call(db: Database, **over: Any) -> int:
    return create_call(db, actor=SYSTEM, **{**CALL, **over}).id


def assigned_call(db: Database, tech_id: int, **over: Any) -> int:
    call_id = new_call(db, **over)
    assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=tech_id,
                override_reason="test")
    return call_id


def write_ticks(db: Database, n: int, tag: str = "t") -> None:
    """``n`` events in one transaction through the services' journal (fast bulk load)."""
    with db.transaction() as session:
        journal = Journal(session, Actor("system", None, "test"), db.now())
        for i in range(n):
            journal.event("test.tick", {"i": i, "tag": tag})
        journal.flush()


def run(coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def wait_until(pred: Callable[[], bool], timeout: float = 10, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or pred}")
        await asyncio.sleep(0.005)


FAST = HubLimits(batch_interval=0.1, broadcast_interval=0.05)


@asynccontextmanager
async def running_hub(db: Database, **kw: Any) -> AsyncIterator[Hub]:
    kw.setdefault("limits", FAST)
    hub = Hub(db, **kw)
    await hub.start()
    try:
        yield hub
    finally:
        await hub.stop()
