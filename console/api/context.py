"""What the HTTP handlers share: the hub they are a front door of.

Requests run through the hub's public surface (``Hub.execute``): the same field checks,
roles, writer and reader threads, audit and event broadcast as a websocket request, so a
call taken over HTTP reaches every console at once. Read-only queries and the customer's
rating run on the hub's reader and writer threads too.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from console.db.engine import Database
from console.hub.auth import Principal
from console.hub.pdf_process import build_pdf

if TYPE_CHECKING:
    from console.hub.server import Hub

T = TypeVar("T")


class ReportBuilder(Protocol):
    """Builds the weekly report PDF for an ISO week such as ``2026-W47``."""

    def __call__(self, db: Database, week: str, lang: str) -> bytes: ...


#: Where the weekly report adapter lives; looked up by name so this core imports no
#: upper layer (console.cli reaches ``reports`` the same way).
REPORT_MODULE = "reports.api_pdf"


def load_report_builder() -> ReportBuilder | None:
    """The weekly PDF builder when the reports package is installed, else None. It builds in
    the hub's report process (console.hub.pdf_process), never holding the event loop's GIL."""
    if importlib.util.find_spec(REPORT_MODULE.partition(".")[0]) is None:
        return None

    def weekly_pdf(db: Database, week: str, lang: str) -> bytes:
        return build_pdf(db, REPORT_MODULE + ":weekly_pdf", week=week, lang=lang)

    return weekly_pdf


@dataclass(frozen=True, slots=True)
class ApiLimits:
    max_body_bytes: int = 64 * 1024  # the websocket protocol's frame limit
    web_rate: float = 2.0  # the public web form, per client address
    web_burst: int = 10
    key_cache_s: float = 2.0  # how long a looked-up API key is trusted without a re-read


@dataclass
class ApiContext:
    hub: Hub
    report: ReportBuilder | None = None
    limits: ApiLimits = field(default_factory=ApiLimits)

    @property
    def db(self) -> Database:
        return self.hub.db

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.hub.reader, fn, *args)

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """A service call on the writer thread; consoles are woken after the commit."""
        result = await asyncio.get_running_loop().run_in_executor(self.hub.writer, fn, *args)
        self.hub.feed.poke()
        return result

    async def execute(self, principal: Principal, type_: str, fields: dict[str, Any]) -> Any:
        """One of the hub's operations, checked and run exactly as a websocket request."""
        return await self.hub.execute(principal, type_, fields)
