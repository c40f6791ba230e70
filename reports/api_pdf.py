"""The weekly report as the HTTP API serves it (``GET /v1/reports/weekly``).

The API core (console/api) never imports reports; ``dispatch-console api`` and the embedded
hub hand it this function, the way the command line reaches upper layers by module name.
"""

from __future__ import annotations

from console.db.engine import Database
from console.errors import InvalidInput
from reports.data import center_time_zone
from reports.errors import ReportError
from reports.weekly import build_weekly_pdf


def weekly_pdf(db: Database, week: str, lang: str) -> bytes:
    """The week's PDF in the center's time zone; a bad week is ``invalid``, not a crash."""
    try:
        return build_weekly_pdf(db, week=week, tz=center_time_zone(db), lang=lang)
    except ReportError as exc:
        raise InvalidInput(str(exc), field="week") from None
