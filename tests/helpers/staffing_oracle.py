"""The weekly report's staffing figures recomputed independently of reports/staffing.py.

Raw SQL (no ORM models), timestamps parsed by hand, and a minute-by-minute walk over the
week: a (person, role) is at a desk in a minute when one of their sessions covers it and no
training night of theirs does. Sessions and nights must start and end on whole minutes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from console.db.engine import Database


def _t(value: Any) -> datetime:
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def staffing(
    db: Database,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    hourly: dict[str, float],
    premium: float,
    training_rate: float,
) -> dict[str, Any]:
    with db.reading() as s:
        sessions = s.execute(
            text(
                "SELECT user_id, role, started_at, ended_at, last_seen_at FROM user_sessions "
                "WHERE kind = 'console'"
            )
        ).all()
        nights = s.execute(
            text("SELECT trainee_id, wall_started_at, wall_ended_at FROM training_nights")
        ).all()
    training: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for uid, a, b in nights:
        training[uid].append((_t(a), _t(b)))
    desk: dict[tuple[int, str], list[tuple[datetime, datetime]]] = defaultdict(list)
    for uid, role, a, ended, seen in sessions:
        desk[(uid, role)].append((_t(a), _t(ended if ended is not None else seen)))
    minutes: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # role -> [day, night]
    trained = 0
    m = start
    while m < end:
        local_hour = m.astimezone(tz).hour
        night = local_hour >= 22 or local_hour < 6
        for spans in training.values():
            trained += any(a <= m < b for a, b in spans)
        for (uid, role), spans in desk.items():
            if any(a <= m < b for a, b in spans) and not any(
                a <= m < b for a, b in training.get(uid, [])
            ):
                minutes[role][1 if night else 0] += 1
        m += timedelta(minutes=1)
    roles = {}
    for role, (day, night) in minutes.items():
        rate = hourly.get(role)
        cost = None if rate is None else (day / 60 * rate + night / 60 * rate * (1 + premium)) * 100
        roles[role] = {"day_h": day / 60, "night_h": night / 60, "cost_cents": cost}
    return {
        "roles": roles,
        "training_h": trained / 60,
        "training_cents": trained / 60 * training_rate * 100,
    }
