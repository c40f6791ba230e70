"""seed-demo: reproducible, realistic history that live services can continue from."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import (
    AuditRecord,
    Base,
    Call,
    EventCounter,
    Setting,
    ShiftWindow,
    Technician,
    User,
)
from console.domain import CATEGORY_SKILLS, TERMINAL_STATUSES, Channel
from console.errors import InvalidInput
from console.seed import SeedSummary, generate_week_calls, history_weeks, seed_demo
from console.services.passwords import verify_password
from tests.helpers.services_kit import counts, event_seqs, make_call, make_tech

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # a Friday; history ends Monday 23 Nov local
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _second_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> str:
    """Another fresh, migrated database of the same kind as ``db_url``."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'second.sqlite3'}"
        db = Database(url)
        upgrade(db)
        db.dispose()
        return url
    fresh: str = request.getfixturevalue("pg_databases").fresh()
    return fresh


SECRETS = {"password_hash", "token_hash"}


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row; credentials too on SQLite (demo ones, reproducible), but not on PostgreSQL,
    where seed-demo writes random ones (tests/console/test_seed_secrets.py)."""
    keep_secrets = not db.is_postgres
    with db.reading() as s:
        return {
            table.name: [tuple(r) for r in s.execute(
                select(*(c for c in table.columns if keep_secrets or c.name not in SECRETS))
                .order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }


def _seed(url: str, seed: int = 7) -> tuple[SeedSummary, dict[str, list[tuple[Any, ...]]]]:
    db = Database(url)
    try:
        summary = seed_demo(db, weeks=1, technicians=20, seed=seed, now=NOW, with_tracks=False)
        return summary, _dump(db)
    finally:
        db.dispose()


def test_same_seed_gives_identical_rows(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path
) -> None:
    first, rows_a = _seed(db_url)
    second, rows_b = _seed(_second_url(request, db_url, tmp_path))
    assert first.rows == second.rows and first.calls > 200
    assert first.seconds > 0  # reported; speed lives in the benches, not in tests
    for table, rows in rows_a.items():
        assert rows == rows_b[table], f"{table} differs between two seeds of 7"
    reader = Database(db_url)
    with reader.reading() as session:
        stored = list(session.execute(select(Call.created_at).order_by(Call.id)).scalars())
    reader.dispose()
    monday = history_weeks(NOW, SHANGHAI, 1)[0]
    same = generate_week_calls(week_start=monday, calls=280, technicians=20, seed=7)
    other = generate_week_calls(week_start=monday, calls=280, technicians=20, seed=8)
    assert [c["created_at"] for c in same.calls] == stored, "in memory == in the database"
    assert [c["created_at"] for c in other.calls] != stored, "another seed, another history"


def test_history_looks_like_an_emergency_night_service(db: Database) -> None:
    summary = seed_demo(db, weeks=1, technicians=20, seed=7, now=NOW, with_tracks=False)
    assert summary.start == datetime(2026, 11, 16, tzinfo=SHANGHAI)
    assert summary.end == datetime(2026, 11, 23, tzinfo=SHANGHAI)
    with db.reading() as s:
        calls = list(s.execute(select(Call)).scalars())
        shifts = list(s.execute(select(ShiftWindow)).scalars())
        names = [t.name for t in s.execute(select(Technician)).scalars()]
        tz = s.get(Setting, "timezone")
        counter = s.execute(select(EventCounter.last_seq)).scalar_one()
        audit = s.execute(select(AuditRecord)).scalar_one()
        dispatcher = s.execute(select(User).where(User.username == "dispatcher")).scalar_one()
    assert tz is not None and tz.value == "Asia/Shanghai"
    assert counter == 0 == len(event_seqs(db)), "no events for history, counter at max seq"
    assert audit.action == "seed_demo" and audit.after is not None
    assert verify_password("dispatcher", dispatcher.password_hash) == (not db.is_postgres)
    assert bool(summary.passwords) == db.is_postgres
    assert all(summary.start <= c.created_at < summary.end for c in calls)
    assert all(c.status in {s.value for s in TERMINAL_STATUSES} for c in calls)
    hours = Counter(c.created_at.astimezone(SHANGHAI).hour for c in calls)
    night = sum(hours[h] for h in (20, 21, 22, 23, 0, 1))
    morning = sum(hours[h] for h in (8, 9, 10, 11))
    assert night > 2 * morning, hours
    categories = Counter(c.category for c in calls)
    assert set(categories) <= set(CATEGORY_SKILLS)
    top = {c for c, _n in categories.most_common(4)}
    assert len(top & {"burst_pipe", "lockout", "leak"}) >= 2, categories
    assert set(Counter(c.channel for c in calls)) == {ch.value for ch in Channel}
    statuses = Counter(c.status for c in calls)
    assert statuses["completed"] > 0.8 * len(calls) and statuses["failed"] and statuses["cancelled"]
    ratings = Counter(c.rating for c in calls if c.rating is not None)
    assert ratings[4] + ratings[5] > 0.75 * sum(ratings.values()) and ratings[1] + ratings[2]
    assert any(c.revisit_of_id for c in calls)
    assert any(s.end <= s.start for s in shifts), "overnight shifts cross midnight"
    assert any(re.search(r"[\u4e00-\u9fff]", n) for n in names)
    assert any(re.fullmatch(r"[A-Za-z ]+", n) for n in names)
    assert all(30.9 < c.lat < 31.5 and 121.2 < c.lon < 121.8 for c in calls)
    for c in (c for c in calls if c.status == "completed"):
        steps = [c.created_at, c.assigned_at, c.accepted_at, c.en_route_at, c.on_site_at,
                 c.completed_at]
        assert all(a is not None and b is not None and a <= b for a, b in pairwise(steps))


def test_live_services_continue_after_a_seed(db: Database) -> None:
    summary = seed_demo(db, weeks=1, technicians=20, seed=3, now=NOW, with_tracks=False)
    tech = make_tech(db, "新师傅", phone="13000000000")
    call = make_call(db, phone="13000000001")
    assert tech == 21 and call.id == summary.calls + 1, "id sequences continue past the seed"
    assert event_seqs(db) == list(range(1, len(event_seqs(db)) + 1))
    before = counts(db)
    with pytest.raises(InvalidInput, match=r"already has \d+ calls"):
        seed_demo(db, weeks=1, technicians=20, seed=3, now=NOW, with_tracks=False)
    assert counts(db) == before


def test_bad_arguments_are_refused(db: Database) -> None:
    before = counts(db)
    for kwargs, fragment in (({"weeks": 0}, "weeks"), ({"technicians": -1}, "technicians"),
                             ({"tz": "Mars/Olympus"}, "time zone 'Mars/Olympus'")):
        with pytest.raises(InvalidInput, match=re.escape(fragment)):
            seed_demo(db, now=NOW, **kwargs)  # type: ignore[arg-type]
    assert counts(db) == before


def test_a_single_large_week_in_memory() -> None:
    monday = history_weeks(NOW, SHANGHAI, 1)[0]
    rows = generate_week_calls(week_start=monday, calls=5000, technicians=200, seed=1)
    fresh = [c for c in rows.calls if c["revisit_of_id"] is None]
    assert len(fresh) == 5000 and len(rows.calls) < 5200
    assert len(rows.assignments) >= 4800 and rows.cost_entries
