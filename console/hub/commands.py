"""Idempotent commands: a client's command id is recorded with its result, in the same
transaction as the command's effect, so a repeat is answered from the record instead of
being done again (on this hub or any other hub of the database).

How it joins the service's own transaction without the service knowing: while an operation
runs on a writer thread with a command id, SQLAlchemy session hooks on the database's session
factory watch that thread's transactions. The first one that writes also inserts the
``command_results`` row (status applied, the row it touched as ``subject``) just before it
commits; the answer's ``result`` is filled in right after. Two hubs racing on one id: the
second insert violates the primary key, its whole transaction rolls back, and the redo finds
the first one's record. A hub killed between the commit and filling in the result leaves an
applied row without a result: a repeat answers with the subject's current state.

A refusal (a DispatchError with nothing committed) is recorded too, so a repeat gets the same
refusal. Rows older than ``RETENTION`` are purged; a repeat after that runs again.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, UOWTransaction, selectinload

from console.db.engine import Database
from console.db.models import (
    Assignment,
    Call,
    CallNote,
    CommandResult,
    DispatchPolicy,
    Technician,
)
from console.errors import DispatchError, InvalidInput
from console.hub.auth import Principal
from console.hub.ops import Op, run_op
from console.services.retention import COMMAND_RESULT_DAYS
from console.views import call_view, technician_view
from console.wire import call_to_wire, technician_to_wire

#: How long a command id is remembered (an outbox older than this resends as new commands);
#: the nightly retention run deletes older rows too, when no command comes to purge them.
RETENTION = timedelta(days=COMMAND_RESULT_DAYS)
#: Each process purges expired rows at most this often (seconds).
PURGE_EVERY = 600.0
MAX_COMMAND_ID = 64

_local = threading.local()
_last_purge = [0.0]


@dataclass
class _Pending:
    """The command running on this thread and how far its record got."""

    key: str
    type: str
    now: Callable[[], datetime]
    subject: str | None = None
    staged: bool = False  # the row is inserted in the open transaction
    claimed: bool = False  # ... and that transaction committed


def _pending() -> _Pending | None:
    return getattr(_local, "pending", None)


def scoped_key(p: Principal, command_id: object) -> str:
    """The id as stored: per sender, so no one can replay another sender's answers."""
    if not isinstance(command_id, str) or not 0 < len(command_id) <= MAX_COMMAND_ID:
        raise InvalidInput(
            f"command_id must be text of 1 to {MAX_COMMAND_ID} characters", field="command_id"
        )
    who = p.technician_id if p.kind == "field" else p.channel_id if p.kind == "intake" else None
    if who is None:
        who = p.actor.id or 0
    return f"{p.kind}:{who}:{command_id}"


# --- the session hooks -----------------------------------------------------------------


def install(db: Database) -> None:
    """Watch ``db``'s writer sessions (idempotent; the hub calls it once)."""
    if event.contains(db.sessions, "after_flush", _after_flush):
        return
    event.listen(db.sessions, "after_flush", _after_flush)
    event.listen(db.sessions, "before_commit", _before_commit)
    event.listen(db.sessions, "after_commit", _after_commit)
    event.listen(db.sessions, "after_rollback", _after_rollback)


def _subject(objs: list[object]) -> str | None:
    """The row a command changed, preferring the call (a note or an assignment names it)."""
    for obj in objs:
        if isinstance(obj, Call) and obj.id is not None:
            return f"call:{obj.id}"
    for obj in objs:
        if isinstance(obj, CallNote | Assignment) and obj.call_id is not None:
            return f"call:{obj.call_id}"
    for cls, name in ((Technician, "technician"), (DispatchPolicy, "policy")):
        for obj in objs:
            if isinstance(obj, cls) and obj.id is not None:
                return f"{name}:{obj.id}"
    return None


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    p = _pending()
    if p is None or p.claimed:
        return
    session.info["command_wrote"] = True
    if p.subject is None:
        p.subject = _subject([*session.new, *session.dirty])


def _before_commit(session: Session) -> None:
    p = _pending()
    if p is None or p.claimed or p.staged or not session.info.get("command_wrote"):
        return
    session.execute(
        insert(CommandResult).values(
            key=p.key, type=p.type, status="applied", subject=p.subject, created_at=p.now()
        )
    )
    p.staged = True


def _after_commit(session: Session) -> None:
    p = _pending()
    if p is not None and p.staged:
        p.claimed = True


def _after_rollback(session: Session) -> None:
    p = _pending()
    if p is not None and not p.claimed:
        p.staged = False


# --- running a command once ----------------------------------------------------------


def run_once(
    op: Op, db: Database, p: Principal, fields: dict[str, Any], command_id: str, type_: str
) -> Any:
    """Run ``op`` unless ``command_id`` was seen; answer a repeat from its record."""
    key = scoped_key(p, command_id)
    _purge(db)

    def attempt(db: Database, p: Principal, fields: dict[str, Any]) -> Any:
        found = _lookup(db, key)
        if found is not None:
            return _replay(db, found)
        pending = _Pending(key, type_, db.now)
        _local.pending = pending
        try:
            result = op(db, p, fields)
        except DispatchError as exc:
            _local.pending = None  # the record below is not part of the command
            if not pending.claimed:
                _record(db, key, type_, "refused", exc.to_wire())
            raise
        finally:
            _local.pending = None
        if pending.claimed:
            _fill(db, key, result)
        else:  # it wrote nothing of its own (an intake key seen before): remember the answer
            _record(db, key, type_, "applied", result)
        return result

    return run_op(attempt, db, p, fields)


def _lookup(db: Database, key: str) -> CommandResult | None:
    with db.reading() as session:
        return session.get(CommandResult, key)


def _record(db: Database, key: str, type_: str, status: str, result: Any) -> None:
    try:
        with db.transaction() as session:
            session.add(
                CommandResult(
                    key=key,
                    type=type_,
                    status=status,
                    result=json.dumps(result, default=str),
                    created_at=db.now(),
                )
            )
    except IntegrityError:
        pass  # another hub recorded this id meanwhile; its record stands


def _fill(db: Database, key: str, result: Any) -> None:
    with db.transaction() as session:
        session.execute(
            update(CommandResult)
            .where(CommandResult.key == key)
            .values(result=json.dumps(result, default=str))
        )


def _replay(db: Database, row: CommandResult) -> Any:
    if row.status == "refused":
        from console.hub.protocol import error_from_wire

        raise error_from_wire(json.loads(row.result or "{}"))
    if row.result is not None:
        return json.loads(row.result)
    return _rederive(db, row.subject)


def _rederive(db: Database, subject: str | None) -> Any:
    """The answer of a command whose hub died before recording it: its row as it is now."""
    kind, _, ident = (subject or "").partition(":")
    with db.reading() as session:
        if kind == "call":
            call = session.execute(
                select(Call)
                .where(Call.id == int(ident))
                .options(selectinload(Call.assignments), selectinload(Call.customer))
            ).scalar_one()
            return {"call": call_to_wire(call_view(call))}
        if kind == "technician":
            tech = session.get(Technician, int(ident))
            assert tech is not None
            return {"technician": technician_to_wire(technician_view(tech))}
    return {"applied": True, "subject": subject}


def _purge(db: Database) -> None:
    now = time.monotonic()
    if now - _last_purge[0] < PURGE_EVERY:
        return
    _last_purge[0] = now
    with db.transaction() as session:
        expired = CommandResult.created_at < db.now() - RETENTION
        session.execute(delete(CommandResult).where(expired))
