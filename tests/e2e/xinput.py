"""Real input for the real window: xdotool talks to the X server, which delivers the
events to Qt's xcb platform exactly as a keyboard and a mouse would.

Every helper is a coroutine: xdotool runs as a child process while the qasync loop keeps
Qt processing events (a drag's nested loop included).
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget


async def xdotool(*args: str) -> None:
    proc = await asyncio.create_subprocess_exec(
        "xdotool", *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await proc.communicate()
    if proc.returncode != 0:
        raise AssertionError(f"xdotool {' '.join(args)} failed: {err.decode()} {out.decode()}")


async def settle(seconds: float = 0.15) -> None:
    """Let the X server's events reach Qt (input is asynchronous by nature)."""
    await asyncio.sleep(seconds)


async def focus_window(widget: QWidget) -> None:
    """Give the top-level window the X input focus (what clicking its title bar does)."""
    window = widget.window()
    await xdotool("windowfocus", str(int(window.winId())))
    for _ in range(200):
        if QApplication.activeWindow() is window:
            return
        await settle(0.02)
    raise AssertionError(f"{window.objectName()} never became the active window")


async def keys(*combos: str) -> None:
    """Key presses as xdotool names them ("ctrl+n", "Return", "j")."""
    await xdotool("key", "--delay", "40", *combos)
    await settle()


async def type_text(text: str) -> None:
    await xdotool("type", "--delay", "15", text)
    await settle()


def centre(widget: QWidget, point: QPoint | None = None) -> QPoint:
    """A widget's point (its centre by default) in screen coordinates."""
    return widget.mapToGlobal(point if point is not None else widget.rect().center())


async def drag(start: QPoint, end: QPoint, steps: int = 12) -> None:
    """Press, move in small steps (past the drag distance), release: a person's drag."""
    chain = ["mousemove", str(start.x()), str(start.y()), "sleep", "0.2", "mousedown", "1"]
    for i in range(1, steps + 1):
        x = start.x() + (end.x() - start.x()) * i // steps
        y = start.y() + (end.y() - start.y()) * i // steps
        chain += ["sleep", "0.05", "mousemove", str(x), str(y)]
    chain += ["sleep", "0.3", "mouseup", "1"]
    await xdotool(*chain)
    await settle(0.3)


async def click(point: QPoint) -> None:
    """Move to a screen point and click the left button, as a hand on a mouse would."""
    await xdotool("mousemove", str(point.x()), str(point.y()), "sleep", "0.1", "click", "1")
    await settle()
