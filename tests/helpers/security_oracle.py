"""Security-report test data and its figures recomputed in plain Python.

``write_month`` adds audit rows with the action names of the security contract directly
(AuditRecord rows: the sign-ins etc. that the accounts work writes in production; test
data, not a mock). ``figures`` recounts them from every row with zoneinfo only, so a wrong
filter, month boundary or hour bucket in reports.security_data shows up as a mismatch.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import AuditRecord, User
from console.services.accounts import create_user
from console.services.actors import SYSTEM

TZ = ZoneInfo("Asia/Shanghai")
MONTH = "2026-11"
#: Local month bounds of MONTH in TZ.
START = datetime(2026, 11, 1, tzinfo=TZ)
END = datetime(2026, 12, 1, tzinfo=TZ)


def _row(at: datetime, actor: str, action: str, entity: str, entity_id: int | None = None,
         before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
         reason: str | None = None) -> AuditRecord:
    return AuditRecord(at=at.astimezone(UTC), actor=actor, action=action, entity=entity,
                       entity_id=entity_id, before=before, after=after, reason=reason)


def write_month(db: Database) -> None:
    """Two accounts (ann = user 1, bo = user 2; made in October) and a month of
    security-relevant audit rows, with rows just outside it on both sides."""
    clock = db.clock
    db.clock = lambda: START - timedelta(days=20)
    for name in ("ann", "bo"):
        create_user(db, actor=SYSTEM, username=name, display_name=name.title(),
                    role="dispatcher", password="pw-" + name)
    db.clock = clock
    rows = [
        # just outside: 23:59:59 local on Oct 31 and 00:00 local on Dec 1
        _row(START - timedelta(seconds=1), "user:1 Ann", "sign_in", "user", 1,
             after={"session_id": 1, "hub_id": "h1", "client": "c"}),
        _row(END, "user:1 Ann", "sign_in", "user", 1,
             after={"session_id": 2, "hub_id": "h1", "client": "c"}),
        # inside
        _row(START, "user:1 Ann", "sign_in", "user", 1, after={"session_id": 3}),
        _row(START + timedelta(hours=22, minutes=5), "user:1 Ann", "sign_in", "user", 1,
             after={"session_id": 4}),
        _row(START + timedelta(days=3, hours=22), "user:2 Bo", "sign_in", "user", 2,
             after={"session_id": 5}),
        *[
            _row(START + timedelta(days=5, hours=3, minutes=i), "system", "sign_in_failed",
                 "user", 2, after={"username": "bo", "reason": "wrong password", "client": "c"})
            for i in range(5)
        ],
        _row(START + timedelta(days=6, hours=4), "system", "sign_in_failed", "user", None,
             after={"username": "mallory", "reason": "unknown user", "client": "c"}),
        _row(START + timedelta(days=5, hours=3, minutes=5), "system", "lockout", "user", 2,
             after={"until": "2026-11-06T03:20:00+08:00", "failures": 5}),
        _row(START + timedelta(days=6, hours=4, minutes=2), "system", "address_blocked",
             "address", None, after={"address": "203.0.113.7", "failures": 20, "minutes": 15}),
        _row(START + timedelta(days=5, hours=9), "user:9 Root", "unlock", "user", 2, after={}),
        _row(START + timedelta(days=8), "user:9 Root", "create_user", "user", 3,
             after={"username": "cy", "role": "dispatcher"}),
        _row(START + timedelta(days=9), "user:9 Root", "change_role", "user", 3,
             before={"role": "dispatcher"}, after={"role": "supervisor"}),
        _row(START + timedelta(days=20), "user:9 Root", "deactivate_user", "user", 2,
             before={"active": True}, after={"active": False}),
        _row(START + timedelta(days=10), "user:9 Root", "revoke_session", "user_session", 5,
             before={"user_id": 2}, reason="laptop stolen"),
        _row(START + timedelta(days=11), "user:1 Ann", "assign_call", "call", 40,
             before={"status": "new"}, after={"status": "assigned"},
             reason="only locksmith awake 只有他醒着"),
        _row(START + timedelta(days=11, hours=1), "user:1 Ann", "assign_call", "call", 41,
             before={"status": "new"}, after={"status": "assigned"}),
        _row(START + timedelta(days=12), "user:3 Cy", "export", "export",
             after={"kind": "calls", "rows": 12, "masked": True, "target": "calls.csv"}),
        _row(START + timedelta(days=12, hours=1), "user:3 Cy", "print_report", "report",
             after={"kind": "weekly_report", "period": "2026-W47", "masked": False}),
        _row(START + timedelta(days=13), "user:7 Tia", "access_denied", "lookup_customer",
             after={"op": "lookup_customer", "role": "trainer"},
             reason="a trainer may not lookup customer"),
        _row(START + timedelta(days=14, hours=3, minutes=30), "system retention",
             "retention_run", "retention",
             after={"dry_run": False, "positions_deleted": 120, "calls_deleted": 0,
                    "audit_deleted": 3, "customers_anonymised": 2}),
        _row(START - timedelta(days=40), "hub cli", "hub_start", "hub",  # ran all month
             after={"hub_id": "h0", "bind": "10.0.0.5:8765", "tls": True, "insecure": False,
                    "cert_not_after": "2027-03-01T00:00:00+00:00"}),
        _row(START - timedelta(days=50), "hub cli", "hub_start", "hub",  # restarted since
             after={"hub_id": "h00", "bind": "0.0.0.0:8765", "tls": False, "insecure": True,
                    "cert_not_after": None}),
        _row(START + timedelta(days=2), "hub cli", "hub_start", "hub",
             after={"hub_id": "h1", "bind": "0.0.0.0:8765", "tls": True, "insecure": False,
                    "cert_not_after": "2026-12-10T00:00:00+00:00"}),
        _row(START + timedelta(days=2, hours=1), "hub cli", "hub_start", "hub",
             after={"hub_id": "h2", "bind": "127.0.0.1:8765", "tls": False, "insecure": False,
                    "cert_not_after": None}),
    ]
    with db.transaction() as s:
        s.add_all(rows)


SECTIONS = {
    "lockouts": ("lockout", "address_blocked"),
    "accounts": ("create_user", "deactivate_user", "change_role", "reset_password", "unlock"),
    "revocations": ("revoke_session",),
    "exports": ("export", "print_report"),
    "denied": ("access_denied",),
    "retention": ("retention_run",),
    "hubs": ("hub_start",),
}


def figures(db: Database) -> dict[str, Any]:
    with db.reading() as s:
        rows = list(s.execute(select(AuditRecord)).scalars())
        names = {u.id: u.username for u in s.execute(select(User)).scalars()}
    start, end = START.astimezone(UTC), END.astimezone(UTC)
    month = [r for r in rows if start <= r.at < end]
    people: Counter[tuple[str, str]] = Counter()
    hours = [[0, 0] for _ in range(24)]
    for r in month:
        if r.action not in ("sign_in", "sign_in_failed"):
            continue
        failed = r.action == "sign_in_failed"
        who = names.get(r.entity_id or 0) or (r.after or {}).get("username") or r.actor
        people[(who, r.action)] += 1
        hours[r.at.astimezone(TZ).hour][failed] += 1
    out: dict[str, Any] = {
        "people": {
            who: (people[(who, "sign_in")], people[(who, "sign_in_failed")])
            for who, _a in people
        },
        "hours": [tuple(h) for h in hours],
        "overrides": sum(1 for r in month if r.action in ("assign_call", "reassign_call")
                         and r.reason),
    }
    for name, actions in SECTIONS.items():
        out[name] = sum(1 for r in month if r.action in actions)
    # a hub that ran all month started before it: its last start counts, once per address
    # not started again within the month
    started = {(r.after or {}).get("bind") for r in month if r.action == "hub_start"}
    before = {(r.after or {}).get("bind") for r in rows
              if r.action == "hub_start" and r.at < start} - started
    out["hubs"] += len(before)
    return out
