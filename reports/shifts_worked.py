"""Hours each technician actually spent on shift in a period, from the shift steps the
services record: a ``technician_status`` audit row from off duty to available is a shift
start, any change to off duty a shift end; breaks stay inside the shift. Off duty to en route
or on site is a dispatcher sending an off-duty technician with an override, not a shift start.

SQL selects those steps; pairing them into intervals is a few lines of Python, the same on
SQLite and PostgreSQL. A technician with no shift start in the period who was off duty when
it began has no record: the caller falls back to their nominal weekly windows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from console.db.models import AuditRecord
from console.domain import TechStatus
from reports.period import Period

OFF = TechStatus.OFF_DUTY.value
ON = TechStatus.AVAILABLE.value


def _overlap(a: datetime, b: datetime, start: datetime, end: datetime) -> float:
    return max(0.0, (min(b, end) - max(a, start)).total_seconds())


def shifts_worked(session: Session, period: Period, until: datetime) -> dict[int, float]:
    """Seconds on shift within ``period`` (an open shift counts up to ``until``), for every
    technician with a recorded shift step in the period or on shift when it began."""
    before = AuditRecord.before["status"].as_string()
    after = AuditRecord.after["status"].as_string()
    rows = session.execute(
        select(AuditRecord.entity_id, AuditRecord.at, before, after)
        .where(
            AuditRecord.action == "technician_status",
            AuditRecord.entity == "technician",
            AuditRecord.at < period.end,
            or_(before == OFF, after == OFF),
        )
        .order_by(AuditRecord.entity_id, AuditRecord.at, AuditRecord.id)
    ).all()
    steps: dict[int, list[tuple[datetime, bool]]] = defaultdict(list)
    for tech_id, at, was, now in rows:
        start, end = was == OFF and now == ON, was != OFF and now == OFF
        if tech_id is not None and (start or end):
            steps[int(tech_id)].append((at, start))
    end = min(period.end, max(until, period.start))
    worked: dict[int, float] = {}
    for tech_id, changes in steps.items():
        on_since: datetime | None = None
        total, recorded = 0.0, False
        for at, on in changes:
            if on and on_since is None:
                on_since = at
                recorded = recorded or at >= period.start
            elif not on and on_since is not None:
                recorded = recorded or at >= period.start
                total += _overlap(on_since, at, period.start, end)
                on_since = None
        if on_since is not None:
            recorded = True
            total += _overlap(on_since, end, period.start, end)
        if recorded:
            worked[tech_id] = total
    return worked
