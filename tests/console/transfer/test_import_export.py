"""Spreadsheets in and out through the real command line: a dry run lists every row's problem
by line and writes nothing; a clean file imports; completed jobs export with their costs."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from console.cli import main
from console.db.engine import Database
from console.db.models import Customer, Technician
from console.services import advance_status, assign_call, complete_call, create_call
from console.services.actors import SYSTEM

TECH_HEADER = ["name", "phone", "skills", "home_base", "home_lat", "home_lon", "shifts"]
GOOD_TECHS = [
    ["Zhang Min", "13800001111", "plumbing, heating", "Xuhui", "31.19", "121.43",
     "mon 18:00-06:00; tue 18:00-06:00"],
    ["李强", "13800002222", "locksmith", "Jing'an", "31.23", "121.45", ""],
]
BAD_TECHS = [
    ["Zhang Min", "13800001111", "plumbing", "Xuhui", "31.19", "121.43", ""],
    ["", "13800003333", "plumbing", "Xuhui", "31.19", "121.43", ""],         # line 3: name
    ["Ann", "not a phone", "plumbing", "Xuhui", "31.19", "121.43", ""],      # line 4: phone
    ["Bo", "13800004444", "juggling", "Xuhui", "31.19", "121.43", ""],       # line 5: skills
    ["Cy", "13800005555", "plumbing", "Xuhui", "north", "121.43", ""],       # line 6: home_lat
    ["Di", "13800001111", "plumbing", "Xuhui", "31.19", "121.43", ""],       # line 7: repeat
    ["Ed", "13800006666", "plumbing", "Xuhui", "31.19", "121.43", "someday"],  # line 8: shifts
]


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _count(db: Database, model: type) -> int:
    with db.reading() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def test_dry_run_lists_every_problem_by_line(db: Database, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path / "techs.csv", TECH_HEADER, BAD_TECHS)
    assert main(["import", "technicians", str(path), "--dry-run", "--db", db.url]) == 1
    out = capsys.readouterr().out
    for line, column in ((3, "name"), (4, "phone"), (5, "skills"), (6, "home_lat"),
                         (7, "phone"), (8, "shifts")):
        assert f"line {line}: {column}:" in out, out
    assert "line 2:" not in out and "repeats line 2" in out
    assert main(["import", "technicians", str(path), "--db", db.url]) == 1  # not even line 2
    assert _count(db, Technician) == 0


def test_clean_files_import_from_csv_and_xlsx(db: Database, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    techs = _csv(tmp_path / "techs.csv", TECH_HEADER, GOOD_TECHS)
    assert main(["import", "technicians", str(techs), "--dry-run", "--db", db.url]) == 0
    assert _count(db, Technician) == 0
    assert main(["import", "technicians", str(techs), "--db", db.url]) == 0
    assert _count(db, Technician) == 2
    assert main(["import", "technicians", str(techs), "--db", db.url]) == 1  # already on file
    customers = _xlsx(tmp_path / "customers.xlsx",
                      ["Name", "Phone", "Address", "District", "Lat", "Lon"],
                      [["Emma Brown", 13900001234, "8 Wulumuqi Rd", "Xuhui", 31.21, 121.44],
                       ["王芳", "13900005678", "100 Nanjing Rd", "Huangpu", 31.235, 121.48]])
    assert main(["import", "customers", str(customers), "--db", db.url]) == 0
    with db.reading() as s:
        phones = sorted(s.execute(select(Customer.phone)).scalars())
    assert phones == ["13900001234", "13900005678"]
    missing = _csv(tmp_path / "bad.csv", ["name", "phone"], [["x", "13900009999"]])
    assert main(["import", "customers", str(missing), "--db", db.url]) == 1
    assert "line 1: address, lat, lon: missing column" in capsys.readouterr().out
    assert main(["import", "customers", str(tmp_path / "x.txt"), "--db", db.url]) == 2


def test_export_jobs_with_costs(db: Database, tmp_path: Path) -> None:
    main(["import", "technicians", str(_csv(tmp_path / "t.csv", TECH_HEADER, GOOD_TECHS)),
          "--db", db.url])
    call = create_call(db, actor=SYSTEM, customer_name="Li Wei", phone="13900001111",
                       address="12 Long Road", lat=31.2, lon=121.45, category="leak")
    assign_call(db, actor=SYSTEM, call_id=call.id, technician_id=1, override_reason="test")
    for step in ("accepted", "en_route", "on_site"):
        advance_status(db, actor=SYSTEM, call_id=call.id, to=step)
    complete_call(db, actor=SYSTEM, call_id=call.id, price_charged=150.0,
                  parts=[{"name": "valve", "amount": 22.5}])
    today = db.now().date()
    days = ["--from", str(today - timedelta(days=1)), "--to", str(today + timedelta(days=1))]
    out_csv, out_xlsx = tmp_path / "jobs.csv", tmp_path / "jobs.xlsx"
    assert main(["export", "jobs", *days, str(out_csv), "--db", db.url]) == 0
    assert main(["export", "jobs", *days, str(out_xlsx), "--db", db.url]) == 0
    with out_csv.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["call_id"] == str(call.id)
    assert float(rows[0]["price_charged"]) == 150.0 and float(rows[0]["cost_parts"]) == 22.5
    sheet = load_workbook(out_xlsx).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "call_id" and values[1][0] == call.id
    assert main(["export", "jobs", "--from", "2026-11-30", "--to", "2026-11-01",
                 str(out_csv), "--db", db.url]) == 2
