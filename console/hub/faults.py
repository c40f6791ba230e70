"""Killing the hub on purpose: a real ``dispatch-console hub`` process that can be SIGKILLed
and started again on its port, and a workload of acknowledged writes to run through it.

The test suite (tests/console/hub/test_hub_sigkill.py) and ``dispatch-console bench
outage`` use both. The workload keeps a channel sending new calls (idempotency keys) and a
console adding notes (command ids) through the reconnecting clients; every write the hub
acknowledged must be in the database exactly once afterwards, whatever was killed when.
The writers are paced under the hub's per-connection rates (a fast machine would otherwise
measure the rate limiter), and a writer that fails ends the run instead of hanging it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from sqlalchemy import func, select

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import Call, CallNote, Event
from console.hub.peers import IntakeClient
from console.hub.protocol import HubUnavailable
from console.resend import new_command_id

CALL = dict(customer_name="Fault Drill", phone="13900009999", address="1 Drill Road",
            lat=31.2, lon=121.45, category="leak")

#: Writes per second of each writer: half the hub's default intake rate (20/s) and well
#: under its console rate (50/s, which the console's pings share).
INTAKE_PER_S = 10.0
NOTES_PER_S = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HubProcess:
    """``dispatch-console hub --db URL --port PORT`` in a child process.

    Its output goes to a log file, not a pipe: nobody reads a pipe after the start, and a
    hub blocked on a full one would look like a hung hub. ``start`` stops the process on
    any failure and gives up at its deadline (or at ``abort()``, from a signal handler)."""

    def __init__(self, db_url: str, port: int | None = None) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0  # monotonic time it said it was listening
        self.log_path: Path | None = None
        self._abort = threading.Event()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        cmd = [sys.executable, "-m", "console.cli", "hub", "--db", self.db_url,
               "--port", str(self.port)]
        with tempfile.NamedTemporaryFile(prefix="ndc-hub-", suffix=".log", delete=False) as log:
            self.log_path = Path(log.name)
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        try:
            self._wait_listening(self.proc, self.log_path, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_listening(self, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self._abort.is_set():
            text = log.read_text(errors="replace")
            if any(line.startswith("hub listening on") for line in text.splitlines()):
                self.started_at = time.monotonic()
                return
            if proc.poll() is not None:
                raise RuntimeError(f"the hub exited with {proc.returncode}: {text[-2000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the hub did not start listening within {timeout:g}s")
            time.sleep(0.01)
        raise RuntimeError("the hub's start was aborted")

    def abort(self) -> None:
        """Make a ``start`` waiting in another thread give up now (and stop the hub)."""
        self._abort.set()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye to the clients."""
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None
        self._drop_log()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        self._drop_log()

    def _drop_log(self) -> None:
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None


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
        """Stop the writers and close both clients; re-raises a writer's failure."""
        self._stop.set()
        try:
            results = await asyncio.gather(*self._tasks, return_exceptions=True)
        finally:
            await self.intake.close()
            await self.console.close()
        for result in results:
            if isinstance(result, BaseException):
                raise result

    def check(self) -> None:
        """Raise the failure of a writer that stopped (a waiting bench must not hang)."""
        for task in self._tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise RuntimeError("a workload writer failed") from task.exception()

    async def _pace(self, per_second: float) -> None:
        """Wait one interval, or less if the workload is being stopped."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), 1 / per_second)

    async def _calls(self) -> None:
        i = 0
        while not self._stop.is_set():
            key = f"{self.tag}-c{i}"
            self.tally.sent += 1
            await self.intake.new_call(idempotency_key=key, **CALL)
            self.tally.keys.append(key)
            self.tally.acked_at.append(time.monotonic())
            i += 1
            await self._pace(INTAKE_PER_S)

    async def _notes(self) -> None:
        i = 0
        while not self._stop.is_set():
            text = f"{self.tag}-n{i}"
            command_id = new_command_id()  # kept across tries, as an outbox keeps it
            self.tally.sent += 1
            while True:
                try:
                    await self.console.command("add_note", call_id=self.call_id, text=text,
                                               command_id=command_id)
                    break
                except HubUnavailable:  # not sent (offline): it waits, as an outbox would
                    await asyncio.sleep(0.05)
            self.tally.notes.append(text)
            self.tally.acked_at.append(time.monotonic())
            i += 1
            await self._pace(NOTES_PER_S)


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
