"""What panels offer the shell, as small Protocols the wiring is typed against.

A panel conforms by having the method (mypy checks it where the wiring lists the panel);
nothing is looked up by name at run time.
"""

from __future__ import annotations

from typing import Protocol


class ShowsCall(Protocol):
    """Shows one call (or none) when the dispatcher selects it elsewhere."""

    def show_call(self, call_id: int | None) -> None: ...


class SelectsCall(Protocol):
    """Can make a call the current selection (a click on the map, the timeline)."""

    def select_call(self, call_id: int) -> bool: ...


class FollowsDensity(Protocol):
    """Follows the "comfortable"/"compact" row density setting."""

    def set_density(self, density: str) -> None: ...


class FollowsTheme(Protocol):
    """Follows the day/night theme beyond what the style sheet does (the map's tiles)."""

    def set_night(self, night: bool) -> None: ...
