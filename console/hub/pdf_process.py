"""PDFs built in a worker process, so printing a report never stalls the hub's event loop.

reportlab is pure Python: a weekly report is 0.3–0.6 s of CPU, and a hub thread building it
holds the GIL the event loop needs to fan out positions and call events. On a loaded
two-core machine CI measured a 0.69 s stall of the loop during a 1.0 s build. So the hub's
reader thread only waits here while one spawned process (started on the first report, then
kept for the next) reopens the database from its URL and builds the PDF.

The worker sees the hub's "now" (a simulated night's clock in demo mode), frozen when the
report was asked for. A database only this process can open (in-memory SQLite) is built in
the calling thread, as before.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from console.db.engine import Database
from console.errors import DispatchError

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


class ReportWorkerLost(DispatchError):
    """The report process died (killed, out of memory); the next report starts a new one."""

    code = "unavailable"


def build_pdf(db: Database, target: str, **fields: Any) -> bytes:
    """``target`` ("module:function") called as ``function(db, **fields)``, in the worker
    process when the database can be reopened there. Blocks the calling (reader) thread,
    never the event loop; the builder's refusals (``InvalidInput``) come back as raised."""
    if not shareable(db.url):
        return _call(target, db, fields)
    future = _worker().submit(_build_in_worker, target, db.url, db.now(), fields)
    try:
        return future.result()
    except BrokenProcessPool:
        _forget_worker()
        raise ReportWorkerLost("the report process stopped; ask for the report again") from None


def shareable(url: str) -> bool:
    """Whether another process opening ``url`` sees the same database."""
    return not (url.startswith("sqlite") and (":memory:" in url or url.rstrip("/") == "sqlite:"))


def running() -> bool:
    """Whether this process has started its report process."""
    with _lock:
        return _pool is not None


def shutdown() -> None:
    """Stop the worker (tests, and a process about to exit, call this)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _forget_worker() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        log.warning("the report process stopped; a new one starts with the next report")
        pool.shutdown(wait=False, cancel_futures=True)


def _call(target: str, db: Database, fields: dict[str, Any]) -> bytes:
    module, _, name = target.partition(":")
    pdf: bytes = getattr(importlib.import_module(module), name)(db, **fields)
    return pdf


def _build_in_worker(target: str, url: str, now: datetime, fields: dict[str, Any]) -> bytes:
    """Runs in the worker: a short-lived connection (a test or an operator may drop the
    database once the report is done), the clock frozen at the hub's "now"."""
    db = Database(url, clock=lambda: now, read_only=True)
    try:
        return _call(target, db, fields)
    finally:
        db.dispose()
