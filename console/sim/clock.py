"""Simulated time for the hub and the services (``Database(clock=sim_clock)``).

Two modes: *scaled* (demo: simulated time runs ``speed`` times faster than the wall clock and
can be paused) and *discrete* (headless ``--speed max``: time stands still until the scheduler
jumps it to the next event, so every timestamp is a scheduled one and runs repeat exactly).
A demo's warm-up starts discrete and goes live (:meth:`SimClock.go_live`) at the handover.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

MIN_SPEED = 1.0
MAX_SPEED = 60.0


class SimClock:
    """Callable clock: ``clock()`` is the simulated now (aware UTC)."""

    def __init__(
        self,
        start: datetime,
        *,
        speed: float | None = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs an aware start time")
        self._mono = monotonic
        self._sim0 = start.astimezone(UTC)
        self._wall0 = monotonic()
        self._discrete = speed is None
        self._speed = 1.0 if speed is None else _check_speed(speed)
        self._paused = False
        self._listeners: list[Callable[[], None]] = []

    # --- reading -----------------------------------------------------------------------

    def __call__(self) -> datetime:
        return self.now()

    def now(self) -> datetime:
        if self._discrete or self._paused:
            return self._sim0
        elapsed = (self._mono() - self._wall0) * self._speed
        return self._sim0 + timedelta(seconds=elapsed)

    @property
    def discrete(self) -> bool:
        return self._discrete

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    def wall_seconds_until(self, at: datetime) -> float | None:
        """Wall-clock seconds until simulated ``at`` (None while paused or discrete)."""
        if self._discrete or self._paused:
            return None
        return max(0.0, (at - self.now()).total_seconds() / self._speed)

    # --- control -----------------------------------------------------------------------

    def on_change(self, cb: Callable[[], None]) -> None:
        """Called after pause, resume, a speed change or a jump (wakes the scheduler)."""
        self._listeners.append(cb)

    def advance_to(self, at: datetime) -> None:
        """Discrete mode: jump to ``at``; time never goes backwards."""
        if not self._discrete:
            raise RuntimeError("advance_to is for the discrete (headless) clock")
        if at > self._sim0:
            self._sim0 = at
            self._changed()

    def go_live(self, speed: float) -> None:
        """Discrete to scaled at the current simulated time (the demo's warm-up is over:
        from here simulated time runs ``speed`` times the wall clock)."""
        if not self._discrete:
            raise RuntimeError("the clock is already running in scaled time")
        self._speed = _check_speed(speed)
        self._discrete = False
        self._wall0 = self._mono()
        self._changed()

    def pause(self) -> None:
        if not self._paused:
            self._rebase()
            self._paused = True
            self._changed()

    def resume(self) -> None:
        if self._paused:
            self._paused = False
            self._wall0 = self._mono()
            self._changed()

    def set_speed(self, speed: float) -> None:
        """Scaled mode: ×1..×60, keeping the current simulated time."""
        if self._discrete:
            raise RuntimeError("a discrete clock has no speed")
        speed = _check_speed(speed)
        self._rebase()
        self._speed = speed
        self._changed()

    def _rebase(self) -> None:
        self._sim0 = self.now()
        self._wall0 = self._mono()

    def _changed(self) -> None:
        for cb in list(self._listeners):
            cb()


def _check_speed(speed: float) -> float:
    if not MIN_SPEED <= float(speed) <= MAX_SPEED:
        raise ValueError(f"speed must be between ×{MIN_SPEED:g} and ×{MAX_SPEED:g}, got {speed}")
    return float(speed)


async def sleep_until(clock: SimClock, at: datetime, wake: asyncio.Event) -> None:
    """Wait (scaled mode) until the simulated clock reaches ``at``, re-planning whenever the
    clock is paused, resumed or re-speeded (``wake`` is set by the clock's listener)."""
    while clock.now() < at:
        wake.clear()
        delay = clock.wall_seconds_until(at)
        with contextlib.suppress(TimeoutError):
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel
            async with asyncio.timeout(delay):
                await wake.wait()
