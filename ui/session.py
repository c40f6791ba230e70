"""What one run of the console window owns: its LiveState, the bridge from the hub's stream
to it, the signed-in client, the clock the panels read and, in demo mode, the simulated night.
Closed in reverse order on the way out (``ui.app.main_async``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from console.client import ConsoleClient
from console.event_source import EventSource
from console.live_state import LiveState
from ui.hub_bridge import HubBridge


class Session:
    """What one run of the window owns, closed in reverse order on the way out."""

    def __init__(self) -> None:
        self.state = LiveState()
        self.bridge: HubBridge | None = None
        self.client: ConsoleClient | None = None
        self.db_url: str | None = None
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.demo: Any = None
        self.login_hint = ""
        self.api_url: str | None = None  # --api-port: the HTTP API beside the embedded hub

    async def close_client(self) -> None:
        """Close the current client (a demo reset may have swapped it since sign-in)."""
        if self.client is not None:
            if isinstance(self.client, ConsoleClient):  # closing the console signs out
                with contextlib.suppress(Exception):
                    async with asyncio.timeout(3):
                        await self.client.sign_out()
            await self.client.close()

    def attach(self, client: EventSource) -> None:
        """Listen before the client starts, so no event can slip past LiveState."""
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge.deleteLater()
        self.state = LiveState()
        self.bridge = HubBridge(client, self.state)
