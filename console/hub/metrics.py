"""Prometheus metrics of one hub (prometheus_client, a registry per hub).

Counters and histograms are bumped from a handful of one-line hooks in the hub
(connections, messages, errors, commit latency); everything that is state — position
backlog, database pool, open calls by SLA state, the oldest unassigned call, how far this
hub's event feed is behind the log other hubs write — is read when Prometheus scrapes, on
the metrics server's thread, so the hub's event loop never pays for it.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from console.db.models import Call, Event
from console.domain import TERMINAL_STATUSES, CallStatus

if TYPE_CHECKING:
    from console.db.engine import Database
    from console.hub.fanout import EventFeed
    from console.hub.positions import PositionStore


class Hub(Protocol):
    """What the metrics read from a running hub (console.hub.server.Hub has it); a protocol
    here, not an import of the server, so server and metrics import no circle."""

    db: Database
    feed: EventFeed
    positions: PositionStore

#: An SLA deadline this close counts as at risk (the queue turns amber at 15 minutes).
AT_RISK = timedelta(minutes=15)
#: Database-backed figures are re-read at most this often, however often Prometheus scrapes.
DB_CACHE_SECONDS = 5.0
_ERROR_CODE = re.compile(r'^\{"code":"([a-z_]{1,40})"')
_OPEN = [s.value for s in CallStatus if s not in TERMINAL_STATUSES]


class HubMetrics:
    """The hub's metrics and the hooks that feed them."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.connections = Gauge("ndc_hub_connections", "Open connections by kind", ["kind"],
                                 registry=r)
        self.messages = Counter("ndc_hub_messages", "Messages received by kind and type",
                                ["kind", "type"], registry=r)
        self.errors = Counter("ndc_hub_errors", "Error answers by code", ["code"], registry=r)
        self.commit_seconds = Histogram(
            "ndc_hub_commit_seconds", "From receiving a write to its commit, by type", ["type"],
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5), registry=r,
        )
        self._message_children: dict[tuple[str, Any], Any] = {}
        #: The latest commit latencies in seconds, for percentiles (``bench capacity``).
        self.recent_commits: deque[float] = deque(maxlen=100_000)
        self.beat = time.monotonic()
        r.register(_StateCollector(self))

    # --- hooks (one line each in the hub) ---------------------------------------------------

    def opened(self, kind: str) -> None:
        self.connections.labels(kind).inc()

    def closed(self, kind: str) -> None:
        self.connections.labels(kind).dec()

    def message(self, kind: str, type_: Any) -> None:
        # labels() costs a lock and a tuple per call; every fix passes here, so keep the
        # child per (kind, type) (bounded: a type is at most 32 characters, see protocol)
        key = (kind, type_)
        child = self._message_children.get(key)
        if child is None:
            child = self._message_children[key] = self.messages.labels(kind, str(type_)[:40])
        child.inc()

    def error(self, code: str) -> None:
        self.errors.labels(code).inc()

    def sent(self, text: str) -> None:
        """Every answer passes here; error answers are counted by code."""
        if text.startswith('{"code":'):
            match = _ERROR_CODE.match(text)
            self.error(match.group(1) if match else "unknown")

    @staticmethod
    def clock() -> float:
        return time.perf_counter()

    def committed(self, type_: str, started: float) -> None:
        took = time.perf_counter() - started
        self.commit_seconds.labels(type_).observe(took)
        self.recent_commits.append(took)

    # --- exposition ---------------------------------------------------------------------------

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _StateCollector(Collector):
    """Gauges read at scrape time from the hub's memory and (cached) from the database."""

    def __init__(self, metrics: HubMetrics) -> None:
        self.metrics = metrics
        self._lock = threading.Lock()
        self._db_at = -DB_CACHE_SECONDS
        self._db: dict[str, Any] = {}

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())  # values need a live hub; nothing to describe up front

    def collect(self) -> Iterator[GaugeMetricFamily]:
        hub = self.metrics.hub
        positions = hub.positions
        yield _gauge("ndc_hub_positions_accepted", "Position fixes accepted since start",
                     positions.accepted)
        yield _gauge("ndc_hub_positions_written", "Position fixes written to the track",
                     positions.written)
        yield _gauge("ndc_hub_position_backlog", "Fixes waiting for the write-behind batch",
                     positions.backlog)
        yield _gauge("ndc_hub_position_backlog_max", "Backlog at which field apps are held",
                     positions.backlog_max)
        yield from _pool(hub)
        state = self._database()
        yield _gauge("ndc_hub_feed_head", "Last event seq this hub has read", hub.feed.head)
        yield _gauge("ndc_hub_feed_behind_events",
                     "Events committed (by any hub) that this hub has not read yet",
                     max(0, state["log_head"] - hub.feed.head))
        yield _gauge("ndc_hub_feed_lag_seconds",
                     "Age of the oldest committed event this hub has not read yet (NOTIFY lag)",
                     state["lag"])
        sla = GaugeMetricFamily("ndc_open_calls", "Open calls by SLA state", labels=["sla"])
        for name in ("ok", "at_risk", "breached"):
            sla.add_metric([name], state["sla"].get(name, 0))
        yield sla
        yield _gauge("ndc_oldest_unassigned_call_seconds",
                     "Age of the oldest call nobody is assigned to (0 when none)",
                     state["oldest_new"])
        yield _gauge("ndc_hub_loop_heartbeat_age_seconds",
                     "Seconds since the hub's event loop last ticked",
                     time.monotonic() - self.metrics.beat)

    def _database(self) -> dict[str, Any]:
        with self._lock:
            if time.monotonic() - self._db_at >= DB_CACHE_SECONDS:
                self._db = read_state(self.metrics.hub)
                self._db_at = time.monotonic()
            return self._db


def _gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, value=value)


def _pool(hub: Hub) -> Iterator[GaugeMetricFamily]:
    pool = hub.db.engine.pool
    for name, doc, attr in (
        ("ndc_db_pool_checked_out", "Database connections in use", "checkedout"),
        ("ndc_db_pool_size", "Database pool size", "size"),
        ("ndc_db_pool_overflow", "Connections beyond the pool size", "overflow"),
    ):
        read = getattr(pool, attr, None)
        if callable(read):
            yield _gauge(name, doc, float(read()))


def read_state(hub: Hub) -> dict[str, Any]:
    """Open calls by SLA state, the oldest unassigned call, and the feed's lag, in one read."""
    db = hub.db
    now = db.now()
    with db.reading() as s:
        rows = s.execute(
            select(Call.status, Call.sla_deadline, Call.created_at).where(Call.status.in_(_OPEN))
        ).all()
        log_head = int(s.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one())
        unread_at = None
        if log_head > hub.feed.head:
            unread_at = s.execute(
                select(Event.at).where(Event.seq == hub.feed.head + 1)
            ).scalar_one_or_none()
    sla = {"ok": 0, "at_risk": 0, "breached": 0}
    oldest_new = 0.0
    for status, deadline, created in rows:
        deadline, created = _aware(deadline, now), _aware(created, now)
        state = "breached" if deadline <= now else "at_risk" if deadline - now <= AT_RISK else "ok"
        sla[state] += 1
        if status == CallStatus.NEW.value:
            oldest_new = max(oldest_new, (now - created).total_seconds())
    lag = (now - _aware(unread_at, now)).total_seconds() if unread_at is not None else 0.0
    return {"sla": sla, "oldest_new": oldest_new, "log_head": log_head, "lag": max(0.0, lag)}


def _aware(value: datetime, like: datetime) -> datetime:
    """SQLite hands back naive UTC; compare like with like."""
    if value.tzinfo is None and like.tzinfo is not None:
        return value.replace(tzinfo=like.tzinfo)
    return value
