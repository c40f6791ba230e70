"""Retention: a run deletes and anonymises past the policy, and a weekly report of an earlier
week adds up the same before and after; a policy that would break a report is refused."""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import AuditRecord, Call, Customer, Event, PositionFix, Setting
from console.errors import InvalidInput
from console.hub.retention_task import RETENTION_ACTOR, due
from console.services import retention
from console.services.actors import Actor
from reports.data import collect_weekly
from reports.period import parse_week
from reports.weekly import build_weekly_pdf
from tests.helpers.reports_dataset import TZ, build

ADMIN = Actor("user", 9, "Root", "admin")


def _weekly(db: Database) -> dict[str, object]:
    period = parse_week("2026-W47", TZ)
    d = collect_weekly(db, period)
    return {"kpis": asdict(d.kpis), "prev": asdict(d.prev_kpis), "costs": d.costs,
            "techs": [asdict(t) for t in d.technicians], "breakdowns": asdict(d.breakdowns),
            "staffing": asdict(d.staffing) if d.staffing is not None else None}


def _desk_nights(db: Database) -> None:
    """A dispatcher's console sign-ins in 2026-W47: the report's desk hours and their cost."""
    from console.db.models import UserSession
    from console.services.accounts import create_user
    from console.services.actors import SYSTEM

    uid = create_user(db, actor=SYSTEM, username="desk", display_name="Desk", role="dispatcher",
                      password="a-long-desk-password")
    with db.transaction() as s:
        for day in range(16, 21):
            start = datetime(2026, 11, day, 10, tzinfo=UTC)  # 18:00 Shanghai
            end = start + timedelta(hours=10)
            s.add(UserSession(token_hash=f"desk-{day}", user_id=uid, role="dispatcher",
                              kind="console", started_at=start, last_seen_at=end,
                              expires_at=start + timedelta(hours=12), ended_at=end,
                              end_reason="signout"))


def _pdf_text(db: Database) -> str:
    pdf = build_weekly_pdf(db, week="2026-W47", tz=TZ.key, lang="en", paper="a4")
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_runs_keep_an_earlier_weeks_report_until_its_horizon(db: Database) -> None:
    built = build(db)
    _desk_nights(db)
    with db.transaction() as s:  # old and recent tracks of one technician
        tech = next(iter(built.techs.values()))
        s.add_all(PositionFix(technician_id=tech, lat=31.2, lon=121.4, fixed_at=at)
                  for at in (datetime(2026, 11, 16, tzinfo=UTC),
                             datetime(2027, 11, 20, tzinfo=UTC)))
    before, text_before = _weekly(db), _pdf_text(db)
    assert before["staffing"]["dispatcher_hours"] == 50  # type: ignore[index]
    with db.reading() as s:
        shifts = s.execute(select(func.count()).select_from(AuditRecord).where(
            AuditRecord.action == "technician_status")).scalar_one()
    assert shifts > 0
    # 400 days after the week: its customers are past 365 days, its calls within 3 years
    db.clock = lambda: datetime(2027, 12, 20, tzinfo=UTC)
    dry = retention.run_retention(db, actor=RETENTION_ACTOR, dry_run=True)
    assert dry["customers_anonymised"] > 0 and dry["positions_deleted"] == 1
    with db.reading() as s:
        assert s.execute(select(func.count()).select_from(PositionFix)).scalar_one() == 2
    done = retention.run_retention(db, actor=RETENTION_ACTOR)
    assert {k: done[k] for k in ("positions_deleted", "customers_anonymised", "calls_deleted")} \
        == {k: dry[k] for k in ("positions_deleted", "customers_anonymised", "calls_deleted")}
    assert done["calls_deleted"] == 0
    after, text_after = _weekly(db), _pdf_text(db)
    assert after == before
    # the PDF's figures are the same; only the anonymised names in its lists differ
    numbers = [w for w in text_before.split() if any(ch.isdigit() for ch in w)
               and "#" not in w and "Generated" not in w]
    for figure in numbers[:60]:
        assert figure in text_after
    with db.reading() as s:
        customers = s.execute(select(Customer)).scalars().all()
        anon = [c for c in customers if c.anonymised_at is not None]
        assert len(anon) == done["customers_anonymised"]
        for c in anon:
            assert c.name == f"Anonymised #{c.id}" and c.phone == f"anon-{c.id}"
            assert c.address == c.district
            calls = s.execute(select(Call).where(Call.customer_id == c.id)).scalars().all()
            assert all(call.address == call.district for call in calls)
            events = s.execute(select(Event).where(
                Event.call_id.in_([call.id for call in calls]))).scalars().all()
            for ev in events:
                if "call" in ev.payload:
                    assert ev.payload["call"]["phone"] == c.phone
        assert s.execute(select(func.count()).select_from(PositionFix)).scalar_one() == 1
        runs = s.execute(select(AuditRecord).where(AuditRecord.action == "retention_run")
                         .order_by(AuditRecord.id)).scalars().all()
        assert [r.after["dry_run"] for r in runs] == [True, False]
        assert runs[1].after["customers_anonymised"] == done["customers_anonymised"]
        assert runs[1].actor == "system retention"
        left = s.execute(select(AuditRecord.action)).scalars().all()
    # the audit trail past a year went, but not the shift rows the weekly report reads
    assert done["audit_deleted"] > 0 and left.count("technician_status") == shifts
    db.clock = lambda: datetime(2030, 1, 10, tzinfo=UTC)  # > 3 years: closed calls go too
    counts = retention.run_retention(db, actor=RETENTION_ACTOR)
    with db.reading() as s:
        kept = s.execute(select(Call.status)).scalars().all()
    assert counts["calls_deleted"] > 0 and kept  # open calls are never deleted
    assert all(status not in ("completed", "cancelled", "failed") for status in kept)


def test_a_policy_that_would_break_a_report_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="reporting horizon"):
        retention.set_policy(db, actor=ADMIN, calls_days=100)
    with pytest.raises(InvalidInput, match="security report"):
        retention.set_policy(db, actor=ADMIN, audit_days=30)
    with pytest.raises(InvalidInput, match="unknown retention setting"):
        retention.set_policy(db, actor=ADMIN, forever=1)
    with db.reading() as s:
        assert s.execute(select(Setting).where(Setting.key.startswith("retention."))).first() \
            is None
        refused = s.execute(select(AuditRecord).order_by(AuditRecord.id)).scalars().all()
    # each refusal is on the audit trail: who asked for what, and why it was refused
    assert [(r.action, r.actor, r.after, r.reason is not None and r.reason.split(" ")[0])
            for r in refused] == [
        ("set_retention_refused", "user:9 Root", {"calls_days": "100"}, "calls_days"),
        ("set_retention_refused", "user:9 Root", {"audit_days": "30"}, "audit_days"),
        ("set_retention_refused", "user:9 Root", {"forever": "1"}, "unknown")]
    policy = retention.set_policy(db, actor=ADMIN, positions_days=30, anonymise_days=180)
    assert retention.get_policy(db) == policy and policy.calls_days == 3 * 365
    with db.reading() as s:
        row = s.execute(select(AuditRecord).where(
            AuditRecord.action == "set_retention")).scalar_one()
    assert row.action == "set_retention" and row.before["positions_days"] == 90
    assert row.after["positions_days"] == 30


def test_the_nightly_run_is_due_once_a_night_after_half_past_three() -> None:
    tz = "Asia/Shanghai"
    night = datetime(2026, 11, 20, 19, 29, tzinfo=UTC)  # 03:29 local
    assert not due(night, tz, None)
    assert due(night + timedelta(minutes=1), tz, None)
    assert not due(night + timedelta(hours=2), tz, night + timedelta(minutes=1))
    assert due(night + timedelta(days=1, minutes=1), tz, night + timedelta(minutes=1))


def test_cli_retention_and_export_are_audited(
    db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from console import cli
    from tests.helpers.hub_support import new_call

    for phone in ("13900001111", "13900002222"):
        new_call(db, phone=phone)
    today = db.now().date()  # UTC: the local days either side cover it
    first, last = str(today - timedelta(days=1)), str(today + timedelta(days=1))
    assert cli.main(["retention", "set", "--calls-days", "100", "--db", db_url]) == 2
    assert "reporting horizon" in capsys.readouterr().out
    assert cli.main(["retention", "run", "--dry-run", "--db", db_url]) == 0
    assert '"dry_run": true' in capsys.readouterr().out
    assert cli.main(["retention", "privacy", "--supervisor-export-phones", "on",
                     "--db", db_url]) == 0
    out = tmp_path / "calls.csv"
    assert cli.main(["export", "calls", "--from", first, "--to", last, str(out),
                     "--db", db_url]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()  # BOM: Excel reads UTF-8
    assert lines[0].startswith("call_id,created_at,status") and len(lines) == 3
    assert "13900002222" in lines[2]  # the CLI holds the database's keys: unmasked
    with db.reading() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.action.in_(
            ("retention_run", "set_privacy", "export"))).order_by(AuditRecord.id)).scalars().all()
    assert [(r.action, r.actor) for r in rows] == [
        ("retention_run", "system cli"), ("set_privacy", "system cli"), ("export", "system cli")]
    assert rows[2].after == {"kind": "calls", "rows": len(lines) - 1, "masked": False,
                             "target": str(out)}


def test_the_hub_runs_retention_once_a_night(db: Database) -> None:
    from console.services.privacy import mark_synthetic
    from tests.helpers.hub_support import run, running_hub

    mark_synthetic(db)  # (the demo's marker: read once by the hub at start)
    db.clock = lambda: datetime(2026, 11, 20, 19, 31, tzinfo=UTC)  # 03:31 Shanghai

    async def scenario() -> tuple[bool, bool, bool]:
        async with running_hub(db) as hub:
            first = await hub.retention.tick()
            again = await hub.retention.tick()
            return first, again, hub.synthetic

    assert run(scenario()) == (True, False, True)
    with db.reading() as s:
        rows = s.execute(select(AuditRecord).where(
            AuditRecord.action == "retention_run")).scalars().all()
    assert [(r.actor, r.after["dry_run"]) for r in rows] == [("system retention", False)]
    assert retention.last_run(db) == datetime(2026, 11, 20, 19, 31, tzinfo=UTC)


def test_anonymising_reaches_every_copy_and_finished_deliveries_go(db: Database) -> None:
    """Free text about an anonymised customer's calls is removed (notes, feedback, in the
    rows, the events, the audit trail and a pending webhook delivery); finished deliveries
    are kept as long as the audit trail, pending ones until sent."""
    from console.db.models import CallNote, WebhookDelivery
    from console.services import progress
    from console.services.anonymise import REMOVED
    from console.services.webhooks import create_subscription

    built = build(db)
    db.clock = lambda: datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    with db.reading() as s:
        call = s.execute(select(Call).where(Call.id.in_(built.calls.values()),
                                            Call.status == "completed",
                                            Call.rating.is_(None))).scalars().first()
        assert call is not None
        customer = s.get(Customer, call.customer_id)
        assert customer is not None
    sub, _secret = create_subscription(db, actor=ADMIN, url="https://crm.example.com/hook",
                                       event_types=["call.note", "call.rated"])
    progress.add_note(db, actor=ADMIN, call_id=call.id,
                      text=f"gate code 4321, ask for {customer.name} at {customer.phone}")
    progress.rate_call(db, actor=ADMIN, call_id=call.id, rating=2,
                       feedback=f"{customer.name}: the technician was late")
    with db.transaction() as s:
        s.get(Call, call.id).notes = "side door, dog in the yard"  # type: ignore[union-attr]
        events = s.execute(select(Event).where(Event.call_id == call.id)
                           .order_by(Event.seq.desc())).scalars().all()[:2]
        for ev, state, at in ((events[0], "pending", datetime(2026, 11, 27, tzinfo=UTC)),
                              (events[1], "delivered", datetime(2026, 6, 1, tzinfo=UTC))):
            s.add(WebhookDelivery(subscription_id=sub.id, event_seq=ev.seq, event_type=ev.type,
                                  payload={"seq": ev.seq, "type": ev.type,
                                           "at": ev.at.isoformat(), "data": ev.payload},
                                  state=state, attempts=1, created_at=at, next_attempt_at=at))
    # anonymised after 180 days, while the audit trail (a year) still holds the note
    retention.set_policy(db, actor=ADMIN, anonymise_days=180)
    db.clock = lambda: datetime(2027, 6, 15, tzinfo=UTC)
    done = retention.run_retention(db, actor=RETENTION_ACTOR)
    assert done["webhook_deliveries_deleted"] == 1 and done["customers_anonymised"] > 0
    secrets_ = ("4321", customer.name, customer.phone, "dog in the yard", "was late")
    with db.reading() as s:
        row = s.get(Call, call.id)
        assert row is not None and row.rating == 2  # the figure a report counts stays
        assert (row.notes, row.feedback) == (REMOVED, REMOVED)
        notes = s.execute(select(CallNote.text).where(CallNote.call_id == call.id)).scalars()
        assert list(notes) == [REMOVED]
        kept = s.execute(select(WebhookDelivery)).scalars().all()
        assert [d.state for d in kept] == ["pending"]
        copies: list[object] = [kept[0].payload]
        copies += [ev.payload for ev in s.execute(
            select(Event).where(Event.call_id == call.id)).scalars()]
        audit = s.execute(select(AuditRecord).where(
            AuditRecord.entity == "call", AuditRecord.entity_id == call.id)).scalars().all()
        assert {"add_note", "rate_call"} <= {r.action for r in audit}
        copies += [(r.before, r.after) for r in audit]
        assert kept[0].payload["data"] == s.get(Event, kept[0].event_seq).payload  # type: ignore[union-attr]
    for copy in copies:
        assert not any(secret in str(copy) for secret in secrets_), copy


def test_remembered_command_answers_go_after_a_week(db: Database) -> None:
    """A client command's answer can hold a customer's name and phone: the nightly run
    deletes answers past the week the hub remembers them, even when no new command came to
    purge them on the way."""
    from console.db.models import CommandResult

    now = datetime(2026, 11, 30, 3, 30, tzinfo=UTC)
    db.clock = lambda: now
    with db.transaction() as s:
        for key, age in (("console:1:old", 8), ("console:1:new", 6)):
            s.add(CommandResult(key=key, type="new_call", status="applied", subject="call:1",
                                result='{"customer_name": "Wang Fang"}',
                                created_at=now - timedelta(days=age)))
    assert retention.run_retention(db, actor=RETENTION_ACTOR, dry_run=True)[
        "command_results_deleted"] == 1
    done = retention.run_retention(db, actor=RETENTION_ACTOR)
    with db.reading() as s:
        left = s.execute(select(CommandResult.key)).scalars().all()
    assert done["command_results_deleted"] == 1 and left == ["console:1:new"]
