"""``Listeners``: the core's one registry of callbacks, in subscription order.

Bound methods are held weakly: a panel that is closed and collected stops listening by
itself, and the core never keeps a widget alive (nor forms a cycle with it that the garbage
collector might break on another thread). Plain functions and lambdas are held strongly.
LiveState and the console client both keep their listeners here; Qt adapters in ui/ turn
them into signals.
"""

from __future__ import annotations

import inspect
import logging
import weakref
from collections.abc import Callable
from typing import Any, Generic, ParamSpec

P = ParamSpec("P")
log = logging.getLogger(__name__)


class Listeners(Generic[P]):
    """Callbacks taking ``P``; ``emit`` calls the live ones in the order they subscribed."""

    def __init__(self, *, isolate: bool = False) -> None:
        """``isolate``: a listener that raises is logged and the rest still run (the
        network client's choice); otherwise the error propagates (LiveState's)."""
        self._refs: list[Callable[[], Callable[P, Any] | None]] = []
        self.isolate = isolate

    def add(self, cb: Callable[P, Any]) -> None:
        if inspect.ismethod(cb):
            self._refs.append(weakref.WeakMethod(cb))
        else:
            self._refs.append(lambda: cb)

    def alive(self) -> list[Callable[P, Any]]:
        found = [(ref, ref()) for ref in self._refs]
        if any(cb is None for _ref, cb in found):
            self._refs = [ref for ref, cb in found if cb is not None]
        return [cb for _ref, cb in found if cb is not None]

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        # On every event and position batch: no list built, dead entries pruned afterwards.
        dead = False
        for ref in self._refs:
            cb = ref()
            if cb is None:
                dead = True
            elif not self.isolate:
                cb(*args, **kwargs)
            else:
                try:
                    cb(*args, **kwargs)
                except Exception:
                    log.exception("listener %r failed", cb)
        if dead:
            self.alive()

    def __len__(self) -> int:
        return len(self.alive())
