"""The hub's side of console sessions: which connection holds which session, closing them
when a session ends anywhere, keeping ``last_seen_at`` fresh, and throttling failures.

A session can end on another hub (an admin's revocation there, a sign-out) or in this one.
On PostgreSQL the ending transaction NOTIFYs ``dispatch_sessions`` (console.services.sessions)
and every hub closes the session's connections at once with 1008 and the reason; a periodic
check of the connected sessions catches the rest (SQLite with several hub processes, a
missed notification). The same periodic pass touches ``last_seen_at`` of every connected
session, ends expired ones, and ends sessions no hub has touched within the grace period as
"dropped" at their last sign of life.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from concurrent.futures import Executor
from datetime import timedelta

from websockets.asyncio.server import ServerConnection

from console.db.engine import Database
from console.services import sessions

log = logging.getLogger(__name__)

#: Close reasons said to the console when its session ends elsewhere.
CLOSE_REASONS = {
    sessions.REVOKED: "session revoked by an admin",
    sessions.SIGNOUT: "signed out",
    sessions.EXPIRED: "session expired; sign in again",
    sessions.DROPPED: "session ended; sign in again",
}
#: Operations after which this hub checks its sessions at once (they may end one).
ENDING_OPS = frozenset({"revoke_session", "deactivate_user", "set_user_role", "sign_out",
                        "reset_password"})


def throttle_delay(failures: int, step: float) -> float:
    """How long the hub waits before answering a failed sign-in: grows with the account's
    failures in a row (0 for the first), capped at 16 steps."""
    return 0.0 if failures <= 1 else min(16, 2 ** (failures - 2)) * step


class SessionKeeper:
    """Connected sessions of one hub: id -> websockets."""

    def __init__(self, db: Database, executor: Executor, *, touch_interval: float,
                 grace: float, check_interval: float = 5.0) -> None:
        self.db = db
        self.executor = executor
        self.touch_interval = touch_interval
        self.check_interval = check_interval
        self.grace = timedelta(seconds=grace)
        self.live: dict[int, set[ServerConnection]] = defaultdict(set)
        self._check = asyncio.Event()
        self._closing: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self._run(sessions.touch, self.db, list(self.live))

    async def _run(self, fn: object, *args: object) -> object:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, fn, *args)  # type: ignore[arg-type]

    async def attach(self, session_id: int, ws: ServerConnection) -> None:
        self.live[session_id].add(ws)

    async def detach(self, session_id: int, ws: ServerConnection) -> None:
        """The connection closed: its session stays open for the grace period."""
        # its last sign of life is written before it leaves ``live``: a sweep that no longer
        # sees it live reads the disconnect time, not an older touch
        with contextlib.suppress(Exception):
            await self._run(sessions.touch, self.db, [session_id])
        conns = self.live.get(session_id)
        if conns is not None:
            conns.discard(ws)
            if not conns:
                del self.live[session_id]

    def check_soon(self) -> None:
        self._check.set()

    def notified(self, payload: str) -> None:
        """A NOTIFY on dispatch_sessions (any hub): check that session now."""
        with contextlib.suppress(ValueError):
            if int(payload) in self.live:
                self.check_soon()

    async def _loop(self) -> None:
        next_touch = 0.0
        loop = asyncio.get_running_loop()
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(self.check_interval, self.touch_interval)):
                    await self._check.wait()
            self._check.clear()
            try:
                await self.close_ended()
                if loop.time() >= next_touch:
                    next_touch = loop.time() + self.touch_interval
                    await self._housekeeping()
            except Exception:
                log.exception("session housekeeping failed; retrying")

    async def close_ended(self) -> None:
        ended = await self._run(sessions.ended_among, self.db, list(self.live))
        assert isinstance(ended, dict)
        await self._close(ended)

    async def _housekeeping(self) -> None:
        live = list(self.live)
        await self._run(sessions.touch, self.db, live)
        ended = await asyncio.get_running_loop().run_in_executor(
            self.executor, lambda: sessions.sweep(self.db, grace=self.grace, live=live))
        assert isinstance(ended, dict)
        await self._close(ended)

    async def _close(self, ended: dict[int, str]) -> None:
        for session_id, reason in ended.items():
            for ws in list(self.live.pop(session_id, ())):
                text = CLOSE_REASONS.get(reason, "session ended")
                if reason == sessions.SIGNOUT:
                    # the sign_out answer may still be on its way to this very connection:
                    # close a moment later (the console closes it itself on the answer)
                    task = asyncio.create_task(_close_after(ws, SIGNOUT_CLOSE_DELAY_S, text))
                    self._closing.add(task)
                    task.add_done_callback(self._closing.discard)
                else:
                    await ws.close(1008, text)


SIGNOUT_CLOSE_DELAY_S = 2.0


async def _close_after(ws: ServerConnection, delay: float, text: str) -> None:
    await asyncio.sleep(delay)
    await ws.close(1000, text)
