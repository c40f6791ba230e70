"""Reading and writing CSV and XLSX as rows of text, numbered as a person sees them.

Line 1 is the header; data rows keep the line number they have in the file, so a problem
report says "line 7" for what the spreadsheet shows as row 7.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from console.errors import InvalidInput
from console.security.cells import safe_cell

SUFFIXES = (".csv", ".xlsx")
MAX_ROWS = 100_000


def check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(f"{path.name}: use a .csv or .xlsx file", field="file")
    return suffix


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (lower-cased) and each non-empty data row with its line number."""
    if check_suffix(path) == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        raw: list[list[str]] = list(csv.reader(io.StringIO(text)))
    else:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            raw = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if not raw:
        raise InvalidInput(f"{path.name} is empty: it needs a header row", field="file")
    if len(raw) > MAX_ROWS:
        raise InvalidInput(f"{path.name} has more than {MAX_ROWS} rows", field="file")
    header = [h.strip().lower() for h in raw[0]]
    rows = []
    for line, values in enumerate(raw[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append((line, {h: (cells[i] if i < len(cells) else "")
                            for i, h in enumerate(header) if h}))
    return header, rows


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header and rows; returns the number of data rows. Text that a spreadsheet
    would run as a formula is written as text (console.security.cells): the rows carry
    what customers and strangers typed."""
    count = 0
    if check_suffix(path) == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow([safe_cell(v) for v in row])
                count += 1
        return count
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("jobs")
    sheet.append(list(header))
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        count += 1
    book.save(path)
    return count
