"""How long the center keeps what, and the run that deletes and anonymises past it.

The policy is a few ``settings`` rows (``retention.*``) over defaults declared here. A run
deletes position tracks, closed calls with their costs, notes, assignments, events and the
webhook deliveries of those events, the audit trail, finished webhook deliveries and ended
sessions past their horizons (what a weekly report reads — shift changes, console sessions
— as long as the calls), and anonymises customers whose last call is older than
``anonymise_days`` (:mod:`console.services.anonymise`: everywhere their data was copied).
Everything a report counts (calls, statuses, times, money, districts, technicians) is left
as it was, so a weekly report of an earlier week adds up the same.

A policy that would delete what a report still needs is refused with the reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import (
    Assignment,
    AuditRecord,
    Call,
    CallNote,
    CommandResult,
    CostEntry,
    Event,
    PositionFix,
    Setting,
    UserSession,
    WebhookDelivery,
)
from console.domain import TERMINAL_STATUSES
from console.errors import InvalidInput
from console.services import anonymise
from console.services.actors import Actor
from console.services.journal import Journal

PREFIX = "retention."
LAST_RUN = "retention.last_run_at"
#: A weekly report of any week in the past year compares it with the week before: 54 weeks.
REPORT_HORIZON_DAYS = 54 * 7
#: The monthly security report of last month needs the whole of last month's audit trail.
SECURITY_REPORT_DAYS = 62
#: Audit actions a report reads (shift hours from ``technician_status``): kept as long as
#: the call records, not the audit trail.
REPORT_AUDIT_ACTIONS = ("technician_status",)
#: Console sign-in sessions are the weekly report's desk hours (reports/staffing.py): kept
#: as long as the call records too.
REPORT_SESSION_KIND = "console"
#: Webhook deliveries that are done (sent, or given up after a day of retries) are the
#: delivery log: kept as long as the audit trail. Pending ones are never deleted.
FINISHED_DELIVERIES = ("delivered", "dead")
#: How long a client command id and its answer are remembered (console.hub.commands): an
#: outbox older than this resends as new commands. The answers can hold a customer's data.
COMMAND_RESULT_DAYS = 7
_TERMINAL = [s.value for s in TERMINAL_STATUSES]
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Days each kind of record is kept (declared once: name, default, meaning)."""

    positions_days: int = 90  # technicians' position tracks
    calls_days: int = 3 * 365  # closed calls with their costs, notes, assignments, events
    audit_days: int = 365  # the audit trail and ended sign-in sessions
    anonymise_days: int = 365  # customers' name, phone, address after their last call


FIELDS = tuple(RetentionPolicy.__dataclass_fields__)


def check(policy: RetentionPolicy) -> None:
    """Refuse a policy that would delete data a report still needs, saying which."""
    if policy.calls_days < REPORT_HORIZON_DAYS:
        raise InvalidInput(
            f"calls_days {policy.calls_days} is shorter than the reporting horizon: weekly "
            f"reports of the past year and their comparison week need {REPORT_HORIZON_DAYS} "
            "days of call records and costs",
            field="calls_days",
        )
    if policy.audit_days < SECURITY_REPORT_DAYS:
        raise InvalidInput(
            f"audit_days {policy.audit_days} would delete audit rows last month's security "
            f"report still needs: keep at least {SECURITY_REPORT_DAYS} days",
            field="audit_days",
        )
    if policy.positions_days < 1:
        raise InvalidInput("positions_days must be at least 1 (tonight's tracks)",
                           field="positions_days")
    if not 7 <= policy.anonymise_days <= policy.calls_days:
        raise InvalidInput(
            f"anonymise_days must be from 7 (a customer calling back within a week is "
            f"recognised by phone) to calls_days ({policy.calls_days})",
            field="anonymise_days",
        )


def load_policy(session: Session) -> RetentionPolicy:
    rows = session.execute(select(Setting).where(Setting.key.startswith(PREFIX))).scalars()
    values = {r.key[len(PREFIX):]: r.value for r in rows}
    return RetentionPolicy(**{k: int(values[k]) for k in FIELDS if k in values})


def get_policy(db: Database) -> RetentionPolicy:
    with db.reading() as session:
        return load_policy(session)


def set_policy(db: Database, *, actor: Actor, **days: int) -> RetentionPolicy:
    """Change some of the policy's days; refused (the policy unchanged) when it would break a
    report. Audited as ``set_retention`` with before and after, a refusal as
    ``set_retention_refused`` with what was asked and why."""
    try:
        return _set_policy(db, actor, days)
    except InvalidInput as exc:
        with db.transaction() as session:
            Journal(session, actor, db.now()).audit(
                "set_retention_refused", "retention_policy", None, None,
                {k: str(v) for k, v in days.items()}, exc.message)
        raise


def _set_policy(db: Database, actor: Actor, days: dict[str, int]) -> RetentionPolicy:
    unknown = sorted(set(days) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"unknown retention setting {unknown[0]!r}; one of: "
                           f"{', '.join(FIELDS)}", field=unknown[0])
    with db.transaction() as session:
        before = load_policy(session)
        after = replace(before, **days)
        check(after)
        for key, value in asdict(after).items():
            row = session.get(Setting, PREFIX + key)
            if row is None:
                session.add(Setting(key=PREFIX + key, value=str(value)))
            else:
                row.value = str(value)
        Journal(session, actor, db.now()).audit(
            "set_retention", "retention_policy", None, asdict(before), asdict(after)
        )
    return after


# --- the run -----------------------------------------------------------------------


def _deletable_calls(session: Session, cutoff: datetime) -> list[int]:
    """Closed calls created before ``cutoff`` that no kept call revisits."""
    ids = set(
        session.execute(
            select(Call.id).where(Call.created_at < cutoff, Call.status.in_(_TERMINAL))
        ).scalars()
    )
    while ids:
        kept_refs = {
            r
            for r, cid in session.execute(
                select(Call.revisit_of_id, Call.id).where(Call.revisit_of_id.is_not(None))
            )
            if cid not in ids
        }
        blocked = ids & kept_refs
        if not blocked:
            break
        ids -= blocked
    return sorted(ids)


def _delete_calls(session: Session, ids: list[int], dry_run: bool) -> None:
    if dry_run:
        return
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        session.execute(update(Call).where(Call.revisit_of_id.in_(chunk)).values(revisit_of_id=None))
        for model in (CostEntry, CallNote, Assignment):
            session.execute(delete(model).where(model.call_id.in_(chunk)))
        seqs = select(Event.seq).where(Event.call_id.in_(chunk))
        session.execute(delete(WebhookDelivery).where(WebhookDelivery.event_seq.in_(seqs)))
        session.execute(delete(Event).where(Event.call_id.in_(chunk)))
        session.execute(delete(Call).where(Call.id.in_(chunk)))


def _count_or_delete(session: Session, stmt_where: Any, model: Any, dry_run: bool) -> int:
    n = int(session.execute(select(func.count()).select_from(model).where(stmt_where)).scalar_one())
    if n and not dry_run:
        session.execute(delete(model).where(stmt_where))
    return n


def _anonymise(session: Session, cutoff: datetime, now: datetime, dry_run: bool) -> int:
    customers = anonymise.due_customers(session, cutoff)
    if not dry_run:
        for c in customers:
            anonymise.anonymise(session, c, now)
    return len(customers)


def run_retention(db: Database, *, actor: Actor, dry_run: bool = False) -> dict[str, Any]:
    """One run in one transaction; returns the counts (what would go, on a dry run) and
    audits them as ``retention_run``."""
    now = db.now()
    with db.transaction() as session:
        policy = load_policy(session)
        counts: dict[str, Any] = {"dry_run": dry_run, **asdict(policy)}
        pos_cut = now - timedelta(days=policy.positions_days)
        counts["positions_deleted"] = _count_or_delete(
            session, PositionFix.fixed_at < pos_cut, PositionFix, dry_run
        )
        call_cut = now - timedelta(days=policy.calls_days)
        calls = _deletable_calls(session, call_cut)
        counts["calls_deleted"] = len(calls)
        _delete_calls(session, calls, dry_run)
        audit_cut = now - timedelta(days=policy.audit_days)
        counts["audit_deleted"] = _count_or_delete(
            session,
            or_(
                (AuditRecord.at < audit_cut) & AuditRecord.action.not_in(REPORT_AUDIT_ACTIONS),
                (AuditRecord.at < call_cut) & AuditRecord.action.in_(REPORT_AUDIT_ACTIONS),
            ),
            AuditRecord,
            dry_run,
        )
        counts["webhook_deliveries_deleted"] = _count_or_delete(
            session,
            WebhookDelivery.state.in_(FINISHED_DELIVERIES)
            & (WebhookDelivery.created_at < audit_cut),
            WebhookDelivery,
            dry_run,
        )
        counts["command_results_deleted"] = _count_or_delete(
            session,
            CommandResult.created_at < now - timedelta(days=COMMAND_RESULT_DAYS),
            CommandResult,
            dry_run,
        )
        counts["sessions_deleted"] = _count_or_delete(
            session,
            UserSession.ended_at.is_not(None)
            & or_(
                (UserSession.kind != REPORT_SESSION_KIND) & (UserSession.ended_at < audit_cut),
                (UserSession.kind == REPORT_SESSION_KIND) & (UserSession.ended_at < call_cut),
            ),
            UserSession,
            dry_run,
        )
        anon_cut = now - timedelta(days=policy.anonymise_days)
        counts["customers_anonymised"] = _anonymise(session, anon_cut, now, dry_run)
        if not dry_run:
            row = session.get(Setting, LAST_RUN)
            if row is None:
                session.add(Setting(key=LAST_RUN, value=now.isoformat()))
            else:
                row.value = now.isoformat()
        Journal(session, actor, now).audit("retention_run", "retention", None, None, counts)
    return counts


def last_run(db: Database) -> datetime | None:
    with db.reading() as session:
        row = session.get(Setting, LAST_RUN)
    return datetime.fromisoformat(row.value) if row is not None else None
