"""UI fixtures: a real in-process Hub on a temp SQLite database with seeded users and
technicians, signed-in ConsoleClients, and a ``make_main_window`` factory that cleans up.

Everything asynchronous runs on one qasync loop per test, driven by ``arun(coro)``; waiting
is ``await until(predicate)`` (polls with a deadline), never a sleep. Qt widgets live on the
same thread, so signals from the hub's callbacks reach them directly. Each test gets fresh
settings in its own INI file (nothing touches the user's profile).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import shiboken6

import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

from console.db.engine import Database
from console.db.migrate import upgrade
from console.domain import TechnicianView
from console.services.accounts import create_technician
from console.services.actors import SYSTEM
from console.services.technicians import set_technician_status
from tests.helpers.qt_loop import QtTestLoop
from ui import settings as settings_module
from ui.settings import Settings

ROLES = ("dispatcher", "supervisor", "trainer", "admin")

#: (name, skills, home district, lat, lon, available?)
TECHNICIANS = (
    ("王伟", ["plumbing"], "Huangpu", 31.2304, 121.4737, True),
    ("Emma Clarke", ["plumbing", "heating"], "Xuhui", 31.1880, 121.4365, True),
    ("李娜", ["locksmith"], "Jing'an", 31.2290, 121.4480, True),
    ("Lucas Smith", ["electrical"], "Pudong", 31.2210, 121.5440, True),
    ("张敏", ["appliance", "electrical"], "Putuo", 31.2490, 121.3970, False),
    ("Mia Brown", ["glazing", "pest"], "Yangpu", 31.2590, 121.5260, False),
)


async def until(
    predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition"
) -> Any:
    """Poll ``predicate`` on the running loop until it is truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        await asyncio.sleep(0.01)


@pytest.fixture
def qloop(qapp: Any) -> Iterator[qasync.QEventLoop]:
    """A qasync loop marked running for the whole test: whenever Qt processes events (in
    ``arun``, qtbot waits or a dialog), asyncio callbacks run with their loop in place."""
    test_loop = QtTestLoop(qapp)
    loop = test_loop.loop
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        _drive(loop, asyncio.gather(*pending, return_exceptions=True), 10.0)
    _drive(loop, loop.shutdown_asyncgens(), 10.0)
    test_loop.close(finish_run=True)


def _drive(loop: qasync.QEventLoop, aw: Awaitable[Any], timeout: float) -> Any:
    """Run Qt's event loop (and so asyncio's) until ``aw`` is done or the deadline passes."""
    task = asyncio.ensure_future(aw, loop=loop)
    if not task.done():
        waiter = QEventLoop()
        deadline = QTimer(waiter, singleShot=True, interval=int(timeout * 1000))
        deadline.timeout.connect(waiter.quit)  # dies with the waiter: no stray timer
        task.add_done_callback(lambda _t: waiter.quit())
        deadline.start()
        waiter.exec()
        deadline.stop()
    if not task.done():
        task.cancel()
        raise AssertionError(f"{aw!r} did not finish within {timeout:g}s")
    return task.result()


@pytest.fixture
def arun(qloop: qasync.QEventLoop) -> Callable[..., Any]:
    """Run a coroutine to completion on the test's qasync loop (with a deadline)."""

    def run(aw: Awaitable[Any], timeout: float = 30.0) -> Any:
        return _drive(qloop, aw, timeout)

    return run


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path) -> Iterator[Settings]:
    s = Settings.in_file(tmp_path / "settings.ini")
    s.set("map/tile_source", "none")  # nothing loads from the internet in tests
    settings_module.use(s)
    yield s
    settings_module.use(None)


@dataclass
class HubEnv:
    db: Database
    hub: Any
    technicians: list[TechnicianView] = field(default_factory=list)
    tokens: dict[int, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return str(self.hub.url)

    async def stop(self) -> None:
        await self.hub.stop()

    async def restart(self) -> None:
        """A new hub on the same port (a hub cannot be restarted once stopped)."""
        from console.hub.server import Hub

        self.hub = Hub(self.db, port=self.hub.port)
        await self.hub.start()


def seed(db: Database) -> tuple[list[TechnicianView], dict[int, str]]:
    """Console users (password = user name) and a small night crew, some on shift."""
    from ui.app import ensure_users

    ensure_users(db)
    techs, tokens = [], {}
    for i, (name, skills, base, lat, lon, on_shift) in enumerate(TECHNICIANS):
        view, token = create_technician(
            db,
            actor=SYSTEM,
            name=name,
            phone=f"1390000{i:04d}",
            skills=skills,
            home_base=base,
            home_lat=lat,
            home_lon=lon,
            shifts=[(d, "18:00", "06:00") for d in range(7)],
        )
        if on_shift:
            view = set_technician_status(
                db, actor=SYSTEM, technician_id=view.id, status="available"
            )
        techs.append(view)
        tokens[view.id] = token
    return techs, tokens


@pytest.fixture
def hub_env(tmp_path: Path, arun: Callable[..., Any]) -> Iterator[HubEnv]:
    from console.hub.server import Hub

    db = Database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    upgrade(db)
    techs, tokens = seed(db)
    env = HubEnv(db, Hub(db), techs, tokens)
    arun(env.hub.start())
    yield env
    arun(env.hub.stop())
    db.dispose()


@pytest.fixture
def connect(hub_env: HubEnv, arun: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    """``connect(role)`` -> a started ConsoleClient signed in as that role's user."""
    from console.client import ConsoleClient

    clients: list[Any] = []

    def make(role: str = "dispatcher", prepare: Callable[[Any], None] | None = None) -> Any:
        client = ConsoleClient(
            hub_env.url, username=role, password=role, backoff_initial=0.05, backoff_max=0.3
        )
        if prepare is not None:
            prepare(client)
        arun(client.start())
        arun(client.wait_ready(timeout=15))
        clients.append(client)
        return client

    yield make
    for client in clients:
        arun(client.close())


@pytest.fixture
def client(connect: Callable[..., Any]) -> Any:
    return connect("dispatcher")


@pytest.fixture
def make_main_window(
    qtbot: Any,
    hub_env: HubEnv,
    connect: Callable[..., Any],
    arun: Callable[..., Any],
    fresh_settings: Settings,
) -> Iterator[Any]:
    """``make_main_window(role="dispatcher", settings=None, with_map=False, clock=None,
    hub_only=False)``; ``hub_only`` is a console started with ``--hub`` (no database)."""
    from ui.app import create_window
    from ui.session import Session

    windows: list[Any] = []

    def make(
        role: str = "dispatcher",
        *,
        settings: Settings | None = None,
        with_map: bool = False,
        clock: Callable[[], Any] | None = None,
        hub_only: bool = False,
    ) -> Any:
        session = Session()
        session.db_url = None if hub_only else hub_env.db.url
        if clock is not None:
            session.clock = clock
        session.client = connect(role, prepare=session.attach)
        window = create_window(session, settings or fresh_settings, with_map=with_map, sound=False)
        window.show()  # cleaned up below, in a safe order (not by qtbot)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if not shiboken6.isValid(window):
            continue
        window.close()  # saves the layout and stops the window's timers
        arun(window.ctx.actions.drain())
        arun(window.ctx.client.close())  # no more deliveries into a dying window
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
