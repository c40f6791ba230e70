"""Technician positions at scale: latest fix in memory, track history written in batches,
broadcasts to consoles coalesced to the latest fix per technician.

Thousands of phones reporting once a second must not cost a transaction each: fixes are
queued and written every ``batch_interval`` seconds (or ``batch_max`` fixes) in one
transaction on the hub's writer thread; consoles get one ``positions`` message per
``broadcast_interval`` with each moved technician once. When the writer falls behind by
``backlog_max`` fixes, ``room()`` holds the field apps' read loops (backpressure).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Dialect, Table, bindparam, or_, update
from sqlalchemy.exc import OperationalError

from console.db.engine import Database
from console.db.models import PositionFix, Technician

log = logging.getLogger(__name__)

_T = cast(Table, Technician.__table__)
_FIXES = cast(Table, PositionFix.__table__)
#: One queued fix: (technician_id, lat, lon, accuracy_m, heading_deg, speed_kmh, fixed_at).
#: A tuple on the event loop; the writer thread makes the rows (profiled: two dicts per fix
#: on the loop were a visible share of a fix's cost).
Fix = tuple[int, float, float, float | None, float | None, float | None, datetime]
_COLUMNS = ("technician_id", "lat", "lon", "accuracy_m", "heading_deg", "speed_kmh", "fixed_at")
_MOVE = (
    update(_T)
    .where(
        _T.c.id == bindparam("b_id"),
        or_(_T.c.last_fix_at.is_(None), _T.c.last_fix_at <= bindparam("b_at")),
    )
    .values(
        last_lat=bindparam("b_lat"),
        last_lon=bindparam("b_lon"),
        last_fix_at=bindparam("b_at"),
        last_heading=bindparam("b_heading"),
        last_speed_kmh=bindparam("b_speed"),
    )
)

_INSERTS: dict[str, tuple[str, Callable[[datetime], Any]]] = {}


def _insert_for(dialect: Dialect) -> tuple[str, Callable[[datetime], Any]]:
    """The track INSERT in the driver's parameter style, and how ``fixed_at`` is bound
    (the column type's own processor, so rows are stored exactly as SQLAlchemy would)."""
    entry = _INSERTS.get(dialect.name)
    if entry is None:
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        sql = (
            f"INSERT INTO {_FIXES.name} ({', '.join(_COLUMNS)}) "
            f"VALUES ({', '.join([mark] * len(_COLUMNS))})"
        )
        proc = _FIXES.c.fixed_at.type.bind_processor(dialect)
        entry = _INSERTS[dialect.name] = (sql, proc or (lambda at: at))
    return entry


Broadcast = Callable[[list[dict[str, Any]]], None]


def fix_to_wire(
    tech_id: int,
    lat: float,
    lon: float,
    at: datetime,
    accuracy: float | None,
    heading: float | None,
    speed: float | None,
) -> dict[str, Any]:
    return {
        "technician_id": tech_id,
        "lat": lat,
        "lon": lon,
        "at": at.isoformat(),
        "accuracy": accuracy,
        "heading": heading,
        "speed": speed,
    }


class PositionStore:
    """Latest position per technician, the pending track batch and the broadcast batch."""

    def __init__(
        self,
        db: Database,
        writer: Executor,
        broadcast: Broadcast,
        *,
        batch_interval: float = 1.0,
        batch_max: int = 500,
        broadcast_interval: float = 0.1,
        backlog_max: int = 20_000,
    ) -> None:
        self.db = db
        self.writer = writer
        self.broadcast = broadcast
        self.batch_interval = batch_interval
        self.batch_max = batch_max
        self.broadcast_interval = broadcast_interval
        self.latest: dict[int, dict[str, Any]] = {}
        self._latest_at: dict[int, datetime] = {}
        self._pending: list[Fix] = []
        self._dirty: dict[int, dict[str, Any]] = {}
        self._dirty_remote: dict[int, dict[str, Any]] = {}
        #: Where this hub's own coalesced fixes go for other hubs (see relay.py).
        self.publish: Broadcast | None = None
        self._full = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()
        self._writing = 0  # fixes in the batch being written now
        self.backlog_max = backlog_max
        self._tasks: list[asyncio.Task[None]] = []
        self.accepted = 0
        self.written = 0
        self.batches = 0  # transactions used for the track (far fewer than fixes)
        self.write_cpu_s = 0.0  # CPU seconds the writer thread spent on the track
        self._stopping = False

    def add(
        self,
        tech_id: int,
        lat: float,
        lon: float,
        at: datetime,
        accuracy: float | None,
        heading: float | None,
        speed: float | None,
    ) -> None:
        """Take one fix (already validated and authorised); cheap, never blocks."""
        self.accepted += 1
        self._pending.append((tech_id, lat, lon, accuracy, heading, speed, at))
        previous = self._latest_at.get(tech_id)
        if previous is None or at >= previous:
            wire = fix_to_wire(tech_id, lat, lon, at, accuracy, heading, speed)
            self._latest_at[tech_id] = at
            self.latest[tech_id] = wire
            self._dirty[tech_id] = wire
        if len(self._pending) >= self.batch_max:
            self._full.set()
        if len(self._pending) + self._writing >= self.backlog_max:
            self._room.clear()

    @property
    def backlog(self) -> int:
        """Fixes not yet in the track table (queued plus the batch being written)."""
        return len(self._pending) + self._writing

    async def room(self) -> None:
        """Wait while the unwritten backlog is full: the hub then stops reading from field
        apps (TCP pushes back on them) instead of queueing fixes without bound."""
        await self._room.wait()

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._flush_loop()),
            asyncio.create_task(self._broadcast_loop()),
        ]

    async def stop(self) -> None:
        """Stop the loops, letting a write in progress finish, then write what is left."""
        self._stopping = True
        self._full.set()
        for task in self._tasks[1:]:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        self._send_dirty()
        await self.flush()

    async def flush(self) -> None:
        """Write everything pending now (the stop path and the periodic loop)."""
        while self._pending:
            batch, self._pending = self._pending, []
            self._writing = len(batch)
            self._full.clear()
            loop = asyncio.get_running_loop()
            try:
                await loop.run_in_executor(self.writer, self._write, batch)
                self.written += len(batch)
                self.batches += 1
            except Exception:  # a failed batch must not stop later ones
                log.exception("writing %d position fixes failed", len(batch))
            finally:
                self._writing = 0
                if len(self._pending) < self.backlog_max:
                    self._room.set()

    def _write(self, batch: list[Fix], attempts: int = 3) -> None:
        """Append the track and move each technician's latest fix forward (never back: a
        late, older fix from a phone's queue only joins the track). Rows are updated in id
        order, and a deadlock with a service transaction is retried."""
        started = time.thread_time()
        latest: dict[int, Fix] = {}
        for fix in batch:
            seen = latest.get(fix[0])
            if seen is None or fix[6] >= seen[6]:
                latest[fix[0]] = fix
        moves = [
            {"b_id": k, "b_lat": f[1], "b_lon": f[2], "b_at": f[6], "b_heading": f[4],
             "b_speed": f[5]}
            for k, f in sorted(latest.items())
        ]
        try:
            self._write_rows(batch, moves, attempts)
        finally:
            self.write_cpu_s += time.thread_time() - started

    def _write_rows(self, batch: list[Fix], moves: list[dict[str, Any]], attempts: int) -> None:
        for attempt in range(1, attempts + 1):
            try:
                with self.db.transaction() as session:
                    conn = session.connection()
                    sql, at = _insert_for(conn.dialect)
                    # the driver's executemany on plain tuples: per-row work in SQLAlchemy
                    # held the GIL the event loop needs (profiled: ~30% of the hub's CPU at
                    # saturation went to the track writer)
                    conn.exec_driver_sql(sql, [(*f[:6], at(f[6])) for f in batch])
                    session.execute(_MOVE, moves)
                return
            except OperationalError:
                if attempt == attempts:
                    raise

    async def _flush_loop(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel
                async with asyncio.timeout(self.batch_interval):
                    await self._full.wait()
            await self.flush()

    async def _broadcast_loop(self) -> None:
        while True:
            await asyncio.sleep(self.broadcast_interval)
            self._send_dirty()

    def add_remote(self, entries: list[dict[str, Any]]) -> None:
        """Fixes another hub received (and writes): show them, do not store or re-publish."""
        for wire in entries:
            tech_id, at = int(wire["technician_id"]), datetime.fromisoformat(wire["at"])
            previous = self._latest_at.get(tech_id)
            if previous is None or at >= previous:
                self._latest_at[tech_id] = at
                self.latest[tech_id] = wire
                self._dirty_remote[tech_id] = wire

    def _send_dirty(self) -> None:
        if not self._dirty and not self._dirty_remote:
            return
        local, self._dirty = self._dirty, {}
        merged = {**self._dirty_remote, **local}
        self._dirty_remote = {}
        try:
            self.broadcast(list(merged.values()))
            if self.publish is not None and local:
                self.publish(list(local.values()))
        except Exception:
            log.exception("broadcasting %d positions failed", len(merged))
