"""Process settings for a dedicated hub process (``dispatch-console hub``, the benchmark):
the garbage collector's thresholds and the event loop (uvloop when installed).

A hub holds thousands of long-lived connection objects. With CPython's default thresholds
the cyclic garbage collector keeps re-walking them, and each full pass stalls every
connection at once (measured: stalls of 100-800 ms at 2,000 field apps on 2 cores). Freezing
what exists after start-up and collecting young objects less often keeps those stalls rare
and short. This is process-wide, so only entry points that own the process call it; an
in-process hub inside the console window leaves the collector alone.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

#: (gen0 allocations, gen1 and gen2 multipliers); CPython's defaults are (700, 10, 10).
THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


#: Event loops a hub process can run on: "auto" is uvloop when installed, else asyncio's.
LOOPS = ("auto", "uvloop", "asyncio")


def loop_factory(choice: str = "auto") -> Callable[[], asyncio.AbstractEventLoop] | None:
    """The hub process's event loop: uvloop (libuv, in C) when installed and not declined,
    else None, which is asyncio's own. uvloop is an optional dependency (the ``fast``
    extra); the console's window keeps its Qt loop (qasync) and never calls this."""
    if choice not in LOOPS:
        raise ValueError(f"loop {choice!r} is not one of {', '.join(LOOPS)}")
    if choice == "asyncio" or sys.platform == "win32":
        return None
    try:  # optional third-party speed-up, not one of our modules
        import uvloop
    except ImportError:
        if choice == "uvloop":
            raise
        return None
    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory


def loop_name(loop: asyncio.AbstractEventLoop) -> str:
    """"uvloop" or "asyncio", for the benches' JSON."""
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"


def run_process(main: Coroutine[Any, Any, T], *, loop: str = "auto") -> T:
    """``asyncio.run`` on the chosen loop (Python 3.11's asyncio.run has no loop_factory)."""
    with asyncio.Runner(loop_factory=loop_factory(loop)) as runner:
        return runner.run(main)
