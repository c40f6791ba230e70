"""The weekly report for a console that has no database of its own (``--hub`` only).

The PDF is built by the upper ``reports`` package, which the core may not import; like the
command line's ``report`` command it is found by module name. It is built in the hub's
report process (:mod:`console.hub.pdf_process`) while a reader thread waits, so neither the
event loop nor its GIL is held by reportlab.
"""

from __future__ import annotations

import base64
from typing import Any

from console.db.engine import Database
from console.hub.auth import Principal
from console.hub.pdf_process import build_pdf
from console.services.privacy import record_print

#: ``weekly_pdf(db, *, week, lang, paper, tz) -> bytes``.
BUILDER = "reports.remote:weekly_pdf"


def console_weekly_report(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    pdf = build_pdf(db, BUILDER, **f)
    record_print(db, actor=p.actor, kind="weekly_report", period=f["week"], masked=False)
    return {"week": f["week"], "bytes": len(pdf), "pdf": base64.b64encode(pdf).decode()}


#: ``security_pdf(db, *, month, lang, tz) -> bytes``.
SECURITY_BUILDER = "reports.security:security_pdf"


def console_security_report(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    """The monthly security report for an admin's console; the print is audited."""
    pdf = build_pdf(db, SECURITY_BUILDER, **f)
    record_print(db, actor=p.actor, kind="security_report", period=f["month"], masked=False)
    return {"month": f["month"], "bytes": len(pdf), "pdf": base64.b64encode(pdf).decode()}
