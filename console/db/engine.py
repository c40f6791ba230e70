"""Engines and the unit-of-work session factory for SQLite (embedded) and PostgreSQL (shared).

The embedded default is a SQLite file in the user's data directory, opened in WAL mode with
foreign keys on; ``--db`` or ``DISPATCH_DB_URL`` points at a shared PostgreSQL instead (or
names a SQLite file: a URL, or the path of an existing file). ``Database(..., read_only=True)``
opens an existing SQLite file without creating or changing any file, for commands that only
read (reports, ``db current``).
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
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

APP_NAME = "night-dispatch-console"
DB_ENV = "DISPATCH_DB_URL"

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def data_dir(*, create: bool = True) -> Path:
    """Where the embedded database and demo databases live (overridable for tests)."""
    override = os.environ.get("DISPATCH_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    """The embedded file's URL; its folder is made when a writer opens it, not here."""
    return f"sqlite:///{data_dir(create=False) / 'dispatch.sqlite3'}"


def resolve_url(url: str | None) -> str:
    """``--db`` wins, then ``DISPATCH_DB_URL``, then the embedded SQLite file."""
    if url:
        return normalise_url(url)
    env = os.environ.get(DB_ENV)
    return normalise_url(env) if env else default_url()


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and use the psycopg 3 driver for them;
    the path of an existing file means that SQLite file. Any other text without ``://`` is
    refused with the URL to write, rather than creating a file from a typo."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if "://" not in url and not url.startswith("sqlite:"):
        path = Path(url).expanduser()
        if path.is_file():
            return f"sqlite:///{path.resolve()}"
        raise ArgumentError(
            f"{url!r} is neither a database URL nor an existing file; for a new SQLite "
            f"database write sqlite:///{path.resolve()}"
        )
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///PATH`` URL (None for other databases and :memory:)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///"))
    return None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _read_only_sqlite(path: Path) -> Engine:
    """An existing file opened read-only: no WAL switch, no journal, no new files. While a
    hub has it open (its -wal file exists) reads go through the WAL; otherwise the file is
    quiescent and is read as immutable, which needs no -shm file either."""
    if not path.is_file():
        raise FileNotFoundError(f"database file {path} does not exist")
    wal = path.with_name(path.name + "-wal").exists()
    mode = "mode=ro" if wal else "mode=ro&immutable=1"
    engine = create_engine(
        f"sqlite:///file:{path.resolve()}?{mode}&uri=true",
        connect_args={"check_same_thread": False, "timeout": 30},
    )

    @event.listens_for(engine, "connect")
    def _reader(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA busy_timeout=30000")

    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def make_engine(url: str, *, writer: bool = True, read_only: bool = False) -> Engine:
    """An engine; on SQLite a writer engine begins every transaction IMMEDIATE (taking the
    write lock up front, so racing writers wait instead of failing), a reader stays deferred
    so long reports never block the hub. ``read_only`` opens an existing SQLite file
    without writing anything (other databases: the ordinary engine)."""
    url = normalise_url(url)
    path = sqlite_path(url)
    if read_only and path is not None:
        return _read_only_sqlite(path)
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

    def __init__(
        self, url: str | None = None, *, clock: Clock = utcnow, read_only: bool = False
    ) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url, read_only=read_only)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_engine = (
            make_engine(self.url, writer=False)
            if self.url.startswith("sqlite") and not read_only
            else self.engine
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
