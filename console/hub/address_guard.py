"""Failed console sign-ins counted per client address, so password spraying is stopped too.

An account locks after five wrong passwords in a row (console.services.signin), but an
attacker who tries one likely password on every account never trips that. So each hub also
counts failed password sign-ins (wrong or unknown user, locked or deactivated account, a
field-app token used as a console) per client address in a sliding window; past ``limit``
failures within ``window`` seconds the address is refused — before any password is
checked — for ``block`` seconds. Resuming a session is never refused here: its token is 256
random bits, not worth guessing, and consoles behind one address keep their sessions.
The hub audits the block (``address_blocked``), which the security report prints with the
lockouts. Counts live in the hub's memory: a restarted hub, or another hub of the
same database, counts afresh.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

#: Addresses remembered at most; past it the oldest quiet ones are forgotten (a flood of
#: addresses cannot grow the hub's memory without bound).
MAX_ADDRESSES = 10_000


class AddressGuard:
    def __init__(
        self, *, limit: int, window: float, block: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.block = block
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._blocked: dict[str, float] = {}  # address -> when the block ends

    def refused_for(self, address: str) -> float:
        """Seconds the address is still blocked (0: it may try)."""
        until = self._blocked.get(address)
        if until is None:
            return 0.0
        left = until - self.clock()
        if left <= 0:
            del self._blocked[address]
            return 0.0
        return left

    def failed(self, address: str) -> int:
        """Count a failure; the failures within the window when this one starts a block,
        else 0. A limit of 0 turns the guard off (consoles behind one NAT address)."""
        if self.limit <= 0:
            return 0
        now = self.clock()
        times = self._failures.pop(address, None) or deque(maxlen=self.limit)
        while times and times[0] <= now - self.window:
            times.popleft()
        times.append(now)
        self._failures[address] = times  # re-inserted: the dict keeps the newest last
        if len(self._failures) > MAX_ADDRESSES:
            del self._failures[next(iter(self._failures))]
        if len(times) < self.limit:
            return 0
        self._failures.pop(address)
        if len(self._blocked) >= MAX_ADDRESSES:
            self._blocked = {a: t for a, t in self._blocked.items() if t > now}
        self._blocked[address] = now + self.block
        return len(times)


def host_of(peer: str) -> str:
    """``203.0.113.7:51234`` -> ``203.0.113.7``; ``[::1]:5`` or ``::1:5`` -> the IPv6 host."""
    host, sep, port = peer.rpartition(":")
    if not sep or not port.isdigit():
        return peer
    return host.strip("[]")
