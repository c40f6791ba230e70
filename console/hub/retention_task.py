"""The nightly retention run inside the hub (console.services.retention).

Every ``interval`` seconds the hub asks whether a run is due: past ``RUN_AT`` in the center's
time zone and no run in the last 20 hours (``retention.last_run_at`` in the shared settings,
so of several hubs on one database the first one due runs it and the others see it done).
It runs on the writer thread, audited as ``retention_run`` by the ``retention`` actor.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.db.engine import Database
from console.db.models import Setting
from console.hub.periodic import PeriodicTask
from console.services.actors import Actor
from console.services.retention import last_run, run_retention
from console.timezone import CENTER_TZ

log = logging.getLogger(__name__)

RETENTION_ACTOR = Actor("system", None, "retention")
RUN_AT = time(3, 30)  # local: the quietest hour of a night shift
MIN_GAP = timedelta(hours=20)


def due(now: datetime, tz: str, previous: datetime | None) -> bool:
    """Whether tonight's run is due at ``now`` (UTC-aware)."""
    local = now.astimezone(ZoneInfo(tz))
    if local.time() < RUN_AT:
        return False
    return previous is None or now - previous >= MIN_GAP


class NightlyRetention(PeriodicTask):
    """The hub's background task; ``runs`` counts the runs it made."""

    failure = "nightly retention run failed"  # a failed night must not end the task

    def __init__(
        self,
        db: Database,
        writer: Executor,
        *,
        poke: Callable[[], None],
        interval: float = 300.0,
    ) -> None:
        super().__init__(interval)
        self.db = db
        self.writer = writer
        self.poke = poke
        self.runs = 0

    async def tick(self) -> bool:
        """Run once if due; True when it ran."""
        ran = await asyncio.get_running_loop().run_in_executor(self.writer, self._maybe_run)
        if ran:
            self.runs += 1
            self.poke()
        return ran

    def _maybe_run(self) -> bool:
        with self.db.reading() as session:
            row = session.get(Setting, "timezone")
            tz = row.value if row is not None else CENTER_TZ
        if not due(self.db.now(), tz, last_run(self.db)):
            return False
        counts = run_retention(self.db, actor=RETENTION_ACTOR)
        log.info("retention run: %s", counts)
        return True
