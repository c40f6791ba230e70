"""Killing the hub on purpose: a real ``dispatch-console hub`` process that can be SIGKILLed
and started again on its port, and a workload of acknowledged writes to run through it.

The test suite (tests/console/hub/test_hub_sigkill.py) and ``dispatch-console bench
outage`` use both. The workload keeps a channel sending new calls (idempotency keys) and a
console adding notes (command ids) through the reconnecting clients; every write the hub
acknowledged must be in the database exactly once afterwards, whatever was killed when.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from itertools import pairwise

from sqlalchemy import func, select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import Call, CallNote, Event
from console.hub.peers import IntakeClient
from console.hub.protocol import HubUnavailable

CALL = dict(customer_name="Fault Drill", phone="13900009999", address="1 Drill Road",
            lat=31.2, lon=121.45, category="leak")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HubProcess:
    """``dispatch-console hub --db URL --port PORT`` in a child process."""

    def __init__(self, db_url: str, port: int | None = None) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.proc: subprocess.Popen[str] | None = None
        self.started_at = 0.0  # monotonic time it said it was listening

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        cmd = [sys.executable, "-m", "console.cli", "hub", "--db", self.db_url,
               "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the hub exited with {self.proc.wait()}")
            if line.startswith("hub listening on"):
                self.started_at = time.monotonic()
                return
        raise TimeoutError("the hub did not start listening")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye to the clients."""
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


@dataclass
class Tally:
    """What the workload sent and what the hub acknowledged."""

    sent: int = 0
    keys: list[str] = field(default_factory=list)  # acknowledged new calls
    notes: list[str] = field(default_factory=list)  # acknowledged notes
    acked_at: list[float] = field(default_factory=list)  # monotonic time of each ack

    @property
    def applied(self) -> int:
        return len(self.keys) + len(self.notes)


class Workload:
    """A channel and a console writing steadily through the hub until ``stop()``."""

    def __init__(self, url: str, channel_token: str, user: str, password: str,
                 call_id: int, tag: str = "w") -> None:
        self.intake = IntakeClient(url, channel_token, reconnect=True, backoff_initial=0.05,
                                   backoff_max=0.5, resend_window=120)
        self.console = ConsoleClient(url, username=user, password=password,
                                     backoff_initial=0.05, backoff_max=0.5)
        self.console.resend_window = 120
        self.call_id = call_id
        self.tag = tag
        self.tally = Tally()
        self.seen: list[int] = []  # event seqs the console was given, in order
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.console.on_event(lambda ev: self.seen.append(ev.seq))
        await self.intake.connect()
        await self.console.start()
        snap = await self.console.wait_ready(30)
        # events after the snapshot may have been handed over before wait_ready returned
        self.seen.insert(0, snap.seq)
        self._tasks = [asyncio.create_task(self._calls()), asyncio.create_task(self._notes())]

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)
        await self.intake.close()
        await self.console.close()

    async def _calls(self) -> None:
        i = 0
        while not self._stop.is_set():
            key = f"{self.tag}-c{i}"
            self.tally.sent += 1
            await self.intake.new_call(idempotency_key=key, **CALL)
            self.tally.keys.append(key)
            self.tally.acked_at.append(time.monotonic())
            i += 1

    async def _notes(self) -> None:
        i = 0
        while not self._stop.is_set():
            text = f"{self.tag}-n{i}"
            self.tally.sent += 1
            while True:
                try:
                    await self.console.add_note(self.call_id, text)
                    break
                except HubUnavailable:  # not sent (offline): it waits, as an outbox would
                    await asyncio.sleep(0.05)
            self.tally.notes.append(text)
            self.tally.acked_at.append(time.monotonic())
            i += 1


@dataclass(frozen=True)
class Audit:
    lost: int
    duplicates: int
    seq_gaps: int


def audit(db: Database, tally: Tally, seen: list[int]) -> Audit:
    """Every acknowledged write present once; the log and the console's view gap-free."""
    with db.reading() as s:
        keys = dict(s.execute(select(Call.idempotency_key, func.count())
                              .group_by(Call.idempotency_key)).all())
        notes = dict(s.execute(select(CallNote.text, func.count())
                               .group_by(CallNote.text)).all())
        seqs = [int(x) for x in s.execute(select(Event.seq).order_by(Event.seq)).scalars()]
    found = {k.split(":", 1)[-1]: n for k, n in keys.items() if k}
    lost = sum(1 for k in tally.keys if k not in found)
    lost += sum(1 for t in tally.notes if t not in notes)
    duplicates = sum(n - 1 for n in found.values() if n > 1)
    duplicates += sum(n - 1 for n in notes.values() if n > 1)
    gaps = sum(b - a - 1 for a, b in pairwise(seqs) if b != a + 1)
    gaps += sum(1 for a, b in pairwise(seen) if b != a + 1)
    return Audit(lost, duplicates, gaps)
