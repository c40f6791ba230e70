"""A worker process for solver runs, whose answers are collected on the UI thread.

A planner solve takes up to a second on a busy night. It runs in a spawned process: the
solver's arrays never grow the window's memory, a long solve never holds the GIL the UI
thread needs, and a Qt process is never forked. The answer is collected by polling the
future from a UI-thread timer, never by a done-callback: a callback runs on the executor's
manager thread, and whatever it holds (a widget) could be released there last, deleting a
QWidget off the UI thread (a segfault CI saw in ``concurrent/futures/process.py``).

One run at a time; the Plan panel and the replay's Decisions dock each own one.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer

#: How often the UI thread looks for a finished run (only while one runs).
POLL_MS = 50

Done = Callable[[object], None]  # the result, or the exception the run raised
Cancelled = Callable[[], None]


class WorkerProcess(QObject):
    def __init__(self, parent: QObject | None = None, *, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        pool = self._pool
        self.destroyed.connect(lambda *_: pool.shutdown(wait=False, cancel_futures=True))
        self._pending: tuple[Future[Any], Done, Cancelled | None] | None = None
        self._poll = QTimer(self, interval=poll_ms)
        self._poll.timeout.connect(self._collect)

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done,
        on_cancelled: Cancelled | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``fn(*args, **kwargs)`` in the worker; ``on_done`` gets its answer on the UI
        thread. ``fn`` and its arguments must be picklable (a module-level function)."""
        if self._pending is not None:
            raise RuntimeError("the worker is busy: one run at a time")
        self._pending = (self._pool.submit(fn, *args, **kwargs), on_done, on_cancelled)
        self._poll.start()

    def forget(self) -> None:
        """Drop the run in flight: its answer, when it comes, goes nowhere."""
        self._pending = None
        self._poll.stop()

    def shutdown(self, *, wait: bool = True) -> None:
        self.forget()
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def _collect(self) -> None:
        if self._pending is None or not self._pending[0].done():
            return
        future, on_done, on_cancelled = self._pending
        self.forget()
        if future.cancelled():
            if on_cancelled is not None:
                on_cancelled()
            return
        exc = future.exception()
        on_done(exc if exc is not None else future.result())
