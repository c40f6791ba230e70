"""What each request does: authorise against the principal, then call one service.

These functions are synchronous (SQLAlchemy services) and run on the hub's writer thread
(writes) or reader threads (look-ups), never on the event loop. Each returns the ``result``
of the ``ok`` answer; a refusal is a DispatchError the hub puts on the wire.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from console.db.engine import Database
from console.db.models import Assignment, Call, Setting
from console.domain import CallStatus, Channel, Skill, TechStatus
from console.errors import Forbidden, InvalidInput, NotFound
from console.hub import snapshot
from console.hub.auth import Principal
from console.services import (
    advance_status,
    cancel_call,
    complete_call,
    create_call,
    fail_call,
    policy,
    set_technician_status,
    take_call,
    validate,
)
from console.timezone import CENTER_TZ
from console.wire import call_to_wire, technician_to_wire

Op = Callable[[Database, Principal, dict[str, Any]], Any]

_STEPS = {
    "accept": CallStatus.ACCEPTED,
    "en_route": CallStatus.EN_ROUTE,
    "on_site": CallStatus.ON_SITE,
}
_SHIFT = {
    "start": TechStatus.AVAILABLE,
    "end": TechStatus.OFF_DUTY,
    "break": TechStatus.ON_BREAK,
    "resume": TechStatus.AVAILABLE,
}


def _skills(fields: dict[str, Any]) -> None:
    for s in fields.get("required_skills") or []:
        validate.choice("required_skills", Skill, s)


# --- field app ---------------------------------------------------------------------


def _own_job(db: Database, p: Principal, call_id: int) -> None:
    """A field app may act only on calls its technician is assigned to."""
    with db.reading() as session:
        if session.get(Call, call_id) is None:
            raise NotFound(f"call {call_id} does not exist", call_id=call_id)
        mine = session.execute(
            select(Assignment.id).where(
                Assignment.call_id == call_id,
                Assignment.technician_id == p.technician_id,
                Assignment.active.is_(True),
            )
        ).first()
    if mine is None:
        raise Forbidden(f"call {call_id} is not assigned to you", call_id=call_id)


def field_step(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    step, call_id = f["step"], f["call_id"]
    allowed = {
        "accept": ("expected_version", "at"),
        "en_route": ("expected_version", "at"),
        "on_site": ("expected_version", "at"),
        "complete": (
            "notes", "parts", "price_charged", "rating", "feedback", "expected_version", "at"
        ),
        "fail": ("reason", "expected_version", "at"),
    }
    if step not in allowed:
        raise InvalidInput(f"step {step!r} is not one of: {', '.join(allowed)}", field="step")
    extra = sorted(k for k in f if k not in ("step", "call_id", *allowed[step]))
    if extra:
        raise InvalidInput(f"step {step} does not take {', '.join(extra)}", field=extra[0])
    _own_job(db, p, call_id)
    kw = {k: v for k, v in f.items() if k not in ("step", "call_id")}
    if step in _STEPS:
        view = advance_status(db, actor=p.actor, call_id=call_id, to=_STEPS[step], **kw)
    elif step == "complete":
        view = complete_call(db, actor=p.actor, call_id=call_id, **kw)
    else:
        if "reason" not in kw:
            raise InvalidInput("step fail needs a 'reason'", field="reason")
        view = fail_call(db, actor=p.actor, call_id=call_id, **kw)
    return {"call": call_to_wire(view)}


def field_shift(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    action = f["action"]
    if action not in _SHIFT:
        raise InvalidInput(
            f"shift action {action!r} is not one of: {', '.join(_SHIFT)}", field="action"
        )
    assert p.technician_id is not None
    view = set_technician_status(
        db, actor=p.actor, technician_id=p.technician_id, status=_SHIFT[action], at=f.get("at")
    )
    return {"technician": technician_to_wire(view)}


# --- intake channel ----------------------------------------------------------------


def _key(p: Principal, key: str) -> str:
    """Keys are per channel: two channels of one kind may both send key 'A1'."""
    return f"{p.channel_id}:{validate.text('idempotency_key', key, max_len=100)}"


def intake_new_call(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    _skills(f)
    kw = dict(f)
    key = _key(p, kw.pop("idempotency_key"))
    taken = take_call(
        db, actor=p.actor, channel=p.channel_kind or Channel.APP, idempotency_key=key, **kw
    )
    return {"call": call_to_wire(taken.call), "duplicate": taken.duplicate}


def intake_cancel(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    with db.reading() as session:
        if "idempotency_key" in f:
            key = _key(p, f["idempotency_key"])
            call = session.execute(
                select(Call).where(Call.channel == p.channel_kind, Call.idempotency_key == key)
            ).scalar_one_or_none()
            if call is None:
                raise NotFound(f"no call from this channel has key {f['idempotency_key']!r}")
        elif "call_id" in f:
            call = session.get(Call, f["call_id"])
            if call is None:
                raise NotFound(f"call {f['call_id']} does not exist", call_id=f["call_id"])
        else:
            raise InvalidInput(
                "cancel needs 'idempotency_key' or 'call_id'", field="idempotency_key"
            )
        prefix = f"{p.channel_id}:"
        if call.channel != p.channel_kind or not (call.idempotency_key or "").startswith(prefix):
            raise Forbidden(f"call {call.id} did not come from this channel", call_id=call.id)
        call_id = call.id
    view = cancel_call(db, actor=p.actor, call_id=call_id, reason=f.get("reason", ""))
    return {"call": call_to_wire(view)}


# --- console -----------------------------------------------------------------------


def call_op(service: Callable[..., Any]) -> Op:
    """A console request that is one call service with the principal as actor."""

    def run(db: Database, p: Principal, f: dict[str, Any]) -> Any:
        return {"call": call_to_wire(service(db, actor=p.actor, **f))}

    run.__name__ = service.__name__
    return run


def console_create_call(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    """A console's key is its own namespace: a resent form returns the first call."""
    _skills(f)
    kw = dict(f)
    if "idempotency_key" in kw:
        key = validate.text("idempotency_key", kw["idempotency_key"], max_len=100)
        kw["idempotency_key"] = f"console:{key}"
    return {"call": call_to_wire(create_call(db, actor=p.actor, **kw))}


def console_set_status(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    view = set_technician_status(db, actor=p.actor, **f)
    return {"technician": technician_to_wire(view)}


def console_lookup(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return snapshot.lookup_customer(db, f["phone"])


def console_detail(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return snapshot.call_detail(db, f["call_id"])


def console_policies(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    """Every dispatch policy and the center's time zone (the status bar shows the mode)."""
    with db.reading() as session:
        rows = policy.list_policies(session)
        tz = session.get(Setting, "timezone")
    return {
        "policies": [dataclasses.asdict(r) for r in rows],
        "timezone": tz.value if tz is not None else CENTER_TZ,
    }


def console_set_policy(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    return {"policy": dataclasses.asdict(policy.set_policy(db, actor=p.actor, **f))}


def console_remove_policy(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    policy.remove_policy(db, actor=p.actor, policy_id=f["policy_id"])
    return {"removed": f["policy_id"]}


def _transient(exc: Exception) -> bool:
    """A race another transaction won (unique key, deadlock, serialisation): safe to redo,
    because the failed transaction was rolled back whole."""
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return isinstance(exc, OperationalError) and code in ("40001", "40P01")


def connection_lost(exc: BaseException) -> bool:
    """The database connection went away (a server restart, a cut link, a server still
    starting up): the transaction did not commit, or committed without our knowing. Redoing
    it is safe only for reads and for writes with a command id, whose record says which."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    code = getattr(exc.orig, "sqlstate", None)
    if code is None:  # psycopg: refused / closed before the server said anything
        return type(exc.orig).__module__.startswith("psycopg")
    return str(code).startswith("08") or code in ("57P01", "57P02", "57P03")


def run_op(op: Op, db: Database, p: Principal, fields: dict[str, Any], attempts: int = 3) -> Any:
    """Run one operation on a worker thread, redoing it after a transient race."""
    for attempt in range(1, attempts + 1):
        try:
            return op(db, p, fields)
        except (IntegrityError, OperationalError) as exc:
            if attempt == attempts or not _transient(exc):
                raise
    raise AssertionError("unreachable")  # pragma: no cover
