"""Staffing in the weekly report: desk hours and cost from console sign-ins against an
independent minute-by-minute computation, a sign-in across midnight, one person at two desks,
a dropped desk, training time paid at the training rate, a week without sign-ins, and a rate
missing from the plans file printed as missing rather than zero."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import TrainingNight, UserSession
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from reports.data import collect_weekly
from reports.period import parse_week, week_of
from reports.pricing import load_plans
from reports.weekly import build_weekly_pdf
from tests.helpers.hub_support import running_hub
from tests.helpers.reports_dataset import TZ, W47_MONDAY, build, local
from tests.helpers.staffing_oracle import staffing as oracle

HOURLY = {"dispatcher": 45.0, "supervisor": 65.0, "trainer": 55.0, "admin": 70.0}


def _day(n: int, hhmm: str) -> datetime:
    return local(W47_MONDAY + timedelta(days=n), hhmm)


def _session(uid: int, role: str, a: datetime, b: datetime | None, seen: datetime) -> UserSession:
    return UserSession(
        token_hash=f"h{uid}-{a.isoformat()}",
        user_id=uid,
        role=role,
        kind="console",
        started_at=a,
        last_seen_at=seen,
        expires_at=seen + timedelta(hours=12),
        ended_at=b,
        end_reason=None if b is None else "signout",
    )


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def staffed_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('staffing') / 'dispatch.sqlite3'}"
        db = Database(url)
        upgrade(db)
    else:
        pg = request.getfixturevalue("pg_databases")
        url = pg.fresh()
        db = Database(url)
    _fill(db)
    db.dispose()
    yield url
    if request.param == "postgres":
        pg.release(url)


def _fill(db: Database) -> None:
    build(db)
    ids = {
        name: create_user(
            db, actor=SYSTEM, username=name, display_name=name, role=role, password="pw-" + name
        )
        for name, role in (
            ("amy", "dispatcher"),
            ("bo", "dispatcher"),
            ("sue", "supervisor"),
            ("tom", "trainer"),
        )
    }
    prev_sunday = W47_MONDAY - timedelta(days=1)
    with db.transaction() as s:
        # amy: Tue 21:00 to Wed 07:30 (crosses midnight), and a second desk 23:00-01:00
        s.add(
            _session(ids["amy"], "dispatcher", _day(1, "21:00"), _day(2, "07:30"), _day(2, "07:30"))
        )
        s.add(
            _session(ids["amy"], "dispatcher", _day(1, "23:00"), _day(2, "01:00"), _day(2, "01:00"))
        )
        # bo: signed in the Sunday before the week, out at 02:00 Monday: clipped at the start
        s.add(
            _session(
                ids["bo"],
                "dispatcher",
                local(prev_sunday, "20:00"),
                _day(0, "02:00"),
                _day(0, "02:00"),
            )
        )
        # sue: a dropped desk, counted to its last sign of life
        s.add(_session(ids["sue"], "supervisor", _day(2, "10:00"), None, _day(2, "13:15")))
        s.add(_session(ids["tom"], "trainer", _day(3, "14:00"), _day(3, "18:00"), _day(3, "18:00")))
        # amy trained 00:00-00:30 Wednesday while signed in: paid as training, not desk time
        s.add(
            TrainingNight(
                night_key="k-amy-1",
                trainee_id=ids["amy"],
                trainee_name="amy",
                trainer_name="tom",
                scenario="holiday_peak",
                seed=1,
                speed=10.0,
                engine="recommend",
                status="scored",
                wall_started_at=_day(2, "00:00"),
                wall_ended_at=_day(2, "00:30"),
                wall_seconds=1800.0,
                sim_seconds=18000.0,
                injections=[],
                calls=4,
                sla_met=3,
                sla_decided=4,
                travel_km=12.0,
                recorded_by="test",
            )
        )


@pytest.fixture
def staffed(staffed_url: str) -> Iterator[Database]:
    db = Database(staffed_url)
    yield db
    db.dispose()


def test_week_staffing_matches_an_independent_computation(staffed: Database) -> None:
    period = parse_week("2026-W47", TZ)
    st = collect_weekly(staffed, period).staffing
    assert st is not None
    want = oracle(staffed, period.start, period.end, TZ, HOURLY, 0.3, 40.0)
    got = {r.role: r for r in st.roles}
    assert set(got) == set(want["roles"]) == {"dispatcher", "supervisor", "trainer"}
    for role, w in want["roles"].items():
        assert got[role].day_s / 3600 == pytest.approx(w["day_h"])
        assert got[role].night_s / 3600 == pytest.approx(w["night_h"])
        assert got[role].cost_cents == pytest.approx(w["cost_cents"])
    # by hand: amy 21:00-07:30 minus 00:00-00:30 training = 1 h day + 7.5 h night + 1.5 h
    # day (her second desk adds nothing); bo 00:00-02:00 Monday (clipped) = 2 h night
    assert got["dispatcher"].night_s / 3600 == pytest.approx(9.5)
    assert got["dispatcher"].day_s / 3600 == pytest.approx(2.5)
    assert got["supervisor"].day_s / 3600 == pytest.approx(3.25)
    assert st.training_hours == pytest.approx(want["training_h"]) == pytest.approx(0.5)
    assert st.training_cents == pytest.approx(want["training_cents"])
    desk = sum(w["cost_cents"] for w in want["roles"].values())
    assert st.desk_cents == pytest.approx(desk)
    kpis = collect_weekly(staffed, period).kpis
    assert st.calls_per_dispatcher_hour == pytest.approx(kpis.calls / 12.0)
    per_job = (kpis.cost_cents + desk + want["training_cents"]) / kpis.completed
    assert st.cost_per_job_cents == pytest.approx(per_job)
    totals = [p.total_cents for p in st.plans]
    assert totals == sorted(totals)
    sub = next(p for p in st.plans if p.key == "subscription")
    # the subscription includes 40 training hours a month: none of amy's half hour is paid
    assert sub.total_cents == pytest.approx(sub.platform_cents + desk)


def test_week_without_sessions_says_so(staffed: Database) -> None:
    period = parse_week("2026-W30", TZ)
    st = collect_weekly(staffed, period).staffing
    assert st is not None and st.roles == [] and st.sessions == 0
    assert st.dispatcher_hours == 0 and st.calls_per_dispatcher_hour is None
    pdf = build_weekly_pdf(staffed, week="2026-W30", tz=TZ.key)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "No console sign-ins were recorded this week" in text


def test_pdf_prints_staffing_and_missing_rates(staffed: Database, tmp_path: Path) -> None:
    pdf = build_weekly_pdf(staffed, week="2026-W47", tz=TZ.key)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Staffing and the whole night's cost" in text
    assert "9.5" in text and "Counting staffing and training" in text
    bundled = Path(load_plans.__code__.co_filename).parents[1] / "resources" / "pricing"
    plans = (bundled / "plans.toml").read_text(encoding="utf-8").replace("supervisor = 65.0\n", "")
    custom = tmp_path / "plans.toml"
    custom.write_text(plans, encoding="utf-8")
    st = collect_weekly(staffed, parse_week("2026-W47", TZ), plans_file=custom).staffing
    assert st is not None and st.missing == ("supervisor",) and st.desk_cents is None
    assert all(p.total_cents is None for p in st.plans)
    pdf = build_weekly_pdf(staffed, week="2026-W47", tz=TZ.key, plans_file=custom)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Missing from the plans file's [staffing] section: supervisor" in text
    assert "missing" in text


def test_console_sign_in_on_a_hub_becomes_desk_hours(tmp_path: Path) -> None:
    """End to end: a dispatcher signs in on a real hub and signs out; the hub's session row
    (user_sessions) is what the week's staffing figures count, to the second."""
    db = Database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    upgrade(db)
    uid = create_user(
        db, actor=SYSTEM, username="kai", display_name="Kai", role="dispatcher", password="kai-pw"
    )

    async def shift() -> None:
        async with running_hub(db) as hub:
            console = ConsoleClient(hub.url, username="kai", password="kai-pw")
            await console.start()
            await console.wait_ready()
            await asyncio.sleep(0.3)  # a (very) short shift at the desk
            await console.sign_out()

    async def bounded() -> None:
        async with asyncio.timeout(60):
            await shift()

    asyncio.run(bounded())
    with db.reading() as s:
        (row,) = s.execute(select(UserSession).where(UserSession.user_id == uid)).scalars()
        started, ended = row.started_at, row.ended_at
        assert (row.kind, row.role, row.end_reason) == ("console", "dispatcher", "signout")
    assert ended is not None and ended > started
    desk_s = (ended - started).total_seconds()
    local_day = started.replace(tzinfo=started.tzinfo or UTC).astimezone(TZ).date()
    period = week_of(local_day - timedelta(days=local_day.weekday()), TZ)
    st = collect_weekly(db, period).staffing
    assert st is not None and st.sessions == 1
    (kai,) = st.roles
    assert kai.role == "dispatcher" and kai.total_s > 0
    assert kai.total_s == pytest.approx(desk_s, abs=1e-3)
    assert st.dispatcher_hours == pytest.approx(desk_s / 3600, abs=1e-4)
    db.dispose()


def test_a_missing_night_premium_is_missing_not_zero(staffed: Database, tmp_path: Path) -> None:
    """Without ``night_premium`` the night hours cannot be costed: every figure with night
    hours in it is missing and the premium is named, as a missing rate is; day figures
    stay."""
    bundled = Path(load_plans.__code__.co_filename).parents[1] / "resources" / "pricing"
    text = (bundled / "plans.toml").read_text(encoding="utf-8")
    assert "night_premium = 0.3\n" in text
    custom = tmp_path / "plans.toml"
    custom.write_text(text.replace("night_premium = 0.3\n", ""), encoding="utf-8")
    period = parse_week("2026-W47", TZ)
    st = collect_weekly(staffed, period, plans_file=custom).staffing
    assert st is not None and st.missing == ("night_premium",)
    assert st.desk_cents is None and st.night_cents is None and st.cost_per_job_cents is None
    assert all(p.total_cents is None for p in st.plans)
    got = {r.role: r for r in st.roles}
    assert got["dispatcher"].night_s > 0 and got["dispatcher"].cost_cents is None
    # day hours keep their figures: the supervisor worked days only (3.25 h at 65.0)
    assert got["supervisor"].night_s == 0
    assert got["supervisor"].cost_cents == pytest.approx(3.25 * 65.0 * 100)
    day = sum(r.day_s / 3600 * HOURLY[r.role] * 100 for r in st.roles)
    assert st.day_cents == pytest.approx(day)
    pdf = build_weekly_pdf(staffed, week="2026-W47", tz=TZ.key, plans_file=custom)
    printed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Missing from the plans file's [staffing] section: night premium" in printed
    assert "are not costed: the plans file names no night premium" in " ".join(printed.split())
    zh = build_weekly_pdf(staffed, week="2026-W47", tz=TZ.key, plans_file=custom, lang="zh")
    zh_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(zh)).pages)
    assert "夜班加成" in zh_text.replace("\n", "") and "night_premium" not in zh_text
