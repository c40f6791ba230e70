"""The asyncio-on-Qt loop survives tens of thousands of turns.

PySide6 6.12.0 on Python 3.11 aborts ("Fatal Python error: none_dealloc") after about
10,000 ``QTimer.singleShot(0, callable)`` calls, which qasync makes on every loop turn
(DESIGN.md, known traps). This runs well past that in a child process, so a regression (a
PySide6 bump, a qasync change) fails this test instead of killing the suite or, worse, a
dispatcher's console at 03:00.
"""

from __future__ import annotations

import os
import subprocess
import sys

import PySide6

TURNS = 30_000

CHILD = f"""
import asyncio, qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])

async def main() -> int:
    loop = asyncio.get_running_loop()
    done = 0
    for _ in range({TURNS}):
        await asyncio.sleep(0)
        fut = loop.create_future()
        loop.call_soon(fut.set_result, 1)
        done += await fut
    hits = []  # the measured trap itself: 6.12.0 died after ~10,000 of these
    for _ in range(15_000):
        QTimer.singleShot(0, lambda: hits.append(1))
    while len(hits) < 15_000:
        await asyncio.sleep(0.001)
    return done

with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
    print(runner.run(main()))
"""


def test_qasync_loop_survives_thirty_thousand_turns() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=240, env=env
    )
    assert result.returncode == 0, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} died after "
        f"asyncio-on-Qt loop turns: {result.stderr[-2000:]}"
    )
    assert result.stdout.strip() == str(TURNS)
