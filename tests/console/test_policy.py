"""Dispatch policies: which mode applies when, who may change them, the audit trail, the
CLI, and the weekly report's exact count of automatic assignments."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.cli import main
from console.db.engine import Database
from console.db.models import AuditRecord
from console.errors import Forbidden, InvalidInput
from console.services import assign_call, create_call
from console.services.accounts import create_technician
from console.services.actors import SYSTEM, Actor
from console.services.policy import (
    AUTO_ACTOR,
    PolicyView,
    active_mode,
    describe,
    list_policies,
    remove_policy,
    set_policy,
)
from reports.kpis import week_kpis
from reports.period import week_of

ADMIN = Actor("user", 1, "Ada", role="admin")
TZ = "Asia/Shanghai"


def at_local(hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, 25, hh, mm, tzinfo=ZoneInfo(TZ))


def test_windows_cross_midnight_and_a_category_beats_the_default() -> None:
    policies = [
        PolicyView(1, None, "08:00", "20:00", "auto", 60),
        PolicyView(2, None, "20:00", "08:00", "suggest", 0),
        PolicyView(3, "boiler_failure", "00:00", "00:00", "manual", 0),
    ]
    day = active_mode(policies, "leak", at_local(10), TZ)
    assert (day.mode, day.hold_seconds, day.policy_id) == ("auto", 60, 1)
    assert day.until == at_local(20)
    night = active_mode(policies, "leak", at_local(2), TZ)
    assert night.mode == "suggest" and night.until == at_local(8)
    late = active_mode(policies, "leak", at_local(23), TZ)
    assert late.until is not None and late.until.hour == 8 and late.until.day == 26
    assert active_mode(policies, "boiler_failure", at_local(10), TZ).mode == "manual"
    assert active_mode([], "leak", at_local(10), TZ).mode == "manual"
    assert describe(day, TZ) == "Auto-dispatch: on until 20:00"
    assert describe(night, TZ) == "Auto-dispatch: off (plans suggested until 08:00)"
    assert describe(active_mode([], "leak", at_local(10), TZ), TZ) == "Auto-dispatch: off"



def test_the_status_words_name_the_categories_that_differ_from_the_center() -> None:
    nights = PolicyView(1, None, "20:00", "08:00", "suggest", 0)
    leak = PolicyView(2, "leak", "18:00", "22:00", "auto", 30)
    lock = PolicyView(3, "lockout", "18:00", "22:00", "auto", 30)
    centre = active_mode([nights, leak], None, at_local(21), TZ)
    assert centre.mode == "suggest"  # the center's own mode is unchanged
    assert describe(centre, TZ) == "Auto-dispatch: on for leak until 22:00"
    both = active_mode([nights, leak, lock], None, at_local(21), TZ)
    assert describe(both, TZ) == "Auto-dispatch: on for 2 categories until 22:00"
    late = PolicyView(4, "lockout", "18:00", "23:00", "auto", 30)
    assert describe(active_mode([nights, leak, late], None, at_local(21), TZ), TZ) == (
        "Auto-dispatch: on for 2 categories"  # they end at different times
    )
    after = active_mode([nights, leak, lock], None, at_local(23), TZ)  # their windows ended
    assert describe(after, TZ) == "Auto-dispatch: off (plans suggested until 08:00)"
    days = PolicyView(5, None, "08:00", "20:00", "auto", 60)
    boiler = PolicyView(6, "boiler_failure", "00:00", "00:00", "manual", 0)
    assert describe(active_mode([days, boiler], None, at_local(10), TZ), TZ) == (
        "Auto-dispatch: on until 20:00 except boiler failure"
    )
    assert describe(active_mode([leak], None, at_local(10), TZ), TZ) == "Auto-dispatch: off"
    # a call's own mode is unchanged by the center's list
    assert active_mode([nights, leak], "leak", at_local(21), TZ).categories == ()


def test_only_an_admin_changes_policies_and_every_change_is_audited(db: Database) -> None:
    with pytest.raises(Forbidden):
        set_policy(
            db,
            actor=Actor("user", 2, "Dan", role="dispatcher"),
            mode="auto",
            start="08:00",
            end="20:00",
        )
    with pytest.raises(InvalidInput):
        set_policy(db, actor=ADMIN, mode="sometimes", start="08:00", end="20:00")
    with pytest.raises(InvalidInput):
        set_policy(db, actor=ADMIN, mode="auto", start="8am", end="20:00")
    with pytest.raises(InvalidInput):
        set_policy(db, actor=ADMIN, mode="auto", start="08:00", end="20:00", category="nope")
    p = set_policy(db, actor=ADMIN, mode="auto", start="08:00", end="20:00", hold_seconds=90)
    remove_policy(db, actor=ADMIN, policy_id=p.id)
    with db.reading() as s:
        assert list_policies(s) == []
        actions = [(a.action, a.actor) for a in s.execute(select(AuditRecord)).scalars()]
    assert actions == [("set_policy", ADMIN.label), ("remove_policy", ADMIN.label)]


def test_policy_cli_sets_lists_and_refuses_bad_input(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the CLI path is the same on PostgreSQL")
    assert (
        main(
            [
                "policy",
                "set",
                "--mode",
                "auto",
                "--from",
                "22:00",
                "--until",
                "06:00",
                "--hold",
                "45",
                "--db",
                db_url,
            ]
        )
        == 0
    )
    assert (
        main(["policy", "set", "--mode", "auto", "--from", "9", "--until", "06:00", "--db", db_url])
        == 2
    )
    assert main(["policy", "list", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "22:00-06:00 auto" in out and "hold 45 s" in out
    assert "must be a local time HH:MM" in out


def test_weekly_report_counts_auto_dispatched_assignments_exactly(db: Database) -> None:
    tech, _token = create_technician(
        db,
        actor=SYSTEM,
        name="T",
        phone="13800000001",
        skills=["plumbing"],
        home_base="X",
        home_lat=31.2,
        home_lon=121.4,
    )
    fields = dict(
        customer_name="Li",
        phone="13900000001",
        address="1 Road",
        lat=31.2,
        lon=121.45,
        category="leak",
        priority="urgent",
    )
    by_hand = create_call(db, actor=SYSTEM, **fields).id  # type: ignore[arg-type]
    auto = create_call(db, actor=SYSTEM, **{**fields, "phone": "13900000002"}).id  # type: ignore[arg-type]
    assign_call(db, actor=SYSTEM, call_id=by_hand, technician_id=tech.id, override_reason="t")
    assign_call(db, actor=AUTO_ACTOR, call_id=auto, technician_id=tech.id, override_reason="t")
    now = db.now().astimezone(ZoneInfo(TZ)).date()
    monday = date.fromordinal(now.toordinal() - now.weekday())
    with db.reading() as s:
        k = week_kpis(s, week_of(monday, ZoneInfo(TZ)))
    assert k.auto_assigned == 1
