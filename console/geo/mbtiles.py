"""The tile cache on disk: one MBTiles file (SQLite) per tile source.

MBTiles 1.3 layout (``metadata`` and ``tiles`` with TMS row order), so the file opens in
QGIS or any MBTiles server too. Tiles go in as the map is used and by ``dispatch-console
map cache``; when the network is down the map is served from here. Several threads share
one connection behind a lock (reads are sub-millisecond; writes are one row).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS tiles (
    zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB,
    PRIMARY KEY (zoom_level, tile_column, tile_row)
);
CREATE TABLE IF NOT EXISTS tile_times (
    zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, fetched_at REAL,
    PRIMARY KEY (zoom_level, tile_column, tile_row)
);
"""


def _row(z: int, y: int) -> int:
    """XYZ row to MBTiles (TMS) row."""
    return (1 << z) - 1 - y


class MBTiles:
    """Get and put tiles by XYZ address; metadata describes the source."""

    def __init__(self, path: Path, *, name: str = "", attribution: str = "") -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            meta = {"name": name or path.stem, "format": "png", "type": "baselayer",
                    "version": "1.3", "attribution": attribution}
            self._db.executemany(
                "INSERT OR IGNORE INTO metadata (name, value) VALUES (?, ?)", meta.items()
            )

    def get(self, z: int, x: int, y: int) -> bytes | None:
        with self._lock:
            row = self._db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, _row(z, y)),
            ).fetchone()
        return bytes(row[0]) if row else None

    def has(self, z: int, x: int, y: int) -> bool:
        with self._lock:
            return (
                self._db.execute(
                    "SELECT 1 FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                    (z, x, _row(z, y)),
                ).fetchone()
                is not None
            )

    def put(self, z: int, x: int, y: int, data: bytes) -> None:
        key = (z, x, _row(z, y))
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)", (*key, data))
            self._db.execute(
                "INSERT OR REPLACE INTO tile_times VALUES (?, ?, ?, ?)", (*key, time.time())
            )
            self._db.execute("COMMIT")

    def stats(self) -> tuple[int, int]:
        """Number of tiles and their total size in bytes."""
        with self._lock:
            count, size = self._db.execute(
                "SELECT count(*), coalesce(sum(length(tile_data)), 0) FROM tiles"
            ).fetchone()
        return int(count), int(size)

    def metadata(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT name, value FROM metadata").fetchall())

    def close(self) -> None:
        with self._lock:
            self._db.close()
