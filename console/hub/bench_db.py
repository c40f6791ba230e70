"""Databases for ``bench hub``: a scratch PostgreSQL database, and the track count that
proves no accepted fix was lost."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator

import psycopg
from sqlalchemy import func, make_url, select

from console.db.engine import Database
from console.db.models import PositionFix


@contextlib.contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new, empty database beside the one ``server_url`` names (``<name>_bench_<hex>``),
    dropped afterwards: the bench never writes into a database someone uses."""
    url = make_url(server_url)
    name = f"{url.database or 'postgres'}_bench_{secrets.token_hex(4)}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count_fixes(url: str) -> int:
    """Rows in the track table (after the hubs stopped and flushed)."""
    db = Database(url)
    try:
        with db.reading() as session:
            return int(session.execute(select(func.count(PositionFix.id))).scalar_one())
    finally:
        db.dispose()
