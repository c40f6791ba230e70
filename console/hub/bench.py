"""``dispatch-console bench hub``: hub latency at an offered load and ingest at saturation.

The hub runs in its own process on a fresh temporary SQLite database (so its peak RSS is
its own); the load generator (field apps, one console) runs in this process over real
websockets on loopback.

1. Offered load: N field apps send one fix per second each, spread over the second; one
   console measures field-app send -> console receive latency (p50/p95/p99) from the fix
   timestamps in the coalesced ``positions`` stream.
2. Saturation: a few field apps send as fast as the hub accepts (windows of fixes closed by
   an acknowledged one) -> sustained accepted fixes/s (the hub pushes back when its track
   writes fall behind, so these are written too); beside it a bare websockets echo server in
   its own process, driven the same way -> messages/s. Rounds alternate between the two so
   other load on the machine hits both; the best round of each is compared in ``ratio``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.migrate import upgrade
from console.domain import Position
from console.hub.bench_procs import run_echo, run_hub
from console.hub.peers import FieldAppClient
from console.services.accounts import create_technician, create_user
from console.services.actors import Actor

ACTOR = Actor("system", None, "bench")
WINDOW = 400  # fixes per acknowledged window at saturation
SAT_CLIENTS = 8
ROUNDS = 3  # saturation rounds per server, alternating; the best of each is reported


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="dispatch-console bench hub",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--technicians", type=int, default=2000, help="field apps at 1 fix/s")
    p.add_argument("--seconds", type=float, default=10.0, help="offered-load duration")
    p.add_argument(
        "--saturation-seconds",
        type=float,
        default=6.0,
        help="per server, in 3 alternating rounds (best round reported)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p.parse_args(argv)


def _center(url: str, n: int) -> list[str]:
    db = Database(url)
    try:
        upgrade(db)
        create_user(
            db, actor=ACTOR, username="bench", display_name="Bench", role="admin", password="bench"
        )
        tokens = []
        for i in range(n):
            _view, token = create_technician(
                db,
                actor=ACTOR,
                name=f"Bench {i}",
                phone=f"1380{i:07d}",
                skills=["plumbing"],
                home_base="bench",
                home_lat=31.0 + (i % 100) / 100,
                home_lon=121.0 + i / 10**4,
            )
            tokens.append(token)
        return tokens
    finally:
        db.dispose()


def _spawn(target: Any, *args: Any) -> tuple[mp.process.BaseProcess, Connection, int]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=target, args=(*args, child), daemon=True)
    proc.start()
    if not parent.poll(60):
        proc.kill()
        raise RuntimeError(f"{target.__name__} did not start")
    return proc, parent, int(parent.recv())


def _stop(proc: mp.process.BaseProcess, pipe: Connection) -> dict[str, Any]:
    pipe.send("stop")
    stats: dict[str, Any] = pipe.recv() if pipe.poll(60) else {}
    proc.join(30)
    return stats


def _peak_rss_mb(pid: int | None) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def _connect_all(url: str, tokens: list[str]) -> list[FieldAppClient]:
    apps = [FieldAppClient(url, t, timeout=60) for t in tokens]
    for i in range(0, len(apps), 100):
        await asyncio.gather(*(a.connect() for a in apps[i : i + 100]))
    return apps


async def offered_load(url: str, tokens: list[str], seconds: float) -> dict[str, Any]:
    """Every app one fix per second, evenly spread; latency as the console sees it."""
    apps = await _connect_all(url, tokens)
    console = ConsoleClient(url, username="bench", password="bench")
    samples: list[float] = []
    measuring = [False]

    def on_positions(batch: list[tuple[int, Position]]) -> None:
        if measuring[0]:
            now = datetime.now(UTC)
            samples.extend((now - p.at).total_seconds() * 1000 for _t, p in batch if p.at)

    console.on_positions(on_positions)
    await console.start()
    await console.wait_ready(60)
    n, slots = len(apps), 100
    start = time.monotonic()
    warmup = 1.0
    sent = 0
    tick = 0
    while (elapsed := time.monotonic() - start) < seconds + warmup:
        measuring[0] = elapsed >= warmup
        group = apps[(tick % slots) * n // slots : ((tick % slots) + 1) * n // slots]
        for i, app in enumerate(group):
            await app.position(
                31.0 + i / 10**4,
                121.0 + (tick % 1000) / 10**4,
                accuracy=5,
                heading=90,
                speed=30,
                at=datetime.now(UTC),
            )
        sent += len(group)
        tick += 1
        await asyncio.sleep(max(0.0, start + tick / slots - time.monotonic()))
    await asyncio.sleep(0.5)  # let the last coalesced batch arrive
    errors = sum(len(a.errors) for a in apps)
    await console.close()
    await asyncio.gather(*(a.close() for a in apps))
    return {
        "samples": len(samples),
        "sent": sent,
        "errors": errors,
        "offered_fixes_per_s": round(sent / (seconds + warmup), 1),
        "latency_ms": {
            "p50": round(_pct(samples, 0.50), 1),
            "p95": round(_pct(samples, 0.95), 1),
            "p99": round(_pct(samples, 0.99), 1),
            "max": round(max(samples, default=float("nan")), 1),
        },
    }


def _fix_frame() -> str:
    return json.dumps(
        {
            "type": "position",
            "lat": 31.2304,
            "lon": 121.4737,
            "accuracy": 8,
            "heading": 90,
            "speed": 32.5,
            "time": datetime.now(UTC).isoformat(),
        },
        separators=(",", ":"),
    )


async def saturate_hub(url: str, tokens: list[str], seconds: float) -> float:
    """Acknowledged fixes per second with SAT_CLIENTS apps sending flat out."""
    apps = await _connect_all(url, tokens[:SAT_CLIENTS])
    frame = _fix_frame()
    done = [0]

    async def pump(app: FieldAppClient, until: float) -> None:
        assert app.ws is not None
        while time.monotonic() < until:
            for _ in range(WINDOW - 1):
                await app.ws.send(frame)
            await app.position(31.2, 121.4, ack=True)
            done[0] += WINDOW

    start = time.monotonic()
    await asyncio.gather(*(pump(a, start + seconds) for a in apps))
    rate = done[0] / (time.monotonic() - start)
    await asyncio.gather(*(a.close() for a in apps))
    return rate


async def saturate_echo(url: str, seconds: float) -> float:
    """Echoed messages per second, same frames, same clients and windows as the hub run."""
    from websockets.asyncio.client import connect

    frame = _fix_frame()
    done = [0]

    async def pump(until: float) -> None:
        async with connect(url, compression=None) as ws:
            while time.monotonic() < until:

                async def drain() -> None:
                    for _ in range(WINDOW):
                        await ws.recv()

                reader = asyncio.create_task(drain())
                for _ in range(WINDOW):
                    await ws.send(frame)
                await reader
                done[0] += WINDOW

    start = time.monotonic()
    await asyncio.gather(*(pump(start + seconds) for _ in range(SAT_CLIENTS)))
    return done[0] / (time.monotonic() - start)


def measure(
    technicians: int, seconds: float, sat_seconds: float, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory(prefix="ndc-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        t0 = time.monotonic()
        tokens = _center(url, max(technicians, SAT_CLIENTS))
        setup_s = time.monotonic() - t0
        proc, pipe, port = _spawn(run_hub, url, overrides or {})
        eproc, epipe, eport = _spawn(run_echo)
        hub_url, echo_url = f"ws://127.0.0.1:{port}", f"ws://127.0.0.1:{eport}"
        hub_rounds: list[float] = []
        echo_rounds: list[float] = []
        try:
            load = asyncio.run(offered_load(hub_url, tokens[:technicians], seconds))
            rss_load = _peak_rss_mb(proc.pid)
            for _ in range(ROUNDS):  # alternate, so other load on the machine hits both
                hub_rounds.append(asyncio.run(saturate_hub(hub_url, tokens, sat_seconds / ROUNDS)))
                echo_rounds.append(asyncio.run(saturate_echo(echo_url, sat_seconds / ROUNDS)))
            rss_total = _peak_rss_mb(proc.pid)
        finally:
            hub_stats = _stop(proc, pipe)
            _stop(eproc, epipe)
    max_fixes, bare = max(hub_rounds), max(echo_rounds)
    peak = rss_load if rss_load is not None else hub_stats.get("maxrss_mb")
    return {
        "technicians": technicians,
        "seconds": seconds,
        "setup_s": round(setup_s, 1),
        **load,
        "max_fixes_per_s": round(max_fixes),
        "bare_msgs_per_s": round(bare),
        "ratio": round(max_fixes / bare, 3) if bare else None,
        "peak_rss_mb": round(peak, 1) if peak is not None else None,
        "peak_rss_mb_after_saturation": round(rss_total, 1) if rss_total else None,
        "saturation_rounds": {
            "hub": [round(r) for r in hub_rounds],
            "bare": [round(r) for r in echo_rounds],
        },
        "hub": hub_stats,
        "cpu_count": os.cpu_count(),
        "load_avg_1m_before": round(load_before, 2) if load_before is not None else None,
    }


def main(argv: list[str] | None = None) -> int:
    args = _args(list(sys.argv[1:] if argv is None else argv))
    result = measure(args.technicians, args.seconds, args.saturation_seconds)
    if args.json:
        print(json.dumps(result))
    else:
        lat = result["latency_ms"]
        print(f"offered load: {args.technicians} field apps at 1 fix/s for {args.seconds:g}s")
        print(
            f"  latency field app -> console: p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
            f"p99 {lat['p99']} ms ({result['samples']} samples)"
        )
        print(f"  hub peak RSS {result['peak_rss_mb']} MB")
        print(
            f"saturation: {result['max_fixes_per_s']} fixes/s accepted; bare websockets "
            f"echo {result['bare_msgs_per_s']} msgs/s; ratio {result['ratio']}"
        )
    return 0
