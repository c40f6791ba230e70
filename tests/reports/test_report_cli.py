"""``dispatch-console report``: files written on success, clear errors and nothing on failure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from console import cli as core_cli
from console.db.engine import Database
from reports.cli import main
from tests.helpers.reports_dataset import build


@pytest.fixture
def seeded_url(db_url: str) -> str:
    db = Database(db_url)
    build(db)
    db.dispose()
    return db_url


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_weekly_and_handover_through_the_core_cli(
    seeded_url: str, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = out_dir / "weekly.pdf"
    rc = core_cli.main(
        [
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--db",
            seeded_url,
            "--lang",
            "zh",
            "--paper",
            "letter",
            "--out",
            str(out),
        ]
    )
    assert rc == 0, capsys.readouterr().err
    assert len(PdfReader(out).pages) >= 2 and "wrote" in capsys.readouterr().out
    out2 = out_dir / "handover.pdf"
    assert main(["handover", "--date", "2026-11-17", "--db", seeded_url, "--out", str(out2)]) == 0
    assert len(PdfReader(out2).pages) == 1
    assert _only(out_dir) == ["handover.pdf", "weekly.pdf"]


@pytest.mark.parametrize(
    "week,reason",
    [
        ("2026-47", "is not an ISO week like 2026-W47"),
        ("2026-W54", "2026 has no ISO week 54"),
    ],
)
def test_bad_week_writes_nothing(
    shared_url: str, out_dir: Path, week: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = out_dir / "r.pdf"
    assert main(["weekly", "--week", week, "--db", shared_url, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err
    assert _only(out_dir) == []


def test_bad_inputs_are_explained(
    shared_url: str, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(out_dir / "r.pdf")
    cases = [
        (["handover", "--date", "26/11/2026"], "is not a date like 2026-11-26"),
        (["weekly", "--week", "2026-W47", "--tz", "Mars/Base"], "unknown time zone"),
        (["weekly", "--week", "2026-W47", "--plans", str(out_dir / "none.toml")], "does not exist"),
    ]
    for args, reason in cases:
        assert main([*args, "--db", shared_url, "--out", out]) == 1
        assert reason in capsys.readouterr().err
    bad = out_dir / "bad.toml"
    bad.write_text("[commission]\nrate = 'a lot'\n")
    assert (
        main(
            ["weekly", "--week", "2026-W47", "--plans", str(bad), "--db", shared_url, "--out", out]
        )
        == 1
    )
    assert "[commission] rate is missing or invalid" in capsys.readouterr().err
    assert _only(out_dir) == ["bad.toml"]


def test_missing_or_unmigrated_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "r.pdf")
    missing = tmp_path / "nothing.sqlite3"
    assert main(["weekly", "--week", "2026-W47", "--db", f"sqlite:///{missing}", "--out", out]) == 1
    assert "does not exist" in capsys.readouterr().err and not missing.exists()
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    assert (
        main(["handover", "--date", "2026-11-26", "--db", f"sqlite:///{empty}", "--out", out]) == 1
    )
    err = capsys.readouterr().err
    assert "not migrated" in err and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_unwritable_out(shared_url: str, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["weekly", "--week", "2026-W47", "--db", shared_url, "--out"]
    assert main([*args, str(out_dir / "no" / "such" / "r.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main([*args, str(out_dir)]) == 1
    assert "is a directory" in capsys.readouterr().err
    assert main(["weekly", "--lang", "fr", "--week", "2026-W47", "--out", "x.pdf"]) == 2
    assert _only(out_dir) == []


def test_a_report_printed_on_a_shared_database_records_who_made_it(
    seeded_url: str, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import select

    from console.db.models import AuditRecord

    for kind in (["weekly", "--week", "2026-W47"], ["security", "--month", "2026-11"]):
        assert main([*kind, "--db", seeded_url, "--out", str(out_dir / f"{kind[0]}.pdf")]) == 0
    db = Database(seeded_url)
    try:
        with db.reading() as s:
            rows = s.execute(select(AuditRecord).where(AuditRecord.action == "print_report")
                             .order_by(AuditRecord.id)).scalars().all()
        recorded = [(r.actor, (r.after or {}).get("kind"), (r.after or {}).get("period"))
                    for r in rows]
        if db.is_postgres:  # the center's shared store: every print is on the audit trail
            assert recorded == [("system cli", "weekly_report", "2026-W47 weekly.pdf"),
                                ("system cli", "security_report", "2026-11 security.pdf")]
        else:  # a SQLite file is read-only to a report (tests/reports/test_cli_read_only.py)
            assert recorded == []
    finally:
        db.dispose()
