"""The simulated technicians' phones: every request goes through the reconnecting field-app
client (command ids, resend after a drop), and a ``phone_outage`` puts some phones in a dead
zone for a while.

In a dead zone a phone keeps what its technician did — job steps and shift changes, each
dated when it happened (``at``), and its position fixes — and uploads them in order when the
signal is back, each step once (its command id). The hub records the real times, so the
console and the reports see the job as it happened, only later. Uploads run as an agenda
action, phone by phone, so a headless night stays reproducible.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from console.errors import DispatchError
from console.sim.fleet import SimTech
from console.sim.runner import SimulatorBase

log = logging.getLogger(__name__)


class Phones(SimulatorBase):
    """Mixed into the simulator; ``answer_waiting`` and ``_next`` are TechnicianJobs'."""

    def answer_waiting(self, t: SimTech) -> None:
        raise NotImplementedError

    async def _next(self, t: SimTech) -> None:
        raise NotImplementedError

    async def phone(self, t: SimTech, op: str, **fields: Any) -> dict[str, Any] | None:
        """Send ``op`` from ``t``'s phone; None when it has no signal (kept for later)."""
        assert t.app is not None
        if t.no_signal:
            t.queued.append((op, {**fields, "at": self.clock.now().isoformat()}))
            return None
        return dict((await t.app.request(op, **fields))["result"])

    async def phone_step(self, t: SimTech, call_id: int, step: str, **fields: Any) -> None:
        result = await self.phone(t, "step", call_id=call_id, step=step, **fields)
        if result is not None:
            self.note_call(result["call"])

    async def phone_outage(self, phones: int, duration: timedelta) -> None:
        """``phones`` phones (those on the road first) lose their signal for ``duration``."""
        order = sorted(self.techs.values(), key=lambda t: (t.phase != "driving", t.id))
        cut = [t for t in order if t.on_shift and t.app is not None and not t.no_signal]
        cut = cut[:phones]
        for t in cut:
            t.no_signal = True
            assert t.app is not None
            await t.app.drop_network()
        log.info("phones of %s lost their signal", [t.id for t in cut])
        self.soon("signal back", lambda: self._signal_back(cut), duration.total_seconds() / 60)

    async def _signal_back(self, techs: list[SimTech]) -> None:
        for t in techs:
            assert t.app is not None
            t.no_signal = False
            await t.app.restore_network()
            queued, t.queued = t.queued, []
            for op, fields in queued:
                try:
                    result = dict((await t.app.request(op, **fields))["result"])
                except DispatchError as exc:  # e.g. the call was reassigned meanwhile
                    self.errors += 1
                    log.info("late %s from technician %s refused: %s", op, t.id, exc)
                    continue
                if "call" in result:
                    self.note_call(result["call"])
        for t in techs:
            self.answer_waiting(t)
            self.soon(f"next job {t.id}", partial(self._next, t))
