"""``dispatch-console bench api``: intake over HTTP beside intake over websockets, and
webhook deliveries per second to a local receiver.

The hub and its HTTP API run together in their own process on a fresh temporary SQLite
database (flood limits lifted, as in ``bench hub``); the load comes from this process over
loopback. Each intake path runs the same number of concurrent closed-loop senders, each
waiting for its answer before sending the next call, in alternating rounds (best round of
each reported), so both pay the same one-writer database. Every call created is also a
``call.created`` webhook to a receiver in this process. The receiver refuses during the
intake rounds (one failed attempt each, the same cost for both paths) and accepts after;
the retries then drain the backlog, and deliveries/s is that drain rate, from the delivery
rows' own timestamps. Target: ``http_calls_per_s`` >= 50 % of ``ws_calls_per_s``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing as mp
import sys
import tempfile
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from websockets.asyncio.client import connect

from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import WebhookDelivery
from console.services.accounts import create_channel
from console.services.actors import Actor
from console.services.api_keys import create_api_key
from console.services.webhooks import create_subscription

ACTOR = Actor("system", None, "bench")
CALL = {"customer_name": "Bench Caller", "address": "1 Test Road", "lat": 31.2, "lon": 121.45,
        "category": "leak"}
_seq = itertools.count()


def run_server(url: str, first_retry_s: float, pipe: Connection) -> None:
    """The server process: hub + HTTP API + webhook sender; sends (ws port, http port)."""
    from console.api.app import ApiServer
    from console.api.context import ApiContext
    from console.api.webhooks import RetryPolicy
    from console.hub.bench_procs import BENCH_LIMITS
    from console.hub.runtime import tune_gc
    from console.hub.server import Hub

    async def main() -> None:
        db = Database(url)
        hub = Hub(db, limits=replace(BENCH_LIMITS, intake_rate=1e9, intake_burst=10**9))
        await hub.start()
        policy = RetryPolicy(first_delay=first_retry_s, max_delay=first_retry_s, tick=0.05,
                             batch=200)
        api = ApiServer(ApiContext(hub), webhook_policy=policy)
        await api.start()
        tune_gc()
        pipe.send((hub.port, api.port))
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
        await api.stop()
        await hub.stop()
        db.dispose()
        pipe.send("stopped")

    asyncio.run(main())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2) if ordered else 0.0


def _call(i: int) -> dict[str, Any]:
    return {**CALL, "phone": f"139{i % 100_000_000:08d}"}


async def ws_round(url: str, tokens: list[str], seconds: float) -> float:
    done = 0

    async def sender(token: str, until: float) -> None:
        nonlocal done
        async with connect(url, compression=None) as ws:
            await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "intake",
                                      "token": token}))
            json.loads(await ws.recv())
            while time.perf_counter() < until:
                i = next(_seq)
                await ws.send(json.dumps({"type": "new_call", "id": i,
                                          "idempotency_key": f"ws-{i}", **_call(i)}))
                answer = json.loads(await ws.recv())
                if answer.get("type") != "ok":
                    raise RuntimeError(f"websocket intake refused: {answer}")
                done += 1

    start = time.perf_counter()
    await asyncio.gather(*(sender(t, start + seconds) for t in tokens))
    return done / (time.perf_counter() - start)


async def _post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int,
                key: str, i: int) -> int:
    """One keep-alive HTTP/1.1 POST /v1/calls; returns the status. A lean client, as lean
    as the websocket one, so the figures compare the servers, not the clients."""
    body = json.dumps(_call(i)).encode()
    writer.write((f"POST /v1/calls HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                  f"Authorization: Bearer {key}\r\nIdempotency-Key: http-{i}\r\n"
                  f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
                 .encode() + body)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    await reader.readexactly(length)
    return status


async def http_round(port: int, key: str, senders: int, seconds: float,
                     latencies: list[float]) -> float:
    done = 0

    async def sender(until: float) -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < until:
                i = next(_seq)
                t0 = time.perf_counter()
                status = await _post(reader, writer, port, key, i)
                latencies.append((time.perf_counter() - t0) * 1000)
                if status != 201:
                    raise RuntimeError(f"HTTP intake refused: {status}")
                done += 1
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(sender(start + seconds) for _ in range(senders)))
    return done / (time.perf_counter() - start)


class _Sink(BaseHTTPRequestHandler):
    """The webhook receiver: refuses (503) while the intake rounds run, accepts after."""

    accepting = False

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(204 if _Sink.accepting else 503)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _SinkServer(ThreadingHTTPServer):
    request_queue_size = 1024  # the sender opens up to a batch of connections at once


def _all_due_now(db: Database, expected: int, timeout: float = 60) -> None:
    """Once every call's delivery is queued (and refused once), make them all due now: the
    drain that follows is the sender's throughput, not the pace the calls came in at."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.reading() as s:
            tried = s.execute(select(func.count()).select_from(WebhookDelivery)
                              .where(WebhookDelivery.attempts >= 1)).scalar_one()
        if tried >= expected:
            break
        time.sleep(0.2)
    with db.transaction() as s:
        s.execute(update(WebhookDelivery).where(WebhookDelivery.state == "pending")
                  .values(next_attempt_at=db.now()))


def _webhook_rate(db: Database, expected: int, timeout: float = 180) -> tuple[float, int]:
    deadline = time.monotonic() + timeout
    delivered = 0
    while time.monotonic() < deadline:
        with db.reading() as s:
            delivered = int(s.execute(select(func.count()).select_from(WebhookDelivery)
                                      .where(WebhookDelivery.state == "delivered"))
                            .scalar_one())
        if delivered >= expected:
            break
        time.sleep(0.2)
    with db.reading() as s:
        first, last = s.execute(select(func.min(WebhookDelivery.delivered_at),
                                       func.max(WebhookDelivery.delivered_at))).one()
    span = (last - first).total_seconds() if first and last else 0.0
    return (round(delivered / span, 1) if span > 0 else 0.0), delivered


def measure(senders: int, seconds: float, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ndc-bench-api-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        db = Database(url)
        upgrade(db)
        tokens = [create_channel(db, actor=ACTOR, name=f"bench-{i}", kind="app")[1]
                  for i in range(senders)]
        key = create_api_key(db, actor=ACTOR, name="bench", scopes="intake",
                             rate_per_s=10_000, burst=100_000)[1]
        sink = _SinkServer(("127.0.0.1", 0), _Sink)
        sink.daemon_threads = True
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        create_subscription(db, actor=ACTOR, url=f"http://127.0.0.1:{sink.server_port}/",
                            event_types=["call.created"])
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        # refused deliveries wait (far longer than the rounds) until made due together
        first_retry = 3600.0
        proc = ctx.Process(target=run_server, args=(url, first_retry, child), daemon=True)
        proc.start()
        try:
            if not parent.poll(60):
                raise RuntimeError("the API server did not start")
            ws_port, http_port = parent.recv()
            ws_rates: list[float] = []
            http_rates: list[float] = []
            latencies: list[float] = []
            for n in range(rounds):  # alternate which path goes first
                for path in (("ws", "http") if n % 2 == 0 else ("http", "ws")):
                    if path == "ws":
                        ws_rates.append(asyncio.run(
                            ws_round(f"ws://127.0.0.1:{ws_port}", tokens, seconds)))
                    else:
                        http_rates.append(asyncio.run(
                            http_round(http_port, key, senders, seconds, latencies)))
            created = next(_seq)
            _Sink.accepting = True
            _all_due_now(db, created)
            hooks_per_s, delivered = _webhook_rate(db, created)
        finally:
            parent.send("stop")
            parent.poll(30)
            proc.join(30)
            sink.shutdown()
            db.dispose()
    ws_best, http_best = max(ws_rates), max(http_rates)
    return {
        "senders": senders,
        "seconds_per_round": seconds,
        "rounds": rounds,
        "ws_calls_per_s": round(ws_best, 1),
        "http_calls_per_s": round(http_best, 1),
        "http_vs_ws": round(http_best / ws_best, 2) if ws_best else None,
        "http_p50_ms": _pct(latencies, 0.5),
        "http_p95_ms": _pct(latencies, 0.95),
        "webhook_deliveries_per_s": hooks_per_s,
        "webhooks_delivered": delivered,
        "calls_created": created,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="dispatch-console bench api", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--senders", type=int, default=8, help="concurrent senders per path")
    p.add_argument("--seconds", type=float, default=4.0, help="per round and path")
    p.add_argument("--rounds", type=int, default=2, help="alternating rounds (best reported)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(list(sys.argv[1:] if argv is None else argv))
    result = measure(args.senders, args.seconds, args.rounds)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"intake, {args.senders} concurrent senders each: websocket "
              f"{result['ws_calls_per_s']} calls/s, HTTP {result['http_calls_per_s']} calls/s "
              f"({result['http_vs_ws']:.0%} of websocket; target >= 50%), HTTP p95 "
              f"{result['http_p95_ms']} ms")
        print(f"webhooks: {result['webhook_deliveries_per_s']} deliveries/s "
              f"({result['webhooks_delivered']} delivered)")
    return 0
