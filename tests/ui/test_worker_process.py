"""The solver worker: one run at a time in a spawned process, its answer (or the exception it
raised) delivered on the UI thread, a forgotten run's answer delivered nowhere."""

from __future__ import annotations

import math

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject

from ui.models.worker_process import WorkerProcess


def test_answers_errors_and_forgotten_runs(qtbot: QtBot) -> None:
    owner = QObject()
    worker = WorkerProcess(owner, poll_ms=10)
    got: list[object] = []
    try:
        worker.submit(math.sqrt, 81.0, on_done=got.append)
        assert worker.busy
        with pytest.raises(RuntimeError, match="busy"):
            worker.submit(math.sqrt, 4.0, on_done=got.append)
        qtbot.waitUntil(lambda: got == [9.0], timeout=60_000)
        assert not worker.busy
        worker.submit(math.sqrt, -1.0, on_done=got.append)  # the run raises in the worker
        qtbot.waitUntil(lambda: len(got) == 2, timeout=60_000)
        assert isinstance(got[1], ValueError)
        worker.submit(math.sqrt, 16.0, on_done=got.append)
        worker.forget()
        assert not worker.busy
        qtbot.wait(300)
        assert len(got) == 2  # the forgotten answer went nowhere
    finally:
        worker.shutdown()
