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
from console.services.privacy import record_print

#: The module with ``weekly_pdf(db, *, week, lang, paper, tz) -> bytes``.
BUILDER = "reports.remote"


def console_weekly_report(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    pdf: bytes = importlib.import_module(BUILDER).weekly_pdf(db, **f)
    record_print(db, actor=p.actor, kind="weekly_report", period=f["week"], masked=False)
    return {"week": f["week"], "bytes": len(pdf), "pdf": base64.b64encode(pdf).decode()}


#: The module with ``security_pdf(db, *, month, lang, tz) -> bytes``.
SECURITY_BUILDER = "reports.security"


def console_security_report(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    """The monthly security report for an admin's console; the print is audited."""
    pdf: bytes = importlib.import_module(SECURITY_BUILDER).security_pdf(db, **f)
    record_print(db, actor=p.actor, kind="security_report", period=f["month"], masked=False)
    return {"month": f["month"], "bytes": len(pdf), "pdf": base64.b64encode(pdf).decode()}
