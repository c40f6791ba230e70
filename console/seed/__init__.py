"""Realistic, reproducible demo history: ``seed_demo(db, weeks=4, technicians=200, seed=7)``.

Fills an empty database with the complete ISO weeks before the current one (in the call
center's time zone): technicians on overnight shifts, customers, calls with their whole
lifecycle, costs and ratings, plus logins (admin, dispatcher, supervisor, trainer) and intake
channels; their passwords equal the user names only on the embedded SQLite database. The
same seed, sizes and reference week always give the same rows (credentials aside on a shared
database); ``now`` picks the reference week (pass it in tests and benchmarks).
"""

from __future__ import annotations

import random
import time as timer
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.db.engine import Database
from console.db.models import (
    Assignment,
    AuditRecord,
    Call,
    CallNote,
    CostEntry,
    Customer,
    IntakeChannel,
    ShiftWindow,
    Technician,
    User,
)
from console.errors import InvalidInput
from console.seed import mix, staff, tracks, writer
from console.seed.history import History
from console.seed.rows import Rows
from console.seed.staff import demo_token
from console.timezone import CENTER_TZ

__all__ = ["SeedSummary", "demo_token", "generate_week_calls", "history_weeks", "seed_demo"]

SEED_ACTOR = "system seed-demo"


@dataclass(frozen=True, slots=True)
class SeedSummary:
    """What was written: the local weeks covered and rows per table."""

    weeks: int
    technicians: int
    seed: int
    timezone: str
    start: datetime  # first seeded moment (Monday 00:00 local, as UTC)
    end: datetime  # start of the current week (exclusive), as UTC
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: Generated console passwords by user name; empty when the demo logins were written
    #: (password = user name, on the embedded SQLite database only).
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def calls(self) -> int:
        return self.rows.get("calls", 0)


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"time zone {tz!r} is not a known IANA zone", field="tz") from None


def history_weeks(now: datetime, tz: ZoneInfo, weeks: int) -> list[datetime]:
    """Local Monday 00:00 of each complete ISO week before the one containing ``now``."""
    if now.tzinfo is None:
        raise InvalidInput("now must be an aware datetime", field="now")
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    return [_midnight(monday - timedelta(weeks=weeks - i), tz) for i in range(weeks)]


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _check(weeks: int, technicians: int, calls_per_week: int | None) -> None:
    for name, value, lo, hi in (("weeks", weeks, 1, 104), ("technicians", technicians, 1, 5000)):
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise InvalidInput(f"{name} must be a whole number {lo}..{hi}, got {value!r}",
                               field=name)
    if calls_per_week is not None and not 1 <= calls_per_week <= 1_000_000:
        raise InvalidInput(f"calls_per_week must be 1..1000000, got {calls_per_week}",
                           field="calls_per_week")


def _generate(
    seed: int, zone: ZoneInfo, starts: list[datetime], technicians: int,
    calls_per_week: int | None,
) -> tuple[History, list[dict[str, object]], list[dict[str, object]]]:
    rng = random.Random(seed)
    users = staff.make_users(rng)
    channels = staff.make_channels(seed)
    phones: set[str] = set()
    team = staff.make_technicians(rng, technicians, seed, phones)
    history = History(rng, team, zone, "user:2 dispatcher", Rows(phones=phones))
    per_week = calls_per_week or round(technicians * mix.CALLS_PER_TECH_DAY * 7)
    end = (starts[-1] + timedelta(weeks=1)).astimezone(UTC)
    for week_start in starts:
        history.generate_week(week_start, per_week, end)
    for row, tech in zip(team.technicians, team.techs, strict=True):
        row.update(last_lat=tech.lat, last_lon=tech.lon,
                   last_fix_at=tech.free_at if tech.free_at.year > 2000 else None)
    return history, users, channels


def generate_week_calls(
    *, week_start: datetime, calls: int, technicians: int = 200, seed: int = 7,
) -> Rows:
    """One local week of ``calls`` finished calls in memory (no database), e.g. the reports
    benchmark's 50,000-call week; ``week_start`` is an aware local Monday 00:00."""
    _check(1, technicians, calls)
    if not isinstance(week_start.tzinfo, ZoneInfo):
        raise InvalidInput("week_start needs a ZoneInfo time zone", field="week_start")
    history, _users, _channels = _generate(seed, week_start.tzinfo, [week_start],
                                           technicians, calls)
    return history.rows


def seed_demo(
    db: Database,
    *,
    weeks: int = 4,
    technicians: int = 200,
    seed: int = 7,
    tz: str = CENTER_TZ,
    now: datetime | None = None,
    calls_per_week: int | None = None,
    with_tracks: bool = True,
) -> SeedSummary:
    """Write ``weeks`` of demo history into an empty (migrated) database in one transaction;
    ``with_tracks`` adds the technicians' position fixes (console.seed.tracks), the bulk of it.

    Only the embedded SQLite database (one machine) gets the well-known demo logins and
    seed-derived tokens; any other database gets random passwords (returned once in the
    summary) and random tokens, so a shared server never accepts credentials anyone can read
    in this source code."""
    began = timer.perf_counter()
    _check(weeks, technicians, calls_per_week)
    zone = _zone(tz)
    ref = now or db.now()
    starts = history_weeks(ref, zone, weeks)
    history, users, channels = _generate(seed, zone, starts, technicians, calls_per_week)
    team, rows = history.staff, history.rows
    embedded = db.engine.dialect.name == "sqlite"
    passwords = {} if embedded else staff.private_secrets(
        users, team.technicians, channels)
    written: dict[str, int] = {}
    with db.transaction() as session:
        n_calls, n_techs = writer.existing_counts(session)
        if n_calls or n_techs:
            raise InvalidInput(
                f"the database already has {n_calls} calls and {n_techs} technicians; "
                "seed-demo fills an empty database (use a new file or database)", field="db")
        written["users"] = writer.insert_named(session, User, "username", users)
        writer.label_dispatcher(session, rows.assignments)
        written["intake_channels"] = writer.insert_named(session, IntakeChannel, "name", channels)
        for model, data in ((Technician, team.technicians), (ShiftWindow, team.shifts),
                            (Customer, rows.customers), (Call, rows.calls),
                            (Assignment, rows.assignments), (CostEntry, rows.cost_entries),
                            (CallNote, rows.call_notes)):
            writer.bulk_insert(session, model, data)
            written[model.__tablename__] = len(data)
        if with_tracks:
            written["position_fixes"] = tracks.write(session, tracks.generate(
                rows, team.technicians, team.shifts, starts[0].astimezone(UTC),
                (starts[-1] + timedelta(weeks=1)).astimezone(UTC), zone, seed))
        writer.set_timezone(session, tz)
        summary = SeedSummary(weeks, technicians, seed, tz, starts[0].astimezone(UTC),
                              (starts[-1] + timedelta(weeks=1)).astimezone(UTC), written)
        writer.bulk_insert(session, AuditRecord, [_audit(summary, ref)])
        writer.sync_counters(session)
    seconds = round(timer.perf_counter() - began, 3)
    return SeedSummary(weeks, technicians, seed, tz, summary.start, summary.end, written, seconds,
                       passwords)


def _audit(summary: SeedSummary, at: datetime) -> dict[str, object]:
    return {
        "at": at, "actor": SEED_ACTOR, "action": "seed_demo", "entity": "database",
        "entity_id": None, "before": None, "reason": "demo history",
        "after": {"weeks": summary.weeks, "technicians": summary.technicians,
                  "seed": summary.seed, "timezone": summary.timezone,
                  "start": summary.start.isoformat(), "end": summary.end.isoformat(),
                  "rows": dict(summary.rows)},
    }
