"""Read-only commands (``report``, ``db current``) never create or change a file: no data
directory, no SQLite file, no -wal/-shm beside it; and a plain file path to ``--db`` works."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from console import cli as core_cli
from console.db.engine import Database
from console.db.migrate import upgrade
from reports.cli import main as report_main
from tests.helpers.reports_dataset import build


def _state(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``folder`` with its size, mtime and bytes."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded, closed SQLite file (no -wal left), copied per test."""
    path = tmp_path_factory.mktemp("seeded") / "dispatch.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    build(db)
    db.dispose()
    assert sorted(p.name for p in path.parent.iterdir()) == ["dispatch.sqlite3"]
    return path


WEEKLY = ["report", "weekly", "--week", "2026-W47"]


def test_report_without_a_database_leaves_no_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "no-such-data-dir"
    monkeypatch.setenv("DISPATCH_DATA_DIR", str(data))
    assert core_cli.main([*WEEKLY, "--out", str(tmp_path / "w.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert core_cli.main(["db", "current"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not data.exists() and not (tmp_path / "w.pdf").exists()


def test_a_plain_file_path_is_a_database(
    seeded_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = tmp_path / "db" / "night.sqlite3"
    copy.parent.mkdir()
    shutil.copy(seeded_file, copy)
    before = _state(copy.parent)
    monkeypatch.chdir(copy.parent)
    for given in (str(copy), "night.sqlite3"):
        out = tmp_path / f"w-{len(given)}.pdf"
        assert core_cli.main([*WEEKLY, "--db", given, "--out", str(out)]) == 0, capsys.readouterr()
        assert out.stat().st_size > 10_000
        assert core_cli.main(["db", "current", "--db", given]) == 0
        assert capsys.readouterr().out.strip().splitlines()[-1] not in ("", "empty")
    assert _state(copy.parent) == before
    missing = tmp_path / "typo.sqlite3"
    for command in (["db", "upgrade"], ["seed-demo"]):
        assert core_cli.main([*command, "--db", str(missing)]) == 2
        err = capsys.readouterr().err
        assert f"sqlite:///{missing}" in err, err
    assert not missing.exists()


def test_read_only_commands_never_write_to_a_file(
    seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "dbs"
    folder.mkdir()
    zero = folder / "zero.sqlite3"
    zero.touch()
    os.utime(zero, ns=(1_000_000_000, 1_000_000_000))
    shutil.copy(seeded_file, folder / "real.sqlite3")
    before = _state(folder)
    for url in (f"sqlite:///{zero}", str(zero)):
        assert report_main(["weekly", "--week", "2026-W47", "--db", url,
                            "--out", str(tmp_path / "z.pdf")]) == 1
        assert "no dispatch tables" in capsys.readouterr().err
        assert core_cli.main(["db", "current", "--db", url]) == 0
        assert capsys.readouterr().out.strip() == "empty"
    for kind in (["weekly", "--week", "2026-W47"], ["handover", "--date", "2026-11-17"]):
        assert report_main([*kind, "--db", f"sqlite:///{folder / 'real.sqlite3'}",
                            "--out", str(tmp_path / "r.pdf")]) == 0
    assert _state(folder) == before
