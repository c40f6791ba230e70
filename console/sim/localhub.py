"""An in-process hub the simulator can take down and bring back on the same port (the
outage drill): a stopped Hub cannot be restarted, so each start builds a fresh one."""

from __future__ import annotations

from console.db.engine import Database
from console.hub.limits import HubLimits
from console.hub.server import Hub


class LocalHub:
    def __init__(self, db: Database, *, limits: HubLimits | None = None) -> None:
        self.db = db
        self.limits = limits
        self.port = 0
        self.hub: Hub | None = None

    @property
    def running(self) -> bool:
        return self.hub is not None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    async def start(self) -> None:
        if self.hub is None:
            hub = Hub(self.db, port=self.port, limits=self.limits)
            await hub.start()
            self.port = hub.port
            self.hub = hub

    async def stop(self) -> None:
        hub, self.hub = self.hub, None
        if hub is not None:
            await hub.stop()
