"""One event of a replayed range, recorded or rebuilt from the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Recorded:
    """One event of the range; ``seq`` is the events table's, None when reconstructed."""

    at: datetime
    type: str
    payload: dict[str, object]
    seq: int | None
