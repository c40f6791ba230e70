"""The offered-load half of ``bench hub``: field apps at 1 fix/s spread over one or more
hubs, and a console on each hub measuring what a dispatcher would see (position latency, and
with several hubs the fixes and events that crossed between them)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from websockets.exceptions import InvalidMessage, InvalidStatus

from console.client import ConsoleClient
from console.domain import EventView, Position
from console.hub.bench_phones import Phone, connect_phone
from console.hub.peers import FieldAppClient
from console.hub.protocol import HubUnavailable

#: ``raw``: phones on raw transports (bench_phones, the default); ``websockets``: one
#: websockets client per phone, as before (costs the shared machine about twice the CPU)
GENERATORS = ("raw", "websockets")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _latency(samples: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(samples, 0.50), 1),
        "p95": round(percentile(samples, 0.95), 1),
        "p99": round(percentile(samples, 0.99), 1),
        "max": round(max(samples, default=float("nan")), 1),
    }


class _Watcher:
    """One console on one hub: position latencies (all, and of fixes sent to other hubs)
    and when each created call's event arrived."""

    def __init__(self, url: str, measuring: list[bool], remote: set[int]) -> None:
        self.client = ConsoleClient(url, username="bench", password="bench")
        self.samples: list[float] = []
        self.remote_samples: list[float] = []
        self.call_seen: dict[int, float] = {}
        self.events = 0
        self._measuring, self._remote = measuring, remote
        self.client.on_positions(self._on_positions)
        self.client.on_event(self._on_event)

    def _on_positions(self, batch: list[tuple[int, Position]]) -> None:
        if self._measuring[0]:
            now = datetime.now(UTC)
            for tech_id, p in batch:
                if p.at:
                    ms = (now - p.at).total_seconds() * 1000
                    self.samples.append(ms)
                    if tech_id in self._remote:
                        self.remote_samples.append(ms)

    def _on_event(self, ev: EventView) -> None:
        self.events += 1
        call = ev.payload.get("call")
        if ev.type == "call.created" and isinstance(call, dict) and "id" in call:
            self.call_seen[int(call["id"])] = time.monotonic()


async def _call_maker(client: ConsoleClient, sent: dict[int, float], stop: asyncio.Event) -> None:
    """A call a second through the first hub, so events must cross to every hub."""
    i = 0
    while not stop.is_set():
        started = time.monotonic()
        view = await client.create_call(
            customer_name=f"Bench caller {i}",
            phone=f"1390{i:07d}",
            address="1 Bench Road",
            lat=31.2,
            lon=121.45,
            category="leak",
            priority="normal",
        )
        sent[view.id] = started
        i += 1
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(1.0):
                await stop.wait()


async def offered_load(
    urls: list[str] | str,
    tokens: list[str],
    seconds: float,
    mark: Callable[[str], None] | None = None,
    generator: str = "raw",
) -> dict[str, Any]:
    """Every app one fix per second, evenly spread over the hubs' ``urls`` (app i on hub
    i mod n); latency as a console on each hub sees it. ``mark("load")`` is called when
    measuring starts, so the hub processes can count CPU and loop lag from there."""
    urls = [urls] if isinstance(urls, str) else urls
    apps = await _connect_split(urls, tokens, generator)
    measuring = [False]
    watchers = []
    for h, url in enumerate(urls):
        remote = {int(a.welcome["technician_id"]) for i, a in enumerate(apps) if i % len(urls) != h}
        watchers.append(_Watcher(url, measuring, remote))
    for w in watchers:
        await w.client.start()
        await w.client.wait_ready(120)
    calls_sent: dict[int, float] = {}
    stop_calls = asyncio.Event()
    maker = (
        asyncio.create_task(_call_maker(watchers[0].client, calls_sent, stop_calls))
        if len(urls) > 1
        else None
    )
    cpu0, wall0 = time.process_time(), time.monotonic()
    sent = await _drive(apps, seconds, measuring, mark)
    cpu_s, wall_s = time.process_time() - cpu0, time.monotonic() - wall0
    stop_calls.set()
    if maker is not None:
        await maker
    await asyncio.sleep(1.0 if maker else 0.5)  # the last coalesced batch and events arrive
    errors = sum(len(a.errors) for a in apps)
    for w in watchers:
        await w.client.close()
    await asyncio.gather(*(a.close() for a in apps))
    out: dict[str, Any] = {
        "samples": len(watchers[0].samples),
        "sent": sent,
        "errors": errors,
        "offered_fixes_per_s": round(sent / (seconds + 1.0), 1),
        "generator": generator,
        # the whole load-generator process (phones and the measuring console) per 1,000
        # fixes sent, and the share of one core it took
        "generator_cpu_ms_per_1000_fixes": round(cpu_s * 1e6 / sent, 1) if sent else None,
        "generator_cpu_share": round(cpu_s / wall_s, 3) if wall_s else None,
        "latency_ms": _latency(watchers[0].samples),
    }
    if len(urls) > 1:
        out["per_console"] = [
            {
                "samples": len(w.samples),
                "latency_ms": _latency(w.samples),
                "from_other_hubs_latency_ms": _latency(w.remote_samples),
                "calls_created": len(calls_sent),
                "call_events_received": sum(1 for c in calls_sent if c in w.call_seen),
                "call_event_ms_p95": round(
                    percentile(
                        [
                            (w.call_seen[c] - t) * 1000
                            for c, t in calls_sent.items()
                            if c in w.call_seen
                        ],
                        0.95,
                    ),
                    1,
                ),
            }
            for w in watchers
        ]
    return out


App = FieldAppClient | Phone


async def _connect_split(urls: list[str], tokens: list[str], generator: str) -> list[App]:
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r} (one of {', '.join(GENERATORS)})")
    if generator == "raw" and all(u.startswith("ws://") for u in urls):
        phones: list[App] = []
        for i in range(0, len(tokens), 100):
            phones += await asyncio.gather(
                *(
                    _connect_phone(urls[j % len(urls)], tokens[j])
                    for j in range(i, min(i + 100, len(tokens)))
                )
            )
        return phones
    apps = [FieldAppClient(urls[i % len(urls)], t, timeout=60) for i, t in enumerate(tokens)]
    for i in range(0, len(apps), 100):
        await asyncio.gather(*(_connect(a) for a in apps[i : i + 100]))
    return list(apps)


async def _connect_phone(url: str, token: str, attempts: int = 5) -> Phone:
    """As ``_connect``, for a raw phone."""
    for attempt in range(1, attempts + 1):
        try:
            return await connect_phone(url, token)
        except (OSError, HubUnavailable, TimeoutError):
            if attempt == attempts:
                raise
            await asyncio.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


async def _connect(app: FieldAppClient, attempts: int = 5) -> None:
    """Connect as a phone does: a handshake the busy hub dropped is tried again."""
    for attempt in range(1, attempts + 1):
        try:
            await app.connect()
            return
        except (OSError, InvalidMessage, InvalidStatus, HubUnavailable):
            if attempt == attempts:
                raise
            await asyncio.sleep(0.5 * attempt)


async def _drive(
    apps: list[App],
    seconds: float,
    measuring: list[bool],
    mark: Callable[[str], None] | None,
) -> int:
    n, slots = len(apps), 100
    start = time.monotonic()
    warmup = 1.0
    sent = tick = 0
    while (elapsed := time.monotonic() - start) < seconds + warmup:
        if elapsed >= warmup and not measuring[0]:
            measuring[0] = True
            if mark is not None:
                mark("load")
        group = apps[(tick % slots) * n // slots : ((tick % slots) + 1) * n // slots]
        for i, app in enumerate(group):
            lat, lon = 31.0 + i / 10**4, 121.0 + (tick % 1000) / 10**4
            if isinstance(app, Phone):
                app.position(lat, lon, accuracy=5, heading=90, speed=30, at=datetime.now(UTC))
            else:
                await app.position(lat, lon, accuracy=5, heading=90, speed=30, at=datetime.now(UTC))
        sent += len(group)
        tick += 1
        await asyncio.sleep(max(0.0, start + tick / slots - time.monotonic()))
    if mark is not None:
        mark("after_load")
    return sent
