"""Review a night: rebuild what the console showed at any moment of a past shift, from the
events table and the technicians' recorded tracks, without writing anything.

``load_night`` reads a range in read-only transactions; ``Timeline`` answers "the state at
this moment" from in-memory checkpoints; ``ReplaySource`` is an ``EventSource`` a console
window can be fed from; marks and decisions say where to look and what was decided.
No Qt here: the replay bar in ``ui.replay`` drives the source with a timer.
"""

from __future__ import annotations

from console.replay.history import NightHistory, load_night, open_read_only, read_night
from console.replay.night import MAX_RANGE, ReplayError, night_range, parse_range
from console.replay.source import ReplaySource
from console.replay.timeline import Timeline

__all__ = [
    "MAX_RANGE",
    "NightHistory",
    "ReplayError",
    "ReplaySource",
    "Timeline",
    "load_night",
    "night_range",
    "open_read_only",
    "parse_range",
    "read_night",
]
