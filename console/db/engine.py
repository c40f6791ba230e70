"""Engines and the unit-of-work session factory for SQLite (embedded) and PostgreSQL (shared).

The embedded default is a SQLite file in the user's data directory, opened in WAL mode with
foreign keys on; ``--db`` or ``DISPATCH_DB_URL`` points at a shared PostgreSQL instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

APP_NAME = "night-dispatch-console"
DB_ENV = "DISPATCH_DB_URL"

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def data_dir() -> Path:
    """Where the embedded database and demo databases live (overridable for tests)."""
    override = os.environ.get("DISPATCH_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'dispatch.sqlite3'}"


def resolve_url(url: str | None) -> str:
    """``--db`` wins, then ``DISPATCH_DB_URL``, then the embedded SQLite file."""
    if url:
        return normalise_url(url)
    env = os.environ.get(DB_ENV)
    return normalise_url(env) if env else default_url()


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str, *, writer: bool = True) -> Engine:
    """An engine; on SQLite a writer engine begins every transaction IMMEDIATE (taking the
    write lock up front, so racing writers wait instead of failing), a reader stays deferred
    so long reports never block the hub."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; emit it ourselves so that a
        # writer takes the lock up front (BEGIN IMMEDIATE) and readers see consistent data.
        begin = "BEGIN IMMEDIATE" if writer else "BEGIN"
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))

        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


class Database:
    """An engine, a session factory and the clock every service reads "now" from.

    The simulator swaps the clock for a simulated one; everything else uses UTC wall time.
    """

    def __init__(self, url: str | None = None, *, clock: Clock = utcnow) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_engine = (
            make_engine(self.url, writer=False) if self.url.startswith("sqlite") else self.engine
        )
        self.read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        self.clock = clock

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work that never takes SQLite's write lock."""
        with self.read_sessions() as session:
            yield session

    def now(self) -> datetime:
        return self.clock()

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string(hide_password=True)!r})"
