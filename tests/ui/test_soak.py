"""Soak: 50,000+ events and position batches through a real main window, fast.

Catches the class of bug DESIGN.md warns about (PySide aborting after many thousand loop
turns) and leaks: memory after warm-up must stay within a bound while the stream runs.
"""

from __future__ import annotations

import time

import pytest

from PySide6.QtCore import QCoreApplication

from ui import bench
from ui.gc_guard import GarbageCollector
from ui.synthetic import SyntheticNight

EVENTS = 50_000
WARMUP = 5_000
SLICE = 250  # events between Qt event-loop turns (paints, timers, deferred deletes)
RSS_GROWTH_LIMIT_MB = 80.0


@pytest.mark.slow
def test_window_survives_a_long_night_without_growing(qtbot, fresh_settings) -> None:
    night = SyntheticNight(technicians=800, calls=400, seed=3)
    collector = GarbageCollector()
    collector.start()
    window = bench.make_window(night, fresh_settings, with_map=False)
    qtbot.addWidget(window)
    window.show()
    bridge, state = window.ctx.bridge, window.ctx.state
    bridge.deliver_snapshot(night.snapshot())
    started = time.perf_counter()
    baseline = 0.0
    try:
        for i in range(1, EVENTS + 1):
            bridge.deliver_event(night.next_event())
            if i % SLICE == 0:
                bridge.deliver_positions(night.positions(100))
                window.alerts.check(night.clock())
                QCoreApplication.processEvents()
            if i == WARMUP:
                collector.check()
                baseline = bench.rss_mb()
        QCoreApplication.processEvents()
        grown = bench.rss_mb() - baseline
    finally:
        window.shutdown()
        collector.stop()
    elapsed = time.perf_counter() - started
    print(
        f"soak: {EVENTS} events in {elapsed:.1f}s, RSS {baseline:.0f} MB after warm-up, "
        f"+{grown:.1f} MB at the end"
    )
    assert state.last_seq == EVENTS
    assert len(state.calls) == 400 and len(state.technicians) == 800
    assert window.panels["queue"].model.rowCount() == len(state.open_calls())
    assert grown < RSS_GROWTH_LIMIT_MB, f"RSS grew {grown:.1f} MB after warm-up"
