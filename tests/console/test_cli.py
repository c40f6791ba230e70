"""The ``dispatch-console`` entry point: help, db upgrade, seed-demo, and clear errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.cli import main
from console.db.engine import Database
from console.db.models import Call, Technician


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("db", "seed-demo", "user", "report", "bench"):
        assert f"    {command}" in out, f"{command} missing from --help:\n{out}"


def test_db_upgrade_twice_on_a_fresh_sqlite_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'fresh.sqlite3'}"
    assert main(["db", "upgrade", "--db", url]) == 0
    assert main(["db", "upgrade", "--db", url]) == 0
    out = capsys.readouterr().out
    assert out.count("schema up to date") == 2
    assert main(["db", "current", "--db", url]) == 0
    assert capsys.readouterr().out.strip() not in ("", "empty")


def test_seed_demo_command(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["seed-demo", "--db", db_url, "--weeks", "1", "--technicians", "12", "--seed", "5"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "seeded 1 week(s)" in out and "dispatcher" in out
    # the tracks are written by default (checked in tests/console/test_seed_tracks.py)
    assert re.search(r"[1-9]\d* position_fixes", out)
    db = Database(db_url)
    with db.reading() as s:
        assert s.execute(select(func.count()).select_from(Technician)).scalar_one() == 12
        assert s.execute(select(func.count()).select_from(Call)).scalar_one() > 100
    db.dispose()
    assert main(args) == 2, "a second seed into the same database is refused"
    assert "fills an empty database" in capsys.readouterr().err


@pytest.mark.parametrize(("url", "message"), [
    ("bogus://nowhere", "bad database URL"),
    ("not a url at all", "bad database URL"),
    ("postgresql://nobody@127.0.0.1:1/none", "cannot open the database"),
])
def test_bad_db_url_is_a_clear_error(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["seed-demo"], ["db", "upgrade"]):
        assert main([*command, "--db", url]) == 2
        captured = capsys.readouterr()
        assert message in captured.err and "Traceback" not in captured.err + captured.out


def test_bad_db_url_from_the_installed_script_has_no_traceback() -> None:
    script = Path(sys.executable).with_name("dispatch-console")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "console.cli"]
    result = subprocess.run(
        [*command, "seed-demo", "--db", "bogus://x"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 2
    assert "bad database URL" in result.stderr and "Traceback" not in result.stderr
