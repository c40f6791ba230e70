"""Run Python's cycle collector only from the UI thread, between Qt events.

Left automatic, the collector runs whenever an allocation crosses a threshold: in a worker
thread (hub writer, report builder) or in the middle of Qt delivering an event to the very
QObject it frees. Both crash (we measured segfaults in QCoreApplication::notify while hubs
restarted). The well-known remedy (pyqtgraph, Picard): disable automatic collection and
collect the generations from a QTimer on the main thread.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

#: How often the young generation is looked at. Its cost is the young objects' references
#: (scattered over the heap: cache misses), so small and often beats large and rare: at
#: 10,000 position fixes a second, 500 ms of young objects took 10-30 ms to collect, 100 ms
#: takes a few.
INTERVAL_MS = 100
#: The older generations hold every live technician and call view; collecting them costs tens
#: of milliseconds at 10,000 technicians whenever it happens, so they are collected at most
#: this often (their garbage is only what reference counting cannot free: cycles).
OLD_GENERATIONS_EVERY_S = 30.0


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.collections = 0
        self.old_collections = 0
        self._old_at = time.monotonic()
        self._was_enabled = gc.isenabled()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Stop collecting; automatic collection comes back only if it was on before."""
        self.timer.stop()
        if self._was_enabled:
            gc.enable()

    def check(self) -> None:
        """Collect the generations whose counters passed their thresholds; the older ones
        no more often than ``OLD_GENERATIONS_EVERY_S``."""
        l0, l1, l2 = gc.get_count()
        if l0 <= self.threshold[0]:
            return
        gen = 0
        now = time.monotonic()
        if l1 > self.threshold[1] and now - self._old_at >= OLD_GENERATIONS_EVERY_S:
            gen = 2 if l2 > self.threshold[2] else 1
            self._old_at = now
            self.old_collections += 1
        gc.collect(gen)
        self.collections += 1
