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

Load-independent figures beside the latencies (the machine may be shared): the hub's CPU
milliseconds per 1,000 accepted fixes (``cpu_ms_per_1000_fixes``), its event-loop lag during
the offered load (``loop_lag_p99_ms``), and ``fixes_lost`` (accepted fixes missing from the
track table after the hub stopped; must be 0). ``targets``/``worst``/``ok`` judge the worst
run against issue 20's targets, and the exit code is 1 when one is missed.

``--hubs 2 --db postgresql://…`` runs two hub processes on one PostgreSQL database (a
scratch database created beside the one named, dropped afterwards): the field apps are
split between them, a console on each measures latency, and the console on the first hub
creates a call every second so events are seen crossing to both; per-hub figures go under
``hubs``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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

from console.db.engine import Database
from console.db.migrate import upgrade
from console.hub.bench_db import count_fixes, scratch_database
from console.hub.bench_load import GENERATORS, offered_load
from console.hub.bench_procs import run_echo, run_hub
from console.hub.peers import FieldAppClient
from console.hub.runtime import LOOPS
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
    p.add_argument("--hubs", type=int, default=1, help="hub processes (2 needs --db postgresql)")
    p.add_argument("--db", metavar="URL", help="PostgreSQL server (default: a temporary SQLite)")
    p.add_argument("--loop", choices=LOOPS, default="auto", help="the hub process's event loop")
    p.add_argument(
        "--codec",
        choices=("auto", "json"),
        default="auto",
        help="the hub's JSON codec: orjson when installed (auto) or the stdlib",
    )
    p.add_argument(
        "--profile",
        metavar="FILE",
        help="write cProfile stats of the hub's event loop during the offered load",
    )
    p.add_argument(
        "--generator",
        choices=GENERATORS,
        default="raw",
        help="the simulated phones: raw transports (default) or websockets clients",
    )
    p.add_argument(
        "--runs",
        type=int,
        default=1,
        help="repeat the whole bench; the top-level figures are the worst run's",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    if args.hubs < 1 or (args.hubs > 1 and not (args.db or "").startswith("postgresql")):
        p.error("--hubs 2 or more needs --db postgresql://… (hubs share one database)")
    return args


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


async def _connect_all(url: str, tokens: list[str]) -> list[FieldAppClient]:
    apps = [FieldAppClient(url, t, timeout=60) for t in tokens]
    for i in range(0, len(apps), 100):
        await asyncio.gather(*(a.connect() for a in apps[i : i + 100]))
    return apps


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
    technicians: int,
    seconds: float,
    sat_seconds: float,
    overrides: dict[str, Any] | None = None,
    *,
    hubs: int = 1,
    db: str | None = None,
    options: dict[str, Any] | None = None,
    generator: str = "raw",
) -> dict[str, Any]:
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with contextlib.ExitStack() as stack:
        if db:
            url = stack.enter_context(scratch_database(db))
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="ndc-bench-"))
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        t0 = time.monotonic()
        tokens = _center(url, max(technicians, SAT_CLIENTS))
        setup_s = time.monotonic() - t0
        procs = [
            _spawn(run_hub, url, overrides or {}, _hub_options(options, i, hubs))
            for i in range(hubs)
        ]
        eproc, epipe, eport = _spawn(run_echo)
        hub_urls = [f"ws://127.0.0.1:{port}" for _p, _pipe, port in procs]
        echo_url = f"ws://127.0.0.1:{eport}"
        hub_rounds: list[float] = []
        echo_rounds: list[float] = []

        def mark(name: str) -> None:
            for _p, pipe, _port in procs:
                pipe.send(("phase", name))

        stats: list[dict[str, Any]] = []
        try:
            load = asyncio.run(
                offered_load(hub_urls, tokens[:technicians], seconds, mark, generator)
            )
            rss_load = [_peak_rss_mb(p.pid) for p, _pipe, _port in procs]
            mark("saturation")
            for _ in range(ROUNDS):  # alternate, so other load on the machine hits both
                hub_rounds.append(
                    asyncio.run(saturate_hub(hub_urls[0], tokens, sat_seconds / ROUNDS))
                )
                echo_rounds.append(asyncio.run(saturate_echo(echo_url, sat_seconds / ROUNDS)))
            rss_total = _peak_rss_mb(procs[0][0].pid)
        finally:
            stats = [_stop(p, pipe) for p, pipe, _port in procs]
            _stop(eproc, epipe)
        track = count_fixes(url)
    accepted = sum(int(st.get("accepted", 0)) for st in stats)
    per_hub = [_hub_figures(st, rss) for st, rss in zip(stats, rss_load, strict=True)]
    max_fixes, bare = max(hub_rounds), max(echo_rounds)
    peak = rss_load[0] if rss_load[0] is not None else stats[0].get("maxrss_mb")
    per_console = load.pop("per_console", None)
    result = {
        "technicians": technicians,
        "seconds": seconds,
        "setup_s": round(setup_s, 1),
        **load,
        **per_hub[0],
        "max_fixes_per_s": round(max_fixes),
        "bare_msgs_per_s": round(bare),
        "ratio": round(max_fixes / bare, 3) if bare else None,
        "peak_rss_mb": round(peak, 1) if peak is not None else None,
        "peak_rss_mb_after_saturation": round(rss_total, 1) if rss_total else None,
        "saturation_rounds": {
            "hub": [round(r) for r in hub_rounds],
            "bare": [round(r) for r in echo_rounds],
        },
        "fixes_accepted": accepted,
        "fixes_in_track": track,
        "fixes_lost": accepted - track,
        "hub": stats[0],
        "database": "postgresql" if db else "sqlite",
        "cpu_count": os.cpu_count(),
        "load_avg_1m_before": round(load_before, 2) if load_before is not None else None,
        "load_avg_1m_after": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
    if hubs > 1:
        result["hubs"] = [
            {**fig, **con, "stats": st}
            for fig, con, st in zip(per_hub, per_console or [], stats, strict=True)
        ]
    return result


#: Issue 20's targets for one hub (10,000 technicians at 1 Hz on a 2-core machine, the load
#: generator included); every run must meet them, not only the best.
TARGETS = {"latency_p95_ms": 150.0, "latency_p99_ms": 250.0, "loop_lag_p99_ms": 25.0,
           "fixes_lost": 0}


def judged(result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with ``targets`` and ``ok``: the worst run's figures against TARGETS."""
    runs = result.get("runs") or [result]
    lags = [r["loop_lag_p99_ms"] for r in runs if r["loop_lag_p99_ms"] is not None]
    worst = {
        "latency_p95_ms": max(r["latency_ms"]["p95"] for r in runs),
        "latency_p99_ms": max(r["latency_ms"]["p99"] for r in runs),
        "loop_lag_p99_ms": max(lags) if lags else None,
        "fixes_lost": result["fixes_lost"],
    }
    ok = all(worst[k] is not None and (worst[k] <= v if k == "fixes_lost" else worst[k] < v)
             for k, v in TARGETS.items())
    return {**result, "targets": TARGETS, "worst": worst, "ok": ok}


def worst_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One run: itself. Several: the run with the longest p99 at the top level (the tail
    must hold in every run, not in the best one), and each run's headline figures under
    ``runs``."""
    if len(runs) == 1:
        return runs[0]
    worst = max(runs, key=lambda r: r["latency_ms"]["p99"])
    return {
        **worst,
        "runs": [
            {
                "latency_ms": r["latency_ms"],
                "loop_lag_p99_ms": r["loop_lag_p99_ms"],
                "offered_fixes_per_s": r["offered_fixes_per_s"],
                "cpu_ms_per_1000_fixes": r["cpu_ms_per_1000_fixes"],
                "generator_cpu_ms_per_1000_fixes": r.get("generator_cpu_ms_per_1000_fixes"),
                "fixes_lost": r["fixes_lost"],
                "max_fixes_per_s": r["max_fixes_per_s"],
                "ratio": r["ratio"],
                "load_avg_1m_before": r["load_avg_1m_before"],
            }
            for r in runs
        ],
        "fixes_lost": sum(r["fixes_lost"] for r in runs),
        "loop_lag_p99_ms_worst": max(
            (r["loop_lag_p99_ms"] for r in runs if r["loop_lag_p99_ms"] is not None),
            default=None,
        ),
    }


def _hub_options(options: dict[str, Any] | None, i: int, hubs: int) -> dict[str, Any]:
    out = dict(options or {})
    if out.get("profile") and hubs > 1:
        out["profile"] = f"{out['profile']}.{i + 1}"
    return out


def _hub_figures(stats: dict[str, Any], rss: float | None) -> dict[str, Any]:
    """The offered-load phase of one hub in load-independent terms."""
    phase = stats.get("phases", {}).get("load", {})
    lag = phase.get("loop_lag_ms", {})
    return {
        "loop": stats.get("loop"),
        "codec": stats.get("codec"),
        "loop_lag_p99_ms": lag.get("p99"),
        "loop_lag_load_ms": lag,
        "cpu_ms_per_1000_fixes": phase.get("cpu_ms_per_1000_fixes"),
        "hub_cpu_s_load": phase.get("cpu_s"),
        "hub_peak_rss_mb": round(rss, 1) if rss is not None else stats.get("maxrss_mb"),
    }


def main(argv: list[str] | None = None) -> int:
    args = _args(list(sys.argv[1:] if argv is None else argv))
    runs = [
        measure(
            args.technicians,
            args.seconds,
            args.saturation_seconds,
            hubs=args.hubs,
            db=args.db,
            options={"loop": args.loop, "codec": args.codec, "profile": args.profile},
            generator=args.generator,
        )
        for _ in range(max(1, args.runs))
    ]
    result = judged(worst_of(runs))
    if args.json:
        print(json.dumps(result))
    else:
        lat = result["latency_ms"]
        print(f"offered load: {args.technicians} field apps at 1 fix/s for {args.seconds:g}s")
        print(
            f"  latency field app -> console: p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
            f"p99 {lat['p99']} ms ({result['samples']} samples)"
        )
        print(
            f"  hub peak RSS {result['peak_rss_mb']} MB; loop lag p99 "
            f"{result['loop_lag_p99_ms']} ms; {result['cpu_ms_per_1000_fixes']} CPU ms per "
            f"1,000 fixes ({result['loop']}, {result['codec']}); fixes lost "
            f"{result['fixes_lost']}"
        )
        for i, h in enumerate(result.get("hubs", [])):
            hl = h["latency_ms"]
            print(
                f"  hub {i + 1}: console p95 {hl['p95']} ms, p99 {hl['p99']} ms; from the other "
                f"hub p95 {h['from_other_hubs_latency_ms']['p95']} ms; calls seen "
                f"{h['call_events_received']}/{h['calls_created']}"
            )
        print(
            f"saturation: {result['max_fixes_per_s']} fixes/s accepted; bare websockets "
            f"echo {result['bare_msgs_per_s']} msgs/s; ratio {result['ratio']}"
        )
        print(f"targets {'met' if result['ok'] else 'MISSED'}: " + ", ".join(
            f"{k} {result['worst'][k]} (< {v:g})" for k, v in TARGETS.items()))
    return 0 if result["ok"] else 1
