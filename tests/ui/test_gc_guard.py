"""The UI-thread collector: young garbage goes at every look, the older generations (tens of
milliseconds at 10,000 technicians) at most every ``OLD_GENERATIONS_EVERY_S``, and stopping
restores automatic collection only if it was on before."""

from __future__ import annotations

import gc

import pytest
from pytestqt.qtbot import QtBot

from ui import gc_guard
from ui.gc_guard import GarbageCollector


def _cycles(n: int) -> None:
    for _ in range(n):
        a: list[object] = []
        a.append(a)


def test_young_garbage_is_collected_and_old_generations_are_spaced(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(gc_guard.time, "monotonic", lambda: clock[0])
    gc.enable()
    collector = GarbageCollector(interval_ms=10)
    collector.start()
    try:
        assert not gc.isenabled()
        threshold0, threshold1, _ = collector.threshold
        for _ in range(threshold1 + 2):  # enough young collections to pass gen 1's threshold
            _cycles(3 * threshold0)
            collector.check()
        assert collector.collections == threshold1 + 2
        assert collector.old_collections == 0  # not yet: the last was "just now" (start)
        clock[0] += gc_guard.OLD_GENERATIONS_EVERY_S
        _cycles(3 * threshold0)
        collector.check()
        assert collector.old_collections == 1
        for _ in range(threshold1 + 2):  # again past gen 1's threshold, but too soon
            _cycles(3 * threshold0)
            collector.check()
        assert collector.old_collections == 1
        _cycles(3 * threshold0)
        before = gc.get_count()[0]
        collector.check()
        assert gc.get_count()[0] < before  # the young generation was collected
        # the timer does the same on its own
        _cycles(3 * threshold0)
        count = collector.collections
        qtbot.waitUntil(lambda: collector.collections > count, timeout=2000)
    finally:
        collector.stop()
    assert gc.isenabled()  # it was on before start()


def test_stop_leaves_collection_off_when_it_was_off(qtbot: QtBot) -> None:
    gc.disable()
    collector = GarbageCollector()
    collector.start()
    collector.stop()
    assert not gc.isenabled()
