"""The weekly report for a console that has no database of its own (``--hub`` only).

The PDF is built by the upper ``reports`` package, which the core may not import; like the
command line's ``report`` command it is found by module name when a supervisor first asks,
and it runs on one of the hub's reader threads, never on the event loop.
"""

from __future__ import annotations

import base64
import importlib
from typing import Any

from console.db.engine import Database
from console.hub.auth import Principal

#: The module with ``weekly_pdf(db, *, week, lang, paper, tz) -> bytes``.
BUILDER = "reports.remote"


def console_weekly_report(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    pdf: bytes = importlib.import_module(BUILDER).weekly_pdf(db, **f)
    return {"week": f["week"], "bytes": len(pdf), "pdf": base64.b64encode(pdf).decode()}
