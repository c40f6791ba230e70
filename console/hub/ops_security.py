"""Console requests about the audit trail and personal data: read the trail in pages, export
calls with customer data (masked by role), and record an export or print the console made.

Like console.hub.ops, these run on the hub's worker threads and return the ``ok`` result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from console import permissions
from console.db.engine import Database
from console.db.models import Setting
from console.errors import InvalidInput
from console.hub.auth import Principal
from console.services import audit_trail, privacy
from console.timezone import CENTER_TZ

#: What a console may say it exported or printed (a free text kind would make the
#: security report's table unreadable).
RECORD_KINDS = ("audit_csv", "calls_csv", "weekly_report", "handover_report",
                "security_report", "print")


def _role(p: Principal) -> str:
    return str(p.user.get("role", ""))


def console_audit_trail(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    flt = audit_trail.AuditFilter(
        actor=f.get("actor") or None,
        action=f.get("action") or None,
        call_id=f.get("call_id"),
        since=f.get("since"),
        until=f.get("until"),
    )
    return audit_trail.audit_page(db, flt, before_id=f.get("before_id"),
                                  limit=f.get("limit", 200))


def _day(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a day like 2026-11-16, not {value!r}",
                           field=name) from None


def console_export_calls(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    role = _role(p)
    cls = permissions.export_visibility(
        role, phones_allowed=privacy.phones_in_supervisor_exports(db)
    )
    with db.reading() as session:
        tz_row = session.execute(select(Setting).where(Setting.key == "timezone")).scalar()
    rows = privacy.export_calls(
        db, actor=p.actor, first=_day("first", f["first"]), last=_day("last", f["last"]),
        tz=tz_row.value if tz_row is not None else CENTER_TZ,
        target=f.get("target", "console"), visibility=cls,
    )
    return {"header": list(privacy.CALLS_HEADER), "rows": rows,
            "masked": cls != permissions.FULL}


def console_record_export(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    kind = f["kind"]
    if kind not in RECORD_KINDS:
        raise InvalidInput(f"kind {kind!r} is not one of: {', '.join(RECORD_KINDS)}",
                           field="kind")
    masked = permissions.visibility(_role(p)) != permissions.FULL
    if kind.endswith("_report") or kind == "print":
        privacy.record_print(db, actor=p.actor, kind=kind, period=f.get("target", ""),
                             masked=masked)
    else:
        privacy.record_export(db, actor=p.actor, kind=kind, rows=f.get("rows", 0),
                              masked=masked, target=f.get("target", ""))
    return {"recorded": kind}
