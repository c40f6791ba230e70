"""The simulator's agenda: actions ordered by (simulated time, sequence number).

Running one action at a time in that order, and waiting for each to be acknowledged, is what
makes a headless night repeatable: the hub sees the same requests in the same order at the
same simulated times.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from console.sim.clock import SimClock

Action = Callable[[], Awaitable[None]]


def later(at: datetime, minutes: float) -> datetime:
    """``at`` plus whole seconds (timestamps in the log stay tidy and exact)."""
    return at + timedelta(seconds=max(0, round(minutes * 60)))


class Agenda:
    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self._heap: list[tuple[datetime, int, str, Action]] = []
        self._seq = itertools.count()
        self.wake = asyncio.Event()
        clock.on_change(self.wake.set)

    def __len__(self) -> int:
        return len(self._heap)

    def add(self, at: datetime, label: str, action: Action) -> None:
        heapq.heappush(self._heap, (at, next(self._seq), label, action))
        self.wake.set()

    def clear(self) -> None:
        self._heap.clear()
        self.wake.set()

    async def next_due(self, until: datetime) -> tuple[str, Action] | None:
        """The next action once its time has come (advancing a discrete clock to it);
        None when nothing is left before ``until``. A scaled clock sleeps in wall time and
        wakes early when something sooner is added or the clock is paused or re-speeded."""
        while True:
            if self._heap and self._heap[0][0] <= until:
                at = self._heap[0][0]
                if self.clock.discrete:
                    self.clock.advance_to(at)
                if self.clock.now() >= at:
                    _at, _seq, label, action = heapq.heappop(self._heap)
                    return label, action
                target = at
            elif self.clock.discrete:
                self.clock.advance_to(until)
                return None
            else:
                if self.clock.now() >= until:
                    return None
                target = until
            self.wake.clear()
            delay = self.clock.wall_seconds_until(target)
            with contextlib.suppress(TimeoutError):
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel
                async with asyncio.timeout(delay):
                    await self.wake.wait()
