"""``import technicians|customers``: check every row first, write only a clean file.

Each row is checked with the services' own validators (phone, coordinates, skills, text
lengths) plus duplicates within the file and against the database. A dry run lists every
problem by line; a real run writes nothing unless no row has a problem, then creates each
row through its service (audited like any other write).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Customer, Technician
from console.domain import Skill
from console.errors import DispatchError, InvalidInput
from console.services import validate
from console.services.accounts import create_technician
from console.services.actors import Actor
from console.services.customers import create_customer
from console.transfer.sheets import read_rows

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
COLUMNS = {
    "technicians": (("name", "phone", "skills", "home_base", "home_lat", "home_lon"),
                    ("shifts",)),
    "customers": (("name", "phone", "address", "lat", "lon"), ("district",)),
}


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.reason}"


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    problems: list[Problem] = field(default_factory=list)


def _number(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a number", field=name) from None


def _shifts(text: str) -> list[tuple[int, str, str]]:
    """``mon 18:00-06:00; tue 18:00-06:00`` (or weekday numbers 0-6)."""
    out = []
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        try:
            day, hours = part.split()
            start, end = hours.split("-")
        except ValueError:
            raise InvalidInput(f"{part!r} is not like 'mon 18:00-06:00'", field="shifts") \
                from None
        key = day.lower()[:3]
        weekday = WEEKDAYS.index(key) if key in WEEKDAYS else int(day) if day.isdigit() else -1
        validate.integer("shifts", weekday, 0, 6)
        for hhmm in (start, end):
            h, _, m = hhmm.partition(":")
            if not (h.isdigit() and m.isdigit() and int(h) < 24 and int(m) < 60):
                raise InvalidInput(f"{hhmm!r} is not a time like 18:00", field="shifts")
        out.append((weekday, start, end))
    return out


def _technician(row: dict[str, str]) -> dict[str, Any]:
    skills = [s.strip().lower() for s in row["skills"].replace(";", ",").split(",") if s.strip()]
    if not skills:
        raise InvalidInput("a technician needs at least one skill", field="skills")
    for s in skills:
        validate.choice("skills", Skill, s)
    lat, lon = validate.coordinate(_number("home_lat", row["home_lat"]),
                                   _number("home_lon", row["home_lon"]))
    return {"name": validate.text("name", row["name"], max_len=120),
            "phone": validate.phone(row["phone"]), "skills": skills,
            "home_base": validate.text("home_base", row["home_base"]),
            "home_lat": lat, "home_lon": lon, "shifts": _shifts(row.get("shifts", ""))}


def _customer(row: dict[str, str]) -> dict[str, Any]:
    lat, lon = validate.coordinate(_number("lat", row["lat"]), _number("lon", row["lon"]))
    return {"name": validate.text("name", row["name"], max_len=120),
            "phone": validate.phone(row["phone"]),
            "address": validate.text("address", row["address"]),
            "district": validate.text("district", row.get("district", ""), max_len=64,
                                      allow_empty=True),
            "lat": lat, "lon": lon}


PARSERS: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "technicians": _technician, "customers": _customer}


def _known_phones(db: Database, kind: str) -> set[str]:
    model = Technician if kind == "technicians" else Customer
    with db.reading() as session:
        return set(session.execute(select(model.phone)).scalars())


def check_file(db: Database, kind: str, path: Path) -> tuple[ImportReport, list[dict[str, Any]]]:
    """Every row's problems (by line) and, for clean rows, the service arguments."""
    report = ImportReport(kind)
    header, rows = read_rows(path)
    required, optional = COLUMNS[kind]
    missing = [c for c in required if c not in header]
    if missing:
        report.problems.append(Problem(1, ", ".join(missing), "missing column(s); the header "
                                       f"needs {', '.join(required)} (optional: "
                                       f"{', '.join(optional)})"))
        return report, []
    known = _known_phones(db, kind)
    seen: dict[str, int] = {}
    parsed = []
    for line, row in rows:
        report.rows += 1
        try:
            args = PARSERS[kind](row)
        except DispatchError as exc:
            report.problems.append(Problem(line, str(exc.details.get("field", "row")),
                                           exc.message))
            continue
        phone = args["phone"]
        if phone in known:
            report.problems.append(Problem(line, "phone", f"{phone} is already on file"))
        elif phone in seen:
            report.problems.append(Problem(line, "phone",
                                           f"{phone} repeats line {seen[phone]}"))
        else:
            seen[phone] = line
            parsed.append(args)
    return report, parsed


def import_file(db: Database, kind: str, path: Path, *, actor: Actor,
                dry_run: bool = False) -> ImportReport:
    report, parsed = check_file(db, kind, path)
    if dry_run or report.problems:
        return report
    for args in parsed:
        if kind == "technicians":
            create_technician(db, actor=actor, **args)
        else:
            create_customer(db, actor=actor, **args)
        report.created += 1
    return report
