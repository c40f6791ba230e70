"""Helpers for the panel tests: real services write, the real event log is read back.

Nothing here fakes our code: calls and technicians are made by ``console.services``, the
events are the rows the journal wrote, and the snapshot is built from the same views the
hub sends.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtWidgets import QApplication

from console.client import ConsoleClient, Snapshot
from console.db.engine import Database
from console.db.models import Event
from console.domain import CallView, EventView, TechnicianView
from console.hub import Hub, HubLimits
from console.hub.snapshot import build_snapshot
from console.live_state import LiveState
from console.services import Actor, create_call, set_technician_status
from console.services.accounts import create_technician, create_user
from console.services.actors import SYSTEM
from console.services.journal import last_seq
from tests.helpers.qt_loop import QtTestLoop
from ui.dispatch_actions import DispatchActions

T = TypeVar("T")

ADMIN = Actor("user", 1, "Ann", "dispatcher")

#: A fixed evening in Shanghai: 2026-11-26 22:00 local == 14:00 UTC (a Thursday, weekday 3).
EVENING = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


def next_night_hour(at: datetime, hour: int = 22, tz: str = "Asia/Shanghai") -> datetime:
    """The first ``hour``:00 local at or after ``at``: a moment in the middle of the timeline's
    night window whatever time of day the test runs."""
    zone = ZoneInfo(tz)
    local = at.astimezone(zone)
    target = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target < local:
        target += timedelta(days=1)
    return target


class Clock:
    """An injectable clock the tests move by hand."""

    def __init__(self, start: datetime = EVENING) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def events_since(db: Database, seq: int = 0) -> list[EventView]:
    with db.reading() as s:
        rows = s.execute(select(Event).where(Event.seq > seq).order_by(Event.seq)).scalars()
        return [EventView(r.seq, r.type, r.at, dict(r.payload)) for r in rows]


def snapshot(db: Database) -> Snapshot:
    """The snapshot the hub would send now (its own builder, parsed by the client's parser)."""
    return Snapshot.from_wire(build_snapshot(db, timedelta(hours=24), {}))


#: On shift at any hour a test runs: the night shift and an overlapping day shift. A night
#: shift alone (18:00-06:00 Shanghai) leaves a test run at 07:30 planning for the evening.
ALWAYS_ON_SHIFT = [
    (d, start, end) for d in range(7) for start, end in (("18:00", "06:00"), ("04:00", "20:00"))
]


def add_tech(
    db: Database,
    name: str,
    skills: tuple[str, ...] = ("plumbing",),
    *,
    on_duty: bool = True,
    lat: float = 31.23,
    lon: float = 121.47,
    shifts: list[tuple[int, str, str]] | None = None,
) -> TechnicianView:
    phone = f"+86138{abs(hash(name)) % 10**8:08d}"
    view, _token = create_technician(
        db,
        actor=ADMIN,
        name=name,
        phone=phone,
        skills=list(skills),
        home_base="Base",
        home_lat=lat,
        home_lon=lon,
        shifts=shifts if shifts is not None else ALWAYS_ON_SHIFT,
    )
    if on_duty:
        return set_technician_status(db, actor=ADMIN, technician_id=view.id, status="available")
    return view


def add_call(
    db: Database,
    *,
    name: str = "Li Lei",
    phone: str = "+8613900000001",
    address: str = "1 Nanjing Rd",
    category: str = "leak",
    priority: str = "normal",
    district: str = "Huangpu",
    lat: float = 31.235,
    lon: float = 121.48,
    crew_size: int = 1,
) -> CallView:
    crew: dict[str, int] = {"crew_size": crew_size} if crew_size > 1 else {}
    return create_call(
        db,
        actor=ADMIN,
        customer_name=name,
        phone=phone,
        address=address,
        lat=lat,
        lon=lon,
        category=category,
        priority=priority,
        district=district,
        **crew,
    )


@pytest.fixture(autouse=True)
def collect_qt_garbage() -> Iterator[None]:
    """Collect each test's garbage here, on the Qt thread: a QObject freed by a collection
    that happens to run on a hub worker thread aborts the process."""
    yield
    gc.collect()


# --- a real hub on loopback, driven from the Qt loop (qasync) ---------------------------------

USERS = {"ann": "Ann", "bob": "Bob"}
PASSWORD = "night-shift"


@dataclass
class Desk:
    """One dispatcher's console: a logged-in client, its LiveState and DispatchActions."""

    client: ConsoleClient
    state: LiveState
    actions: DispatchActions


class HubRig:
    """A Hub on a temp database, dispatcher accounts, and helpers that let the Qt event loop
    run (qasync drives asyncio from it) until something is true - never a sleep."""

    def __init__(self, db: Database, loop: asyncio.AbstractEventLoop, qtbot: QtBot) -> None:
        self.db = db
        self.loop = loop
        self.qtbot = qtbot
        for username, name in USERS.items():
            create_user(
                db,
                actor=SYSTEM,
                username=username,
                display_name=name,
                role="dispatcher",
                password=PASSWORD,
            )
        self.hub = Hub(db, limits=HubLimits(batch_interval=0.1, broadcast_interval=0.05))
        self.desks: list[Desk] = []

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 20) -> T:
        task = self.loop.create_task(coro)
        try:
            self.qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        except Exception:
            task.cancel()
            raise
        return task.result()

    def until(self, pred: Callable[[], bool], timeout: float = 10, what: str = "") -> None:
        try:
            self.qtbot.waitUntil(pred, timeout=int(timeout * 1000))
        except Exception as exc:
            raise AssertionError(f"timed out waiting for {what or pred}") from exc

    def desk(self, username: str = "ann") -> Desk:
        client = ConsoleClient(self.hub.url, username=username, password=PASSWORD)
        state = LiveState()
        client.on_snapshot(state.apply_snapshot)
        client.on_event(state.apply_event)
        client.on_positions(state.apply_positions)
        self.run(client.start())
        self.run(client.wait_ready())
        desk = Desk(client, state, DispatchActions(client, state))
        self.desks.append(desk)
        return desk

    def caught_up(self, desk: Desk) -> None:
        """Wait until ``desk`` has seen every event written so far."""
        with self.db.reading() as s:
            seq = last_seq(s)
        self.until(lambda: desk.state.last_seq >= seq, what=f"seq {seq}")

    def close(self) -> None:
        for desk in self.desks:
            self.run(desk.actions.drain())
            self.run(desk.client.close())
        self.run(self.hub.stop())


@pytest.fixture(name="hub_rig")
def hub_rig_fixture(db: Database, qapp: QApplication, qtbot: QtBot) -> Iterator[HubRig]:
    """A started hub on the test database; import it into a test module to use it.

    The qasync loop is created "already running": Qt's event processing (qtbot.waitUntil,
    waitSignal) is what runs asyncio, exactly as in the application.
    """
    test_loop = QtTestLoop(qapp)
    rig = HubRig(db, test_loop.loop, qtbot)
    try:
        rig.run(rig.hub.start())
        yield rig
    finally:
        try:
            rig.close()
        finally:
            test_loop.close()
