"""Shared fixtures: offscreen Qt, an isolated data directory, and real databases.

Every database test runs on SQLite and on PostgreSQL. PostgreSQL tests use the server named
by ``DISPATCH_TEST_PG_URL``; when that variable is set they must run and fail loudly if the
server is unreachable. Only when it is unset are they skipped (a laptop without PostgreSQL).
Each PostgreSQL test gets its own database, cloned from a migrated template.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("DISPATCH_DATA_DIR", tempfile.mkdtemp(prefix="ndc-data-"))
os.environ.pop("DISPATCH_DB_URL", None)

import gc
import itertools
import queue
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from console.db.engine import Database, normalise_url
from console.db.migrate import upgrade

PG_ENV = "DISPATCH_TEST_PG_URL"
_TEMPLATE = f"ndc_template_{uuid.uuid4().hex[:8]}"
_counter = itertools.count()


def pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    return normalise_url(url) if url else None


class PostgresDatabases:
    """Creates throwaway databases from one migrated template on the test server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []
        self._drops: queue.Queue[str | None] = queue.Queue()
        self._dropper = threading.Thread(target=self._drop_loop, name="pg-dropper", daemon=True)
        self._dropper.start()
        with self.admin.connect() as conn:  # fails loudly when the server is down
            conn.execute(text(f'CREATE DATABASE "{_TEMPLATE}"'))
        self.created.append(_TEMPLATE)
        template = Database(self.url_for(_TEMPLATE))
        upgrade(template)
        template.dispose()

    def url_for(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def fresh(self) -> str:
        name = f"ndc_t_{os.getpid()}_{next(_counter)}"
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATE}"'))
        self.created.append(name)
        return self.url_for(name)

    def release(self, url: str) -> None:
        """Drop a test's database in the background while the next tests run."""
        name = make_url(url).database
        if name:
            self._drops.put(name)

    def _drop_loop(self) -> None:
        while (name := self._drops.get()) is not None:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.created.remove(name)

    def close(self) -> None:
        self._drops.put(None)
        self._dropper.join()
        with self.admin.connect() as conn:
            for name in reversed(self.created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PostgresDatabases]:
    admin = pg_admin_url()
    if admin is None:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL tests need a server")
    dbs = PostgresDatabases(admin)
    yield dbs
    dbs.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'dispatch.sqlite3'}"
        db = Database(url)
        upgrade(db)
        db.dispose()
        yield url
        return
    dbs: PostgresDatabases = request.getfixturevalue("pg_databases")
    url = dbs.fresh()
    yield url
    dbs.release(url)


@pytest.fixture
def pg_url(pg_databases: PostgresDatabases) -> Iterator[str]:
    """A migrated, empty PostgreSQL database (for PostgreSQL-only tests)."""
    url = pg_databases.fresh()
    yield url
    pg_databases.release(url)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


#: Test folders that start Qt (widgets, QtWebEngine, real windows). With pytest-xdist they
#: all run in one worker, in file order, and the rest (no Qt) in the other: Qt's and
#: qasync's teardown is only known to be safe in the suite's own order (a UI test file
#: followed by some asyncio test files in one process has crashed), so the two never mix.
QT_FOLDERS = frozenset({"ui", "maps", "web", "e2e", "packaging"})
_TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        group = "qt" if _in_qt_folder(item.path) else "core"
        item.add_marker(pytest.mark.xdist_group(group))


def _in_qt_folder(path: Path) -> bool:
    parts = path.resolve().relative_to(_TESTS).parts
    return len(parts) > 1 and parts[0] in QT_FOLDERS


@pytest.fixture(autouse=True)
def _collect_on_qt_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests never let the cycle collector run on another thread.

    Left automatic, a collection can start in whatever thread allocates (the planner's
    executor thread, a database worker, the tile pool) and free a cycle holding a QObject
    there: a segfault (CI saw one in ``concurrent.futures``' manager thread). The app guards
    itself with ``ui.gc_guard``; a test collects here, on the main thread, when it ends.
    """
    if not _in_qt_folder(request.node.path):
        gc.enable()
        yield
        return
    gc.disable()
    yield
    gc.collect()


def pytest_configure(config: pytest.Config) -> None:
    """The map's ``ndctile:`` scheme must be known to QtWebEngine before any QApplication."""
    config.addinivalue_line("markers", "xdist_group(name): the worker group (see QT_FOLDERS)")
    from maps.tile_scheme import register_scheme

    register_scheme()
