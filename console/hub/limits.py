"""Tunable limits of the hub and the per-connection token bucket that enforces floods.

Defaults suit a call center; the benchmark and tests raise them through HubLimits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HubLimits:
    max_message_bytes: int = 64 * 1024  # larger frames close the connection with 1009
    field_rate: float = 50.0  # messages per second, sustained
    field_burst: int = 100
    intake_rate: float = 20.0
    intake_burst: int = 40
    console_rate: float = 50.0
    console_burst: int = 200
    hello_timeout: float = 10.0
    max_in_flight: int = 64  # requests awaiting the database per connection
    batch_interval: float = 1.0  # position track writes
    batch_max: int = 500
    position_backlog: int = 20_000  # unwritten fixes before the hub stops reading field apps
    broadcast_interval: float = 0.1  # coalesced positions to consoles (latency <= this)
    snapshot_window_hours: float = 12.0  # closed calls and ended assignments in the snapshot
    session_touch: float = 120.0  # s between last_seen_at touches of connected sessions
    session_grace: float = 600.0  # s a dropped console may take to resume its session
    session_check: float = 5.0  # s between checks that connected sessions are still open
    signin_throttle: float = 0.25  # s: the unit of the growing wait after failed sign-ins
    address_failures: int = 20  # failed console sign-ins from one address within ...
    address_window: float = 300.0  # ... this many seconds block that address ...
    address_block: float = 900.0  # ... for this long (console.hub.address_guard)

    def rate(self, kind: str) -> tuple[float, int]:
        return {
            "field": (self.field_rate, self.field_burst),
            "intake": (self.intake_rate, self.intake_burst),
            "console": (self.console_rate, self.console_burst),
        }[kind]


class TokenBucket:
    """``rate`` tokens per second up to ``burst``; each message takes one."""

    __slots__ = ("_last", "_tokens", "burst", "rate")

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._tokens = float(burst)
        self._last = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False
