"""Run a coroutine from a widget without blocking it, and get the result on the UI thread.

With qasync the asyncio loop *is* the Qt loop, so callbacks land on the UI thread; tasks are
kept referenced until done (asyncio only holds weak references) and errors reach ``on_error``
instead of vanishing into the loop's exception handler.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import shiboken6

from PySide6.QtCore import QObject

_running: set[asyncio.Task[Any]] = set()


def spawn(
    coro: Coroutine[Any, Any, Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    *,
    owner: QObject | None = None,
) -> asyncio.Task[Any]:
    """Run ``coro``; call ``on_done(result)`` or ``on_error(exc)`` unless ``owner`` (the
    widget that asked) has been deleted meanwhile."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = asyncio.get_event_loop_policy().get_event_loop()

    async def runner() -> None:
        try:
            result = await coro
        except Exception as exc:  # shown to the dispatcher, never swallowed
            if owner is None or shiboken6.isValid(owner):
                on_error(exc)
        else:
            if owner is None or shiboken6.isValid(owner):
                on_done(result)

    task = loop.create_task(runner())
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


def run_reporting(
    coro: Coroutine[Any, Any, Any],
    what: str,
    tasks: set[asyncio.Task[Any]],
    report: Callable[[str], None],
    *,
    owner: QObject | None = None,
) -> asyncio.Task[Any]:
    """Run ``coro`` for a panel that says its own failures: the task is kept in ``tasks``
    (the panel cancels them when it closes) until done, and a failure reaches ``report`` as
    "what: reason". A cancelled task reports nothing."""
    task = spawn(coro, lambda _result: None, lambda exc: report(f"{what}: {exc}"), owner=owner)
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return task


def pending() -> int:
    """Tasks still running (tests wait for zero)."""
    return len(_running)
