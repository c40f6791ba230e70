"""The one error a report raises for bad input or an unusable database: a reason, no traceback."""

from __future__ import annotations


class ReportError(Exception):
    """Shown to the user as ``dispatch-console report: <reason>``; nothing is written."""
