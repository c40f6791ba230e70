"""The simulated clock: discrete jumps for headless runs, scaled time with pause for demos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.sim.clock import SimClock

START = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)


class FakeWall:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_discrete_clock_stands_still_and_only_moves_forward() -> None:
    clock = SimClock(START, speed=None)
    assert clock() == START and clock.discrete
    clock.advance_to(START + timedelta(minutes=5))
    clock.advance_to(START)  # never backwards
    assert clock() == START + timedelta(minutes=5)
    with pytest.raises(RuntimeError):
        clock.set_speed(10)


def test_scaled_clock_runs_pauses_and_changes_speed() -> None:
    wall = FakeWall()
    clock = SimClock(START, speed=10, monotonic=wall)
    changes: list[int] = []
    clock.on_change(lambda: changes.append(1))
    wall.t += 6
    assert clock() == START + timedelta(minutes=1)
    clock.pause()
    wall.t += 100
    assert clock() == START + timedelta(minutes=1) and clock.wall_seconds_until(START) is None
    clock.resume()
    clock.set_speed(60)
    wall.t += 1
    assert clock() == START + timedelta(minutes=2)
    assert clock.wall_seconds_until(START + timedelta(minutes=3)) == pytest.approx(1.0)
    assert len(changes) == 3
    for bad in (0.5, 61, 0):
        with pytest.raises(ValueError, match="between"):
            clock.set_speed(bad)
