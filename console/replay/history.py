"""Read a night out of the database, read-only: where everything stood at the start, every
event of the range in order, the technicians' tracks, and the assignments' override reasons.

Every read runs in a read-only transaction (SQLite opened ``mode=ro`` with ``PRAGMA
query_only``; PostgreSQL ``SET TRANSACTION READ ONLY``), so a replay of the live shared
database can neither write nor hold a write lock. The events table has no index on ``at``;
its ``seq`` is gap-free and follows commit time, so the range is found by a binary search on
the primary key and read as one key range.

History written without events (``seed-demo``'s weeks) is rebuilt from the calls' step times
(``console.replay.reconstruct``); such events carry ``reconstructed: true``.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import ColumnElement, func, make_url, or_, select, text
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from console.db.engine import Database
from console.db.migrate import alembic_config
from console.db.models import AuditRecord, Call, CallNote, Event, PositionFix, Technician
from console.domain import TERMINAL_STATUSES, AssignmentView, CallView, TechnicianView
from console.permissions import FULL, carries_customer_data, redact
from console.replay import reconstruct
from console.replay.marks import Mark, conflict_mark
from console.replay.night import ReplayError, check_range
from console.replay.recorded import Recorded
from console.replay.tracks import Track, build_tracks
from console.services import conflicts, privacy
from console.views import assignment_view, call_view, technician_view
from console.wire import call_from_wire, call_to_wire, technician_from_wire

#: How far before the range to look for the last word on a call or a technician.
LOOKBACK = timedelta(hours=48)
#: Event types a replay understands; any other is skipped and said in ``warnings``.
KNOWN_TYPES = frozenset({
    "call.created", "call.assigned", "call.reassigned", "call.unassigned", "call.status",
    "call.completed", "call.failed", "call.cancelled", "call.note", "call.rated",
    "call.pinned", "call.unpinned", "cost.added", "technician.created", "technician.status",
})
_TERMINAL = [s.value for s in TERMINAL_STATUSES]
#: Seconds a replay waits for a PostgreSQL server to accept the connection.
CONNECT_TIMEOUT_S = 10


@dataclass(slots=True)
class NightHistory:
    start: datetime
    end: datetime
    tz: str
    technicians: dict[int, TechnicianView]
    calls: dict[int, CallView]
    assignments: list[AssignmentView]
    events: list[Recorded]
    tracks: dict[int, Track]
    overrides: dict[int, str]  # assignment id -> the dispatcher's override reason
    final_calls: dict[int, CallView]  # as the calls stand now (arrivals for decisions)
    assignment_rows: dict[int, AssignmentView] = field(default_factory=dict)
    reconstructed_calls: int = 0
    warnings: list[str] = field(default_factory=list)
    conflicts: list[Mark] = field(default_factory=list)  # lost races (audit rows)
    #: call id -> its notes as the hub's ``call_detail`` lists them (rows: seeded history
    #: has no ``call.note`` events); a replay shows those written by the moment
    note_rows: dict[int, list[dict[str, object]]] = field(default_factory=dict)
    #: the customer-data class the night was loaded for (FULL for a demo's made-up people)
    visibility: str = FULL


def open_read_only(url: str) -> Database:
    """The database opened for reading only, after checking its schema is this console's."""
    try:
        db = Database(url, read_only=True)
    except FileNotFoundError as exc:
        raise ReplayError(f"nothing to replay: {exc}", field="db") from None
    try:
        check_schema(db)
    except Exception:
        db.dispose()
        raise
    return db


def read_night(
    url: str, start: datetime, end: datetime, tz: str, *, visibility: str = FULL
) -> NightHistory:
    """``load_night`` on the database at ``url``, opened read-only and closed again; a
    database that cannot be read (a server down, a corrupt file) is a ``ReplayError`` with
    the driver's reason, never a traceback."""
    try:
        db = open_read_only(_bounded_connect(url))
        try:
            return load_night(db, start, end, tz, visibility=visibility)
        finally:
            db.dispose()
    except (SQLAlchemyError, OSError) as exc:
        raise unreadable(url, exc) from exc


def _bounded_connect(url: str) -> str:
    """A PostgreSQL URL with a connect timeout (unless it names one): a server that drops
    packets answers in seconds, not after the operating system's minutes."""
    if not url.startswith("postgres"):
        return url
    parsed = make_url(url)
    if "connect_timeout" in parsed.query:
        return url
    bounded = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
    return bounded.render_as_string(hide_password=False)


def unreadable(url: str, exc: BaseException) -> ReplayError:
    """Why the database at ``url`` could not be read, in one line (no password)."""
    reason = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [ln.strip() for ln in str(reason).splitlines() if ln.strip()]
    try:
        where = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        where = "the database"
    said = lines[0] if lines else type(reason).__name__
    return ReplayError(f"cannot read {where}: {said}", field="db")


def check_schema(db: Database) -> None:
    script = ScriptDirectory.from_config(alembic_config(db.url))
    head = script.get_current_head()
    with db.engine.connect() as conn:
        have = MigrationContext.configure(conn).get_current_revision()
    if have == head:
        return
    if have is None:
        raise ReplayError("this database has no console schema (no migrations applied): "
                          "is it a Night Dispatch Console database?", field="db")
    known = {r.revision for r in script.walk_revisions()}
    if have not in known:
        raise ReplayError(f"this database's schema ({have}) is newer than this console "
                          f"({head}): replay it with the console version that wrote it",
                          field="db")
    raise ReplayError(
        f"this database's schema is older ({have}) than this console's ({head}); replay "
        "never writes, so it will not upgrade it: run `dispatch-console db upgrade --db URL` "
        "first (with the hubs stopped), then replay", field="db")


@contextmanager
def reading(db: Database) -> Iterator[Session]:
    """A read-only transaction on either database, seeing one snapshot: the calls, events
    and notes of a night are read by several queries while the hub keeps writing
    (PostgreSQL's default, read committed, would give each query its own moment)."""
    with db.reading() as session:
        if db.is_postgres:
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        else:
            session.execute(text("PRAGMA query_only = ON"))
        yield session
        session.rollback()


def load_night(
    db: Database, start: datetime, end: datetime, tz: str, *, visibility: str = FULL
) -> NightHistory:
    """Everything a replay of ``start``..``end`` needs, in one read-only transaction, with
    customer data shown as ``visibility`` (console.permissions: a supervisor's replay masks
    phones, a trainer's shows no real customer, as their live consoles do)."""
    check_range(start, end)
    with reading(db) as session:
        techs = {t.id: t for t in session.execute(
            select(Technician).where(Technician.active.is_(True))
            .options(selectinload(Technician.shifts)).order_by(Technician.id)).scalars()}
        real = _events(session, start - LOOKBACK, end)
        calls = _calls(session, start, end)
        notes = _notes(session, start, end)
        final = {c.id: call_view(c) for c in calls}
        rows = {c.id: [assignment_view(a) for a in c.assignments] for c in calls}
        fixes = session.execute(
            select(PositionFix.technician_id, PositionFix.fixed_at, PositionFix.lat,
                   PositionFix.lon, PositionFix.heading_deg, PositionFix.speed_kmh)
            .where(PositionFix.technician_id.in_(list(techs)),
                   PositionFix.fixed_at >= start - timedelta(minutes=30),
                   PositionFix.fixed_at <= end)
            .order_by(PositionFix.technician_id, PositionFix.fixed_at)).all()
        tech_views = {i: technician_view(t) for i, t in techs.items()}
        lost = session.execute(
            select(AuditRecord.at, AuditRecord.entity_id, AuditRecord.actor, AuditRecord.reason)
            .where(AuditRecord.action == conflicts.ACTION, AuditRecord.at >= start,
                   AuditRecord.at < end, AuditRecord.entity_id.is_not(None))
            .order_by(AuditRecord.at)).all()
    history = _assemble(start, end, tz, tech_views, real, final, rows)
    history.conflicts = [conflict_mark(at, cid, who, why or "")
                         for at, cid, who, why in lost if cid is not None]
    history.tracks = build_tracks(fixes)
    history.note_rows = notes
    if visibility != FULL and not privacy.is_synthetic(db):  # a demo's made-up people
        _redact(history, visibility)
        history.visibility = visibility
    recorded = any(e.seq is not None for e in history.events)
    created = any(start <= c.created_at < end for c in final.values())
    if not recorded and not created:
        raise ReplayError(
            f"nothing happened between {start:%Y-%m-%d %H:%M} and {end:%Y-%m-%d %H:%M} UTC: "
            "no calls and no events in this database for that range (is it the right night "
            "and the right database?)", field="night")
    return history


def _assemble(
    start: datetime, end: datetime, tz: str, techs: dict[int, TechnicianView],
    real: list[Recorded], final: dict[int, CallView], rows: dict[int, list[AssignmentView]],
) -> NightHistory:
    before = [e for e in real if e.at < start]
    during = [e for e in real if e.at >= start]
    evented_calls = {_call_id(e) for e in real} - {None}
    evented_techs = {_tech_id(e) for e in real} - {None}
    history = NightHistory(start, end, tz, {}, {}, [], [], {}, {}, final)
    unknown: dict[str, int] = {}
    for e in during:
        if e.type not in KNOWN_TYPES:
            unknown[e.type] = unknown.get(e.type, 0) + 1
    for kind, n in sorted(unknown.items()):
        history.warnings.append(f"{n} event(s) of unknown type {kind!r} skipped "
                                "(written by a newer console?)")
    during = [e for e in during if e.type in KNOWN_TYPES]
    history.technicians = _techs_at(start, techs, before, evented_techs, final, rows, tz)
    history.calls = _calls_at(start, before, final, rows, evented_calls)
    history.assignments = [
        a for cid in history.calls for a in reconstruct.assignments_at(rows.get(cid, []), start)]
    synthetic = [ev for cid, call in final.items() if cid not in evented_calls
                 for ev in reconstruct.call_events(call, rows.get(cid, []), start, end)]
    synthetic += reconstruct.technician_events(
        {i: t for i, t in techs.items() if i not in evented_techs}, final, rows, start, end, tz)
    history.reconstructed_calls = sum(
        1 for cid, c in final.items() if cid not in evented_calls and c.created_at < end)
    synthetic.sort(key=lambda e: e.at)
    history.events = list(heapq.merge(during, synthetic, key=lambda e: e.at))
    history.assignment_rows = {a.id: a for alist in rows.values() for a in alist}
    history.overrides = {a.id: a.override_reason for alist in rows.values() for a in alist
                         if a.override_reason}
    return history


def _techs_at(
    start: datetime, techs: dict[int, TechnicianView], before: list[Recorded],
    evented: set[int | None], final: dict[int, CallView],
    rows: dict[int, list[AssignmentView]], tz: str,
) -> dict[int, TechnicianView]:
    out: dict[int, TechnicianView] = {}
    jobs = reconstruct.Jobs(final, rows)
    created_later = {t for t in evented if t is not None} - {_tech_id(e) for e in before}
    for e in before:
        tech = e.payload.get("technician")
        if e.type.startswith("technician.") and isinstance(tech, dict):
            out[int(tech["id"])] = technician_from_wire(tech)
    for tid, tech in techs.items():
        if tid in out or tid in created_later:
            continue
        out[tid] = jobs.technician_at(tech, start, tz)
    return dict(sorted(out.items()))


def _calls_at(
    start: datetime, before: list[Recorded], final: dict[int, CallView],
    rows: dict[int, list[AssignmentView]], evented: set[int | None],
) -> dict[int, CallView]:
    latest: dict[int, CallView] = {}
    for e in before:
        call = e.payload.get("call")
        if e.type.startswith("call.") and isinstance(call, dict):
            latest[int(call["id"])] = call_from_wire(call)
    for cid, call in final.items():
        if cid not in evented and call.created_at < start:
            latest[cid] = reconstruct.call_at(call, rows.get(cid, []), start)
    return {cid: c for cid, c in sorted(latest.items()) if c.status.is_open}


def _events(session: Session, start: datetime, end: datetime) -> list[Recorded]:
    lo = _first_seq_at(session, start)
    hi = _first_seq_at(session, end)
    rows = session.execute(
        select(Event.seq, Event.at, Event.type, Event.payload)
        .where(Event.seq >= lo, Event.seq < hi).order_by(Event.seq)).all()
    return [Recorded(at, type_, dict(payload), seq) for seq, at, type_, payload in rows]


def _first_seq_at(session: Session, moment: datetime) -> int:
    """The first seq whose event is at or after ``moment`` (one past the last if none): a
    binary search over the gap-free key, about 25 primary-key reads for a million events."""
    lo, hi = session.execute(select(func.min(Event.seq), func.max(Event.seq))).one()
    if lo is None:
        return 1
    lo, hi = int(lo), int(hi) + 1
    while lo < hi:
        mid = (lo + hi) // 2
        at = session.execute(select(Event.at).where(Event.seq == mid)).scalar()
        if at is not None and at < moment:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _loaded(start: datetime, end: datetime) -> ColumnElement[bool]:
    """Which calls a replay loads: created in the range or the look-back, or still open."""
    return (Call.created_at < end) & or_(Call.created_at >= start - LOOKBACK,
                                         Call.status.not_in(_TERMINAL))


def _calls(session: Session, start: datetime, end: datetime) -> list[Call]:
    return list(session.execute(
        select(Call).where(_loaded(start, end))
        .options(selectinload(Call.assignments), selectinload(Call.customer))
        .order_by(Call.id)).scalars())


def _notes(
    session: Session, start: datetime, end: datetime
) -> dict[int, list[dict[str, object]]]:
    """The loaded calls' notes written before the range ends, oldest first."""
    rows = session.execute(
        select(CallNote.id, CallNote.call_id, CallNote.author, CallNote.text,
               CallNote.created_at)
        .where(CallNote.call_id.in_(select(Call.id).where(_loaded(start, end))),
               CallNote.created_at < end)
        .order_by(CallNote.created_at, CallNote.id)).all()
    out: dict[int, list[dict[str, object]]] = {}
    for nid, cid, author, body, at in rows:
        out.setdefault(cid, []).append(
            {"id": nid, "author": author, "text": body, "at": at.isoformat()})
    return out


def _call_id(e: Recorded) -> int | None:
    call = e.payload.get("call")
    return int(call["id"]) if isinstance(call, dict) and "id" in call else None


def _tech_id(e: Recorded) -> int | None:
    tech = e.payload.get("technician")
    if e.type.startswith("technician.") and isinstance(tech, dict) and "id" in tech:
        return int(tech["id"])
    return None


def _redact(history: NightHistory, cls: str) -> None:
    """The same masking the hub applies to a live console of that class."""

    def call(view: CallView) -> CallView:
        return call_from_wire(redact(call_to_wire(view), cls, in_hand=False))

    history.calls = {i: call(c) for i, c in history.calls.items()}
    history.final_calls = {i: call(c) for i, c in history.final_calls.items()}
    history.events = [
        replace(e, payload=redact(e.payload, cls, in_hand=False))
        if carries_customer_data(e.payload) else e
        for e in history.events
    ]
