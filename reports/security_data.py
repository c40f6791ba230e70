"""The monthly security report's figures, read from the audit trail and the key tables in SQL.

Everything comes from ``audit_records`` rows written in the month (local time), with the
action names of docs/SECURITY-CONTRACT (sign_in, sign_in_failed, lockout, change_role, …),
plus the current API keys and webhook endpoints. Tests recompute every figure independently
(tests/helpers/security_oracle.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import ApiKey, AuditRecord, Setting, User, WebhookSubscription
from reports.errors import ReportError
from reports.period import Period, offset_segments, zone
from reports.sql import Dialect

ACCOUNT_ACTIONS = ("create_user", "deactivate_user", "change_role", "reset_password", "unlock")
OVERRIDE_ACTIONS = ("assign_call", "reassign_call")
EXPORT_ACTIONS = ("export", "print_report")
POLICY_ACTIONS = ("set_retention", "set_retention_refused", "set_privacy", "set_policy",
                  "remove_policy")
CERT_WARN_DAYS = 14
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Row:
    """One audit row as a section lists it."""

    at: datetime
    actor: str
    action: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Person:
    person: str
    sign_ins: int
    failures: int


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    scopes: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class Hook:
    url: str
    events: str
    active: bool
    created_at: datetime
    failures: int


@dataclass
class SecurityData:
    center: str
    period: Period
    generated_at: datetime
    people: list[Person] = field(default_factory=list)
    hours: list[tuple[int, int]] = field(default_factory=list)  # 24 x (sign-ins, failures)
    sections: dict[str, list[Row]] = field(default_factory=dict)
    keys: list[Key] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)

    def count(self, section: str) -> int:
        return len(self.sections.get(section, []))


def parse_month(month: str, tz: ZoneInfo) -> Period:
    """``2026-11`` -> that calendar month in ``tz``."""
    m = _MONTH.match(month.strip()) if isinstance(month, str) else None
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ReportError(f"month {month!r} is not a month like 2026-11")
    y, mo = int(m.group(1)), int(m.group(2))
    first = date(y, mo, 1)
    nxt = date(y + (mo == 12), mo % 12 + 1, 1)
    start = datetime.combine(first, time(), tz).astimezone(ZoneInfo("UTC"))
    end = datetime.combine(nxt, time(), tz).astimezone(ZoneInfo("UTC"))
    return Period(start, end, tz, f"{y:04d}-{mo:02d}")


def _in(period: Period) -> Any:
    return (AuditRecord.at >= period.start) & (AuditRecord.at < period.end)


def _person() -> Any:
    """Who a sign-in row is about, by account name: the user the row names (``entity_id``),
    else the name typed at a failed sign-in (its actor is 'system'), else the actor."""
    typed = AuditRecord.after["username"].as_string()
    return func.coalesce(User.username, typed, AuditRecord.actor)


def _people(s: Session, period: Period) -> list[Person]:
    who = _person().label("who")
    rows = s.execute(
        select(who, AuditRecord.action, func.count())
        .select_from(AuditRecord)
        .outerjoin(User, User.id == AuditRecord.entity_id)
        .where(_in(period), AuditRecord.action.in_(("sign_in", "sign_in_failed")))
        .group_by(who, AuditRecord.action)
    ).all()
    tally: dict[str, list[int]] = {}
    for person, action, n in rows:
        tally.setdefault(person, [0, 0])[action == "sign_in_failed"] += int(n)
    return [Person(p, ok, bad) for p, (ok, bad) in sorted(tally.items())]


def _hours(s: Session, period: Period) -> list[tuple[int, int]]:
    d = Dialect(s)
    out = [[0, 0] for _ in range(24)]
    for seg in offset_segments(period.start, period.end, period.tz):
        hour = d.local_hour(AuditRecord.at, seg.offset).label("h")
        rows = s.execute(
            select(hour, AuditRecord.action, func.count())
            .where(
                AuditRecord.at >= seg.start,
                AuditRecord.at < seg.end,
                AuditRecord.action.in_(("sign_in", "sign_in_failed")),
            )
            .group_by(hour, AuditRecord.action)
        ).all()
        for h, action, n in rows:
            out[int(h)][action == "sign_in_failed"] += int(n)
    return [(a, b) for a, b in out]


def _hub_starts(s: Session, period: Period) -> list[Row]:
    """Hubs started in the month, and before them each other address's last start before
    the month: a hub that ran all month long started earlier, and its TLS state and
    certificate belong in the report too (there is no stop record to rule it out)."""
    during = _rows(s, period, ("hub_start",))
    seen = {(r.after or {}).get("bind") for r in during}
    earlier: dict[object, Row] = {}
    for r in s.execute(
        select(AuditRecord)
        .where(AuditRecord.action == "hub_start", AuditRecord.at < period.start)
        .order_by(AuditRecord.at, AuditRecord.id)
    ).scalars():
        bind = (r.after or {}).get("bind")
        if bind not in seen:
            earlier[bind] = Row(r.at, r.actor, r.action, r.entity_id, r.before, r.after,
                                r.reason)
    return sorted(earlier.values(), key=lambda r: r.at) + during


def _rows(s: Session, period: Period, actions: tuple[str, ...], *extra: Any) -> list[Row]:
    recs = s.execute(
        select(AuditRecord)
        .where(_in(period), AuditRecord.action.in_(actions), *extra)
        .order_by(AuditRecord.at, AuditRecord.id)
    ).scalars()
    return [Row(r.at, r.actor, r.action, r.entity_id, r.before, r.after, r.reason) for r in recs]


def _center(s: Session) -> str:
    row = s.get(Setting, "center_name")
    return row.value if row is not None else "Night Dispatch"


def collect_security(db: Database, *, month: str, tz: str) -> SecurityData:
    period = parse_month(month, zone(tz))
    with db.reading() as s:
        data = SecurityData(_center(s), period, db.now())
        data.people = _people(s, period)
        data.hours = _hours(s, period)
        data.sections = {
            "lockouts": _rows(s, period, ("lockout", "address_blocked")),
            "accounts": _rows(s, period, ACCOUNT_ACTIONS),
            "revocations": _rows(s, period, ("revoke_session",)),
            "overrides": _rows(
                s, period, OVERRIDE_ACTIONS,
                AuditRecord.reason.is_not(None), AuditRecord.reason != "",
            ),
            "exports": _rows(s, period, EXPORT_ACTIONS),
            "denied": _rows(s, period, ("access_denied",)),
            "retention": _rows(s, period, ("retention_run",)),
            "policy": _rows(s, period, POLICY_ACTIONS),
            "hubs": _hub_starts(s, period),
        }
        data.keys = [
            Key(k.name, " ".join(k.scopes), k.created_at, k.created_by, k.revoked_at)
            for k in s.execute(
                select(ApiKey).where(ApiKey.created_at < period.end).order_by(ApiKey.id)
            ).scalars()
        ]
        data.hooks = [
            Hook(w.url, " ".join(w.event_types), w.active, w.created_at, w.failures)
            for w in s.execute(
                select(WebhookSubscription)
                .where(WebhookSubscription.created_at < period.end)
                .order_by(WebhookSubscription.id)
            ).scalars()
        ]
    return data


def cert_days_left(row: Row, at: datetime) -> int | None:
    """Days from ``at`` to a hub's certificate expiry (None: no certificate recorded)."""
    value = (row.after or {}).get("cert_not_after")
    if not value:
        return None
    return (datetime.fromisoformat(value) - at).days
