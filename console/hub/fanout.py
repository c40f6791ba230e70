"""The event feed every console connection follows: the events table, read in seq order.

The hub never broadcasts what it just wrote from memory; it pokes this feed, which reads the
committed rows after its head. Other writers (another hub process, the simulator, the CLI)
are picked up the same way: on PostgreSQL a ``LISTEN dispatch_events`` connection (psycopg 3
async) pokes the feed at every commit, on SQLite a short poll does. So every hub delivers
the identical, gap-free sequence. Recent events stay encoded in a ring for fast fan-out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor

import psycopg
from sqlalchemy import select

from console import permissions
from console.db.engine import Database
from console.db.models import Event
from console.hub import codec
from console.services.journal import NOTIFY_CHANNEL, last_seq

log = logging.getLogger(__name__)

READ_BATCH = 2000


#: One encoded text per visibility class (permissions.VISIBILITY_CLASSES order).
Texts = tuple[str, ...]
_CLASSES = permissions.VISIBILITY_CLASSES


def _encode(ev: Event, payload: dict[str, object]) -> str:
    return codec.dumps(
        {"seq": ev.seq, "type": ev.type, "at": ev.at.isoformat(), "payload": payload}
    )


def encode_event(ev: Event) -> Texts:
    """The event as each visibility class sees it: encoded once per class when it carries
    customer data, else one text shared by every class (no copy per connection)."""
    full = _encode(ev, ev.payload)
    if not permissions.carries_customer_data(ev.payload):
        return (full,) * len(_CLASSES)
    done: list[tuple[dict[str, object], str]] = [(ev.payload, full)]
    texts = [full]
    for cls in _CLASSES[1:]:
        shown = permissions.redact(ev.payload, cls)
        # a dispatcher's open call reads like the admin's: encode each distinct view once
        text = next((t for p, t in done if p == shown), None)
        if text is None:
            text = _encode(ev, shown)
            done.append((shown, text))
        texts.append(text)
    return tuple(texts)


def read_events(db: Database, after: int, limit: int = READ_BATCH) -> list[tuple[int, Texts]]:
    """Committed events after ``after`` in seq order, stopping at the first gap."""
    with db.reading() as session:
        rows = (
            session.execute(select(Event).where(Event.seq > after).order_by(Event.seq).limit(limit))
            .scalars()
            .all()
        )
        out: list[tuple[int, Texts]] = []
        expect = after + 1
        for ev in rows:
            if ev.seq != expect:
                break
            out.append((ev.seq, encode_event(ev)))
            expect += 1
        return out


def head_seq(db: Database) -> int:
    with db.reading() as session:
        return last_seq(session)


class EventFeed:
    """Head of the log, a ring of recent encoded events and the subscribers to wake."""

    def __init__(
        self,
        db: Database,
        reader: Executor,
        *,
        ring_size: int = 5_000,
        poll_interval: float = 0.25,
    ) -> None:
        self.db = db
        self.reader = reader
        self.ring: deque[tuple[int, Texts]] = deque(maxlen=ring_size)
        self.head = 0
        self.poll_interval = poll_interval
        self.subscribers: set[Callable[[], None]] = set()
        #: Other NOTIFY channels to follow on the same connection: name -> handler(payload).
        self.extra: dict[str, Callable[[str], None]] = {}
        self._poke = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.head = await loop.run_in_executor(self.reader, head_seq, self.db)
        self._tasks.append(asyncio.create_task(self._follow()))
        if self.db.is_postgres:
            self._tasks.append(asyncio.create_task(self._listen()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    @property
    def running(self) -> bool:
        """Following the log (its tasks started and none has died)."""
        return bool(self._tasks) and not any(t.done() for t in self._tasks)

    def poke(self) -> None:
        """Something may have committed: read the log after the head soon."""
        self._poke.set()

    def cached(self, after: int, limit: int = READ_BATCH, cls: int = 0) -> list[str] | None:
        """Events after ``after`` from the ring as visibility class number ``cls`` sees
        them, or None when the ring no longer has them."""
        if after >= self.head:
            return []
        if not self.ring or self.ring[0][0] > after + 1:
            return None
        start = after + 1 - self.ring[0][0]
        end = min(len(self.ring), start + limit)
        return [self.ring[i][1][cls] for i in range(start, end)]

    async def fetch(self, after: int, limit: int = READ_BATCH, cls: int = 0) -> list[str]:
        """Events after ``after``: from the ring when possible, else from the database."""
        hit = self.cached(after, limit, cls)
        if hit is not None:
            return hit
        loop = asyncio.get_running_loop()
        rows = await loop.run_in_executor(self.reader, read_events, self.db, after, limit)
        return [texts[cls] for _seq, texts in rows if _seq <= self.head]

    async def _follow(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            with contextlib.suppress(TimeoutError):
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel
                async with asyncio.timeout(self.poll_interval):
                    await self._poke.wait()
            self._poke.clear()
            try:
                while True:
                    rows = await loop.run_in_executor(self.reader, read_events, self.db, self.head)
                    if not rows:
                        break
                    self.ring.extend(rows)
                    self.head = rows[-1][0]
                    self._wake()
                    if len(rows) < READ_BATCH:
                        break
            except Exception:
                log.exception("reading the event log failed; retrying")
                await asyncio.sleep(0.5)

    def _wake(self) -> None:
        for wake in list(self.subscribers):
            wake()

    async def _listen(self) -> None:
        """LISTEN for commits by any process (and the ``extra`` channels); reconnect with a
        capped backoff."""
        delay = 0.2
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(pg_dsn(self.db), autocommit=True)
                async with conn:
                    for channel in (NOTIFY_CHANNEL, *self.extra):
                        await conn.execute(f"LISTEN {channel}")
                    delay = 0.2
                    self.poke()  # catch up on anything committed while not listening
                    async for note in conn.notifies():
                        if note.channel == NOTIFY_CHANNEL:
                            self.poke()
                        elif note.channel in self.extra:
                            self.extra[note.channel](note.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("LISTEN %s lost (%s); retrying in %.1fs", NOTIFY_CHANNEL, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)


def pg_dsn(db: Database) -> str:
    """A libpq connection string for psycopg from the SQLAlchemy URL."""
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
