"""Builders for the report-process tests: module-level, so the spawned worker imports them."""

from __future__ import annotations

import os

from console.db.engine import Database
from console.errors import InvalidInput


def where(db: Database, *, note: str) -> bytes:
    """Which process built it, with what clock and database."""
    return f"{os.getpid()}|{db.now().isoformat()}|{db.url}|{note}".encode()


def refuse(db: Database, *, week: str) -> bytes:
    raise InvalidInput(f"{week} is not an ISO week", field="week")


def die(db: Database, *, pid: int, sig: int) -> bytes:
    os.kill(pid, sig)  # the worker itself, as the kernel's OOM killer would
    return b""
