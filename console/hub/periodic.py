"""A hub background task: ``tick()`` every ``interval`` seconds on the hub's event loop.

Auto-dispatch (every second), the nightly retention run (every five minutes, when due) and
the HTTP API's usage audit (every second) are each one. A tick that fails is logged and the
next one runs, so one bad pass never ends the task for the rest of the night.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)


class PeriodicTask:
    #: what the log says when a tick fails
    failure = "hub background task failed"

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def tick(self) -> object:
        """One pass (subclasses)."""
        raise NotImplementedError

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.tick()
            except Exception:
                log.exception(self.failure)
