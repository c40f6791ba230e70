"""``ConsoleContext``: everything a window needs, built by ui.app (or a test, or the bench)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.event_source import DispatchClient
from console.live_state import LiveState
from console.timezone import CENTER_TZ
from ui.dispatch_actions import DispatchActions
from ui.hub_bridge import HubBridge
from ui.settings import Settings


@dataclass
class ConsoleContext:
    """The shared objects of one window; panels get what they need from it explicitly."""

    state: LiveState
    bridge: HubBridge
    actions: DispatchActions
    settings: Settings
    user: dict[str, Any]
    clock: Callable[[], datetime]
    client: DispatchClient | None = None
    tz: str = CENTER_TZ
    db_url: str | None = None
    demo: Any = None  # console.sim.demo.DemoSession in demo mode
    with_map: bool = True
    sound: bool = True
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def role(self) -> str:
        return str(self.user.get("role", "dispatcher"))
