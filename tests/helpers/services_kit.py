"""Helpers shared by the service tests (no tests here): a dispatcher actor, technicians and
calls made through the real services, row counts, and driving a call to any state."""

from __future__ import annotations

from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import (
    Assignment,
    AuditRecord,
    Call,
    CallNote,
    CostEntry,
    Customer,
    Event,
    EventCounter,
    IntakeChannel,
    ShiftWindow,
    Technician,
    User,
)
from console.domain import CallStatus, CallView
from console.services import (
    Actor,
    advance_status,
    assign_call,
    cancel_call,
    complete_call,
    create_call,
    fail_call,
    set_technician_status,
    unassign_call,
)
from console.services.accounts import create_technician

DISPATCHER = Actor("user", 2, "Night Dispatcher", "dispatcher")
_COUNTED = (AuditRecord, Event, Call, Assignment, CostEntry, CallNote, Customer, Technician,
            ShiftWindow, User, IntakeChannel)


def make_tech(db: Database, name: str = "王伟", *, skills: tuple[str, ...] = ("plumbing",),
              available: bool = True, phone: str = "13800000001") -> int:
    view, _token = create_technician(
        db, actor=DISPATCHER, name=name, phone=phone, skills=list(skills),
        home_base="徐汇区漕溪北路 88 号", home_lat=31.19, home_lon=121.43,
        shifts=[(d, "20:00", "06:00") for d in range(7)],
    )
    if available:
        set_technician_status(db, actor=DISPATCHER, technician_id=view.id, status="available")
    return view.id


def make_call(db: Database, **overrides: object) -> CallView:
    fields: dict[str, object] = {
        "customer_name": "李娜", "phone": "13912345678", "address": "徐汇区漕溪北路 88 号 12 室",
        "lat": 31.19, "lon": 121.43, "category": "burst_pipe", "priority": "emergency",
        "channel": "phone", "district": "Xuhui",
    }
    fields.update(overrides)
    return create_call(db, actor=DISPATCHER, **fields)  # type: ignore[arg-type]


def counts(db: Database) -> dict[str, int]:
    """Rows per table plus the event counter: equal before and after means nothing written."""
    with db.reading() as s:
        result = {m.__tablename__: int(s.execute(select(func.count()).select_from(m)).scalar_one())
                  for m in _COUNTED}
        result["last_seq"] = int(s.execute(select(EventCounter.last_seq)).scalar_one())
    return result


def event_seqs(db: Database) -> list[int]:
    with db.reading() as s:
        return list(s.execute(select(Event.seq).order_by(Event.seq)).scalars())


def drive(db: Database, call_id: int, state: CallStatus, tech: int) -> None:
    """Take a new call to ``state`` through the services, the way the field would."""
    steps = {
        CallStatus.NEW: [],
        CallStatus.ASSIGNED: [CallStatus.ASSIGNED],
        CallStatus.ACCEPTED: [CallStatus.ASSIGNED, CallStatus.ACCEPTED],
        CallStatus.EN_ROUTE: [CallStatus.ASSIGNED, CallStatus.ACCEPTED, CallStatus.EN_ROUTE],
        CallStatus.ON_SITE: [CallStatus.ASSIGNED, CallStatus.ACCEPTED, CallStatus.EN_ROUTE,
                             CallStatus.ON_SITE],
        CallStatus.COMPLETED: [CallStatus.ASSIGNED, CallStatus.ACCEPTED, CallStatus.EN_ROUTE,
                               CallStatus.ON_SITE, CallStatus.COMPLETED],
        CallStatus.CANCELLED: [CallStatus.CANCELLED],
        CallStatus.FAILED: [CallStatus.ASSIGNED, CallStatus.ACCEPTED, CallStatus.FAILED],
    }[state]
    for step in steps:
        attempt(db, call_id, step, tech)


def attempt(db: Database, call_id: int, target: CallStatus, tech: int) -> CallView:
    """The one service that moves a call to ``target`` (NEW means unassign)."""
    actor = DISPATCHER
    if target is CallStatus.NEW:
        return unassign_call(db, actor=actor, call_id=call_id, reason="dispatcher took it back")
    if target is CallStatus.ASSIGNED:
        return assign_call(db, actor=actor, call_id=call_id, technician_id=tech)
    if target is CallStatus.COMPLETED:
        return complete_call(db, actor=actor, call_id=call_id, price_charged=320.0)
    if target is CallStatus.CANCELLED:
        return cancel_call(db, actor=actor, call_id=call_id, reason="customer fixed it")
    if target is CallStatus.FAILED:
        return fail_call(db, actor=actor, call_id=call_id, reason="no access", revisit=False)
    return advance_status(db, actor=actor, call_id=call_id, to=target)
