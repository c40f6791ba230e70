"""The processes the hub benchmark starts: the hub itself, and a bare websockets echo server.

Each sends its port on the pipe, serves until it receives "stop", then sends its stats.
Module-level functions so multiprocessing's spawn can import them.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from console.db.engine import Database
from console.hub.limits import HubLimits
from console.hub.runtime import tune_gc
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


def run_hub(url: str, overrides: dict[str, Any], pipe: Connection) -> None:
    async def main() -> None:
        db = Database(url)
        hub = Hub(db, limits=replace(BENCH_LIMITS, **overrides))
        await hub.start()
        tune_gc()
        lags: list[float] = []
        monitor = asyncio.create_task(loop_lag(lags))
        pipe.send(hub.port)
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
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
            }
        )

    asyncio.run(main())


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
