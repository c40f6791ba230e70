"""Who took personal data out of the system, who was refused it, and the export of calls
with customer data, masked by the permission table (console.permissions).

Every export, print and report leaves an audit row naming who made it (``export``,
``print_report``); a refused request for customer data leaves ``access_denied``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from console import permissions
from console.db.engine import Database
from console.db.models import Call, Setting
from console.errors import InvalidInput
from console.services.actors import Actor
from console.services.journal import Journal
from console.views import call_view
from console.wire import call_to_wire

CALLS_HEADER = ("call_id", "created_at", "status", "category", "district", "customer_name",
                "phone", "address", "price_charged")
MAX_EXPORT_DAYS = 92


def _flag(db: Database, key: str) -> bool:
    with db.reading() as session:
        row = session.get(Setting, key)
    return row is not None and row.value == "1"


def phones_in_supervisor_exports(db: Database) -> bool:
    return _flag(db, permissions.SUPERVISOR_EXPORT_PHONES)


def is_synthetic(db: Database) -> bool:
    """A demo's own database (its customers are made up)."""
    return _flag(db, permissions.SYNTHETIC_DATA)


def mark_synthetic(db: Database) -> None:
    """The demo marks the database it creates: its customers are made up, so a trainer
    sees them as they are (console.permissions)."""
    with db.transaction() as session:
        if session.get(Setting, permissions.SYNTHETIC_DATA) is None:
            session.add(Setting(key=permissions.SYNTHETIC_DATA, value="1"))


def set_flag(db: Database, *, actor: Actor, key: str, on: bool) -> None:
    """Set a privacy flag (admin's choice), audited as ``set_privacy``."""
    with db.transaction() as session:
        row = session.get(Setting, key)
        before = row is not None and row.value == "1"
        if row is None:
            session.add(Setting(key=key, value="1" if on else "0"))
        else:
            row.value = "1" if on else "0"
        Journal(session, actor, db.now()).audit(
            "set_privacy", "setting", None, {key: before}, {key: on}
        )


def _audit(db: Database, actor: Actor, action: str, entity: str, after: dict[str, Any],
           reason: str | None = None) -> None:
    with db.transaction() as session:
        Journal(session, actor, db.now()).audit(action, entity, None, None, after, reason)


def record_export(db: Database, *, actor: Actor, kind: str, rows: int, masked: bool,
                  target: str) -> None:
    _audit(db, actor, "export", "export",
           {"kind": kind, "rows": rows, "masked": masked, "target": target})


def record_print(db: Database, *, actor: Actor, kind: str, period: str, masked: bool) -> None:
    _audit(db, actor, "print_report", "report", {"kind": kind, "period": period, "masked": masked})


def record_denied(db: Database, *, actor: Actor, op: str, reason: str) -> None:
    _audit(db, actor, "access_denied", op, {"op": op, "role": actor.role}, reason)


def export_calls(db: Database, *, actor: Actor, first: date, last: date, tz: str,
                 target: str, visibility: str) -> list[list[Any]]:
    """Calls created from ``first`` to ``last`` (whole local days) with their customer data
    as ``visibility`` may see it; the export is audited (rows, masked or not, target)."""
    if last < first:
        raise InvalidInput("the last day is before the first", field="to")
    if (last - first).days >= MAX_EXPORT_DAYS:
        raise InvalidInput(f"export at most {MAX_EXPORT_DAYS} days at once", field="to")
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    with db.reading() as session:
        calls = (
            session.execute(
                select(Call)
                .where(Call.created_at >= start, Call.created_at < end)
                .options(selectinload(Call.assignments), selectinload(Call.customer))
                .order_by(Call.id)
            )
            .scalars()
            .all()
        )
        wires = [call_to_wire(call_view(c)) for c in calls]
    shown = [permissions.redact(w, visibility, in_hand=False) for w in wires]
    rows = [[w["id"], w["created_at"], w["status"], w["category"], w["district"],
             w["customer_name"], w["phone"], w["address"], w["price_charged"]] for w in shown]
    record_export(db, actor=actor, kind="calls", rows=len(rows),
                  masked=visibility != permissions.FULL, target=target)
    return rows
