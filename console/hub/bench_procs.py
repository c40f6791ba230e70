"""The processes the hub benchmark starts: the hub itself, and a bare websockets echo server.

Each sends its port on the pipe, serves until it receives "stop", then sends its stats.
The hub also takes ``("phase", name)`` marks: from one mark to the next it counts its CPU
seconds (all threads: the loop, the track writer, the readers), the fixes it accepted and
its event-loop lag, so the bench reports them per phase (offered load, saturation) in terms
that do not depend on how loaded the machine is. Module-level functions so
multiprocessing's spawn can import them.
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import resource
import sys
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from console.db.engine import Database
from console.hub import codec
from console.hub.limits import HubLimits
from console.hub.runtime import loop_name, run_process, tune_gc
from console.hub.server import Hub

#: The benchmark's one change to the defaults: no flood limit on the saturating apps.
BENCH_LIMITS = replace(HubLimits(), field_rate=1e9, field_burst=10**9)


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


async def loop_lag(out: list[float], period: float = 0.01) -> None:
    """How late the event loop wakes a sleeper: what every message waits on top of its work."""
    while True:
        started = time.perf_counter()
        await asyncio.sleep(period)
        out.append((time.perf_counter() - started - period) * 1000)


def lag_summary(lags: list[float]) -> dict[str, float]:
    ordered = sorted(lags) or [0.0]

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"p50": pick(0.5), "p99": pick(0.99), "max": round(ordered[-1], 1)}


class _Phases:
    """CPU seconds, accepted fixes and loop lag between the bench's marks."""

    def __init__(self, hub: Hub, lags: list[float]) -> None:
        self.hub, self.lags = hub, lags
        self.profile: cProfile.Profile | None = None
        self.gc: GcWatch | None = None
        self.done: dict[str, dict[str, Any]] = {}
        self.name: str | None = None
        self._cpu = self._writer = 0.0
        self._fixes = self._lag_from = 0

    def mark(self, name: str | None) -> None:
        if self.profile is not None:  # cProfile the event loop's thread in the load phase
            if name == "load":
                self.profile.enable()
            elif self.name == "load":
                self.profile.disable()
        if self.name == "load" and self.gc is not None:  # every phone still connected
            self.gc.time_full_collection()
        cpu, fixes = time.process_time(), self.hub.positions.accepted
        if self.name is not None:
            used, taken = cpu - self._cpu, fixes - self._fixes
            writer = self.hub.positions.write_cpu_s
            self.done[self.name] = {
                "cpu_s": round(used, 2),
                "track_writer_cpu_s": round(writer - self._writer, 2),
                "fixes": taken,
                "cpu_ms_per_1000_fixes": round(used * 1e6 / taken, 1) if taken else None,
                "loop_lag_ms": lag_summary(self.lags[self._lag_from :]),
            }
        self.name, self._cpu, self._fixes, self._lag_from = name, cpu, fixes, len(self.lags)
        self._writer = self.hub.positions.write_cpu_s


class GcWatch:
    """How many collections of each generation ran and the longest pause of each: a full
    collection stops the event loop for all of its length, and at 10,000 connections it is
    rare (minutes apart), so a short bench would never see one by chance —
    ``full_collection_ms`` times one on purpose at the end of the offered load."""

    def __init__(self) -> None:
        self.count = [0, 0, 0]
        self.max_ms = [0.0, 0.0, 0.0]
        self.full_collection_ms: float | None = None
        self._began = 0.0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        g = int(info["generation"])
        self.count[g] += 1
        self.max_ms[g] = max(self.max_ms[g], (time.perf_counter() - self._began) * 1000)

    def time_full_collection(self) -> None:
        began = time.perf_counter()
        gc.collect()
        self.full_collection_ms = round((time.perf_counter() - began) * 1000, 1)

    def summary(self) -> dict[str, Any]:
        gc.callbacks.remove(self._seen)
        return {"collections": self.count, "max_pause_ms": [round(m, 1) for m in self.max_ms],
                "full_collection_ms": self.full_collection_ms,
                "frozen_objects": gc.get_freeze_count()}


def run_hub(
    url: str, overrides: dict[str, Any], options: dict[str, Any], pipe: Connection
) -> None:
    """``options``: ``loop`` (auto, uvloop, asyncio), ``codec`` (auto, json) and
    ``profile`` (a path: cProfile stats of the load phase are written there)."""
    codec.use_stdlib(options.get("codec") == "json")

    async def main() -> None:
        db = Database(url)
        hub = Hub(db, limits=replace(BENCH_LIMITS, **overrides))
        await hub.start()
        tune_gc()
        lags: list[float] = []
        monitor = asyncio.create_task(loop_lag(lags))
        phases = _Phases(hub, lags)
        phases.gc = GcWatch()
        if options.get("profile"):
            phases.profile = cProfile.Profile()
        pipe.send(hub.port)
        loop = asyncio.get_running_loop()
        while (msg := await loop.run_in_executor(None, pipe.recv)) != "stop":
            phases.mark(msg[1])
        phases.mark(None)
        if phases.profile is not None:
            phases.profile.dump_stats(options["profile"])
        monitor.cancel()
        await hub.stop()
        db.dispose()
        pipe.send(
            {
                "accepted": hub.positions.accepted,
                "written": hub.positions.written,
                "batches": hub.positions.batches,
                "maxrss_mb": round(_maxrss_mb(), 1),
                "loop_lag_ms": lag_summary(lags),
                "cpu_s": round(time.process_time(), 2),
                "loop": loop_name(loop),
                "codec": codec.BACKEND,
                "phases": phases.done,
                "gc": phases.gc.summary(),
            }
        )

    run_process(main(), loop=options.get("loop", "auto"))


def run_echo(pipe: Connection) -> None:
    from websockets.asyncio.server import ServerConnection, serve

    async def echo(ws: ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)

    async def main() -> None:
        async with serve(echo, "127.0.0.1", 0, compression=None) as server:
            pipe.send(next(iter(server.sockets)).getsockname()[1])
            await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
        pipe.send({"maxrss_mb": round(_maxrss_mb(), 1)})

    asyncio.run(main())
