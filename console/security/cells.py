"""Text for spreadsheet cells that a spreadsheet will not run as a formula.

Exports carry text typed by outsiders (a customer name from the public web form, a user name
typed at a failed sign-in). Excel, LibreOffice and Sheets treat a cell that starts with ``=``,
``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a formula, which can fetch
URLs or run commands when the file is opened (CSV/formula injection, OWASP). Such text gets a
leading ``'``, which every spreadsheet shows as text. Numbers stay numbers: a number value is
never touched, nor text that is only a number (``-12.5``), which no spreadsheet runs.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_text(text: str) -> str:
    """``text``, with a leading ``'`` when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A cell value for CSV or XLSX: text made safe, anything else (numbers, dates, None)
    as it is."""
    return safe_text(value) if isinstance(value, str) else value
