"""``export jobs``: completed jobs with costs for whole days in the center's time zone,
the same figures finance pulls from ``GET /v1/jobs``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from console.api.queries import list_jobs
from console.db.engine import Database
from console.domain import CostKind
from console.errors import InvalidInput
from console.transfer.sheets import check_suffix, write_rows

COST_KINDS = tuple(k.value for k in CostKind)
HEADER = ("call_id", "created_at", "completed_at", "category", "priority", "channel",
          "district", "technician_ids", "price_charged",
          *(f"cost_{k}" for k in COST_KINDS), "cost_total", "margin", "rating")


def _rows(db: Database, start: datetime, end: datetime) -> Iterator[list[Any]]:
    cursor = None
    while True:
        page = list_jobs(db, start, end, cursor, 500)
        for j in page["jobs"]:
            yield [j["call_id"], j["created_at"], j["completed_at"], j["category"],
                   j["priority"], j["channel"], j["district"],
                   " ".join(str(t) for t in j["technician_ids"]), j["price_charged"],
                   *(j["costs"].get(k, 0.0) for k in COST_KINDS), j["cost_total"],
                   j["margin"], j["rating"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return


def export_jobs(db: Database, path: Path, first: date, last: date, tz: str) -> int:
    """Jobs completed from the start of ``first`` to the end of ``last``; returns the count."""
    check_suffix(path)
    if last < first:
        raise InvalidInput("--to is before --from", field="to")
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    return write_rows(path, HEADER, _rows(db, start, end))
