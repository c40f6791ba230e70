"""The weekly report as the hub builds it for a console connected with ``--hub`` only
(:mod:`console.hub.report_builder`): the same PDF as the window and the CLI, with a bad
week, language or paper answered as ``invalid`` instead of a traceback."""

from __future__ import annotations

from console.db.engine import Database
from console.errors import InvalidInput
from reports.data import center_time_zone
from reports.errors import ReportError
from reports.weekly import build_weekly_pdf


def weekly_pdf(
    db: Database, *, week: str, lang: str = "en", paper: str = "a4", tz: str | None = None
) -> bytes:
    try:
        return build_weekly_pdf(
            db, week=week, tz=tz or center_time_zone(db), lang=lang, paper=paper
        )
    except ReportError as exc:
        raise InvalidInput(str(exc)) from None
