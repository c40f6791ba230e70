"""What the HTTP handlers share: the database, the hub's worker threads, and the wake-up.

The embedded hub passes its own writer and reader pools and its event feed's ``poke``, so
HTTP writes queue behind websocket writes on the one writer thread (SQLite has one writer)
and consoles hear of them at once. A stand-alone ``dispatch-console api`` makes its own.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from console.db.engine import Database
from console.hub.auth import Principal
from console.hub.ops import Op, run_op

T = TypeVar("T")


class ReportBuilder(Protocol):
    """Builds the weekly report PDF for an ISO week such as ``2026-W47``."""

    def __call__(self, db: Database, week: str, lang: str) -> bytes: ...


#: Where the weekly report adapter lives; looked up by name so this core imports no
#: upper layer (console.cli reaches ``reports`` the same way).
REPORT_MODULE = "reports.api_pdf"


def load_report_builder() -> ReportBuilder | None:
    """The weekly PDF builder when the reports package is installed, else None."""
    try:
        module = importlib.import_module(REPORT_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and REPORT_MODULE.startswith(exc.name):
            return None
        raise
    builder: ReportBuilder = module.weekly_pdf
    return builder


@dataclass(frozen=True, slots=True)
class ApiLimits:
    max_body_bytes: int = 64 * 1024  # the websocket protocol's frame limit
    web_rate: float = 2.0  # the public web form, per client address
    web_burst: int = 10
    page_size: int = 100
    max_page_size: int = 500


@dataclass
class ApiContext:
    db: Database
    writer: Executor
    reader: Executor
    poke: Callable[[], None] = lambda: None
    report: ReportBuilder | None = None
    limits: ApiLimits = field(default_factory=ApiLimits)
    owns_pools: bool = False

    @classmethod
    def standalone(cls, db: Database, **kw: Any) -> ApiContext:
        """Pools of our own, shaped like the hub's (one writer on SQLite)."""
        writer = ThreadPoolExecutor(4 if db.is_postgres else 1, "api-writer")
        reader = ThreadPoolExecutor(4, "api-reader")
        return cls(db, writer, reader, owns_pools=True, **kw)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.reader, fn, *args)

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        result = await asyncio.get_running_loop().run_in_executor(self.writer, fn, *args)
        self.poke()
        return result

    async def op(self, op: Op, principal: Principal, fields: dict[str, Any]) -> Any:
        """Run one of the hub's operations exactly as a websocket request runs it."""
        return await self.write(run_op, op, self.db, principal, fields)

    def close(self) -> None:
        if self.owns_pools:
            self.writer.shutdown(wait=True)
            self.reader.shutdown(wait=True)
