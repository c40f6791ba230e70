"""Run Python's cycle collector only from the UI thread, between Qt events.

Left automatic, the collector runs whenever an allocation crosses a threshold: in a worker
thread (hub writer, report builder) or in the middle of Qt delivering an event to the very
QObject it frees. Both crash (we measured segfaults in QCoreApplication::notify while hubs
restarted). The well-known remedy (pyqtgraph, Picard): disable automatic collection and
collect the generations from a QTimer on the main thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.collections = 0
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
        """Collect the generations whose counters passed their thresholds."""
        l0, l1, l2 = gc.get_count()
        if l0 > self.threshold[0]:
            gen = 0
            if l1 > self.threshold[1]:
                gen = 2 if l2 > self.threshold[2] else 1
            gc.collect(gen)
            self.collections += 1
