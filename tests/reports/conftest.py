"""Report fixtures: the exact week of reports_dataset, once per module on SQLite for tests that
only read (input validation, layout), and per test on both databases where figures matter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.db.engine import Database
from console.db.migrate import upgrade
from tests.helpers.reports_dataset import build


@pytest.fixture(scope="module")
def shared_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A seeded SQLite database shared by one module's read-only tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reports-db') / 'dispatch.sqlite3'}"
    db = Database(url)
    upgrade(db)
    build(db)
    db.dispose()
    return url


@pytest.fixture
def shared_db(shared_url: str) -> Iterator[Database]:
    db = Database(shared_url)
    yield db
    db.dispose()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder of its own for report files (SQLite test databases live in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
