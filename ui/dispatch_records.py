"""What DispatchActions keeps: a command waiting to be sent (in order, also while the hub is
unreachable) and an assignment that can still be undone (Ctrl+Z, for ``UNDO_SECONDS``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from console.planning.diff import Step

UNDO_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class UndoRecord:
    description: str
    call_id: int
    tech_id: int
    previous_tech_id: int | None  # None: the call had nobody before (undo = unassign)
    at: float  # time.monotonic()
    #: a crew change's steps, (off, on) in the order made: undone together, last first
    steps: tuple[Step, ...] = ()


@dataclass(slots=True)
class Queued:
    description: str
    make: Callable[[], Awaitable[Any]]
    done: Callable[[Any], None]
    call_id: int | None
    tech_id: int | None
    undo: bool = False  # an undo: its failure is said as "not undone", with the reason
    op: str = ""  # the console request and its fields, for the durable outbox
    fields: dict[str, Any] = field(default_factory=dict)
