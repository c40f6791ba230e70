"""Bulk-write generated history in one transaction, then make the database consistent for
live use: PostgreSQL id sequences past the explicit ids, the event counter equal to the
highest event, the center's time zone in ``settings`` and one audit row saying who seeded.

History rows bypass the services on purpose (services are for live data, one transaction
per use case); no events are written for them, because clients load history from the
database, not from the event stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from console.db.models import (
    Assignment,
    AuditRecord,
    Base,
    Call,
    CallNote,
    CostEntry,
    Customer,
    Event,
    EventCounter,
    IntakeChannel,
    Setting,
    ShiftWindow,
    Technician,
    User,
)
from console.services.actors import Actor

BATCH = 2000

#: Tables written with explicit ids, in foreign-key order.
ID_TABLES: tuple[type[Base], ...] = (
    Technician, ShiftWindow, Customer, Call, Assignment, CostEntry, CallNote,
)


def bulk_insert(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Core executemany on the model's table, in batches. (The ORM's bulk insert splits a
    batch wherever a nullable column switches between None and a value, which made
    PostgreSQL about nine times slower here.)"""
    table = model.__table__
    assert isinstance(table, Table)
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table), list(rows[start : start + BATCH]))


def existing_counts(session: Session) -> tuple[int, int]:
    calls = session.execute(select(func.count()).select_from(Call)).scalar_one()
    techs = session.execute(select(func.count()).select_from(Technician)).scalar_one()
    return int(calls), int(techs)


def insert_named(
    session: Session, model: type[User] | type[IntakeChannel], key: str,
    rows: list[dict[str, Any]],
) -> int:
    """Insert demo users or channels whose name is not taken yet; return how many."""
    column = getattr(model, key)
    taken = set(session.execute(select(column)).scalars())
    fresh = [r for r in rows if r[key] not in taken]
    if fresh:
        session.execute(insert(model), fresh)
    return len(fresh)


def label_dispatcher(session: Session, assignments: list[dict[str, Any]]) -> None:
    """Record the demo ``dispatcher`` login on seeded assignments, as its audit label."""
    user = session.execute(select(User).where(User.username == "dispatcher")).scalar_one()
    label = Actor("user", user.id, user.display_name, user.role).label
    for row in assignments:
        row["assigned_by"] = label


def set_timezone(session: Session, tz: str) -> None:
    session.execute(delete(Setting).where(Setting.key == "timezone"))
    session.execute(insert(Setting), [{"key": "timezone", "value": tz}])


def sync_counters(session: Session) -> None:
    """Leave ``event_counter.last_seq`` equal to the highest event and PostgreSQL's id
    sequences past the explicit ids, so live services continue without gaps or clashes."""
    top = session.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one()
    session.execute(update(EventCounter).where(EventCounter.id == 1).values(last_seq=top))
    if session.get_bind().dialect.name != "postgresql":
        return
    tables: tuple[type[Base], ...] = (*ID_TABLES, AuditRecord, User, IntakeChannel)
    for model in tables:
        table = model.__tablename__
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1), "
            f"(SELECT MAX(id) FROM {table}) IS NOT NULL)"
        ))
