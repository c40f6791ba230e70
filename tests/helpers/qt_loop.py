"""qasync loops for tests: one "already running" loop per test, opened and closed here.

This is the one place that reaches into qasync's private state, because qasync offers no
public way to stop such a loop without ``QApplication.exit()``: ``loop.stop()`` would end the
next test's Qt event loops early. So a closing loop is disconnected from ``aboutToQuit``,
marked stopped by hand (``_QEventLoop__is_running``) and kept alive in ``_closed_loops`` so its
QObjects are never freed inside a later test's Qt dispatch. The cycle collector runs only from
a Qt-thread timer meanwhile (ui.gc_guard): a collection on a hub worker thread could free a
QObject off the Qt thread (we saw segfaults).
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

from ui.gc_guard import GarbageCollector

_closed_loops: list[asyncio.AbstractEventLoop] = []


class QtTestLoop:
    """A qasync loop marked running, with the collector that guards it."""

    def __init__(self, qapp: QApplication | Any) -> None:
        gc.collect()
        self.qapp = qapp
        self.collector = GarbageCollector()
        self.collector.start()
        self.loop = qasync.QEventLoop(qapp, already_running=True)
        asyncio.set_event_loop(self.loop)

    def close(self, *, finish_run: bool = False) -> None:
        """Stop and close the loop without quitting the application. ``finish_run`` also runs
        qasync's end-of-run hook (what ``run_forever`` would run on its way out)."""
        loop: Any = self.loop
        self.qapp.aboutToQuit.disconnect(loop._after_run_forever)
        if finish_run:
            loop._after_run_forever()
        loop._QEventLoop__is_running = False
        asyncio.events._set_running_loop(None)
        loop.close()
        asyncio.set_event_loop(None)
        _closed_loops.append(loop)
        self.collector.stop()
        self.collector.deleteLater()
        gc.collect()
