"""Every use of an API key lands in the audit trail, written in batches.

One audit row per request, collected in memory and written about once a second on the
writer thread, so audit costs no transaction per read and no request waits for it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from console.api.context import ApiContext
from console.db.models import AuditRecord
from console.hub.periodic import PeriodicTask


@dataclass(frozen=True, slots=True)
class Use:
    at: datetime
    key_id: int
    key_name: str
    method: str
    path: str
    status: int


class UsageLog(PeriodicTask):
    """Flushes ``pending`` every ``interval`` seconds, and once more when stopped."""

    failure = "writing API usage audit records failed"  # a failed write must not end auditing

    def __init__(self, ctx: ApiContext, interval: float = 1.0) -> None:
        super().__init__(interval)
        self.ctx = ctx
        self.pending: list[Use] = []

    def record(self, key_id: int, key_name: str, method: str, path: str, status: int) -> None:
        self.pending.append(Use(self.ctx.db.now(), key_id, key_name, method, path, status))

    async def stop(self) -> None:
        await super().stop()
        await self.flush()

    async def tick(self) -> None:
        await self.flush()

    async def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            await asyncio.get_running_loop().run_in_executor(self.ctx.hub.writer, self._write,
                                                             batch)
        except Exception:
            self.pending[:0] = batch  # kept for the next try, not lost
            raise

    def _write(self, batch: list[Use]) -> None:
        with self.ctx.db.transaction() as session:
            session.add_all(
                AuditRecord(at=u.at, actor=f"api:{u.key_name}", action="api_request",
                            entity="api_key", entity_id=u.key_id, before=None,
                            after={"method": u.method, "path": u.path, "status": u.status})
                for u in batch
            )
