"""The simulator: technicians' phones, intake channels and (on autopilot) the dispatcher,
driven over websockets against a real hub, reacting to the hub's own event stream.

Reactions come from the events a console client receives, so the simulated technicians
answer a trainee's drag-and-drop exactly as they answer the recommendation engine. In
discrete (headless) mode each action is acknowledged and its events are seen before the next
one starts, which keeps the night repeatable.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select

from console.client import ConnectionState, ConsoleClient
from console.db.engine import Database
from console.db.models import Event
from console.domain import CallStatus, CallView, EventView, TechnicianView
from console.errors import DispatchError
from console.hub.peers import FieldAppClient, IntakeClient
from console.sim.accounts import Accounts
from console.sim.clock import SimClock
from console.sim.fleet import SimTech, Trip
from console.sim.plan import CallPlan, NightPlan
from console.sim.schedule import Action, Agenda, later
from console.travel import GreatCircleTravel, TravelModel
from console.wire import call_from_wire, technician_from_wire

log = logging.getLogger(__name__)

#: How long (s) a simulated phone keeps re-sending a request over reconnects.
PHONE_QUEUE_SECONDS = 600.0

OPEN_NOT_ON_SITE = (CallStatus.NEW, CallStatus.ASSIGNED, CallStatus.ACCEPTED, CallStatus.EN_ROUTE)


class HubControl(Protocol):
    """What the outage drill needs from whoever owns the hub."""

    async def stop(self) -> None: ...

    async def start(self) -> None: ...


class SimulatorBase:
    """Connections, the agenda, the hub's view of calls and technicians, and settling."""

    def __init__(
        self,
        plan: NightPlan,
        clock: SimClock,
        url: str,
        accounts: Accounts,
        *,
        db: Database,
        autopilot: bool = True,
        fix_seconds: float = 60.0,
        travel: TravelModel | None = None,
        hub: HubControl | None = None,
    ) -> None:
        self.plan = plan
        self.clock = clock
        self.url = url
        self.db = db
        self.accounts = accounts
        self.autopilot = autopilot
        self.fix_seconds = fix_seconds
        self.travel = travel or GreatCircleTravel(tz=plan.scenario.timezone)
        self.hub = hub
        self.agenda = Agenda(clock)
        self.techs: dict[int, SimTech] = {
            view.id: SimTech(plan=tp, id=view.id, token=token, pos=tp.home)
            for tp, (view, token) in zip(plan.technicians, accounts.technicians, strict=True)
        }
        self.tech_views: dict[int, TechnicianView] = {v.id: v for v, _ in accounts.technicians}
        self.calls: dict[int, CallView] = {}
        self.plans: dict[str, CallPlan] = {c.key: c for c in plan.calls}
        self.call_plan: dict[int, tuple[CallPlan, bool]] = {}  # call id -> (plan, revisit)
        self.trips: list[Trip] = []
        self.intakes: dict[str, IntakeClient] = {
            kind: IntakeClient(url, token) for kind, token in accounts.channels.items()
        }
        user, password = accounts.sim_user
        self.console = ConsoleClient(
            url, username=user, password=password, backoff_initial=0.05, backoff_max=0.5
        )
        self.console.on_event(self._event)
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._pending: list[EventView] = []
        self.errors = 0
        self.engine = "recommend"  # who dispatches on autopilot: recommend or planner
        self.tz = plan.scenario.timezone
        self.night_start = plan.start
        self.crew_arrivals: dict[int, dict[int, datetime]] = {}  # call -> tech -> on site
        self.overtime_minutes: dict[int, float] = {}  # tech -> minutes past shift end

    # --- connections ---------------------------------------------------------------

    async def connect(self) -> None:
        await self.console.start()
        await self.console.wait_ready(30)
        await self._connect_peers()

    async def _connect_peers(self) -> None:
        """Phones reconnect by themselves (console.hub.peers, reconnect=True): made once,
        after a hub outage they are only woken; channels are connected afresh."""
        fresh: list[FieldAppClient | IntakeClient] = [*self.intakes.values()]
        back: list[FieldAppClient] = []
        for t in self.techs.values():
            if t.app is None:
                t.app = FieldAppClient(
                    self.url, t.token, reconnect=True, backoff_max=1.0,
                    resend_window=PHONE_QUEUE_SECONDS,
                )
                fresh.append(t.app)
            elif not t.no_signal:
                back.append(t.app)
        await asyncio.gather(
            *(p.connect() for p in fresh), *(a.restore_network() for a in back)
        )

    async def close(self) -> None:
        peers = [*(t.app for t in self.techs.values() if t.app), *self.intakes.values()]
        await asyncio.gather(*(p.close() for p in peers), return_exceptions=True)
        await self.console.close()

    # --- running -------------------------------------------------------------------

    async def run(self, until: datetime, *, should_stop: Callable[[], bool] | None = None) -> None:
        """Perform the agenda up to ``until`` (or until ``should_stop()`` says so)."""
        while (due := await self.agenda.next_due(until)) is not None:
            label, action = due
            await self._perform(label, action)
            if self.clock.discrete and not label.startswith("fix"):
                await self.settle()  # a position fix writes no event: nothing to wait for
            if should_stop is not None and should_stop():
                return

    async def _perform(self, label: str, action: Action) -> None:
        for attempt in range(6):
            try:
                await action()
                return
            except DispatchError as exc:
                if exc.code == "rate_limited" and attempt < 5:
                    await asyncio.sleep(float(exc.details.get("retry_after", 0.05) or 0.05))  # type: ignore[arg-type]
                    continue
                self.errors += 1
                log.info("simulated %s refused: %s", label, exc)
                return
            except Exception:
                if self.clock.discrete:
                    raise  # a headless run must not hide a bug
                self.errors += 1  # a live demo keeps going; the trainer sees the rest
                log.exception("simulated %s failed", label)
                return

    async def in_turn(self, label: str, action: Action) -> None:
        """Run ``action`` from the agenda (so nothing else runs meanwhile) and wait for it."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        async def run() -> None:
            try:
                await action()
            finally:
                if not done.done():
                    done.set_result(None)

        self.agenda.add(self.clock.now(), label, run)
        await done

    def soon(self, label: str, action: Action, minutes: float = 0.0) -> None:
        self.agenda.add(later(self.clock.now(), minutes), label, action)

    async def settle(self) -> None:
        """Discrete mode: wait until the console client has seen every committed event, then
        react to them in seq order. Reacting only here (never in the middle of an action)
        keeps the agenda's order independent of how websocket frames happened to arrive."""
        with self.db.reading() as session:
            target = int(session.execute(select(func.max(Event.seq))).scalar() or 0)
        if self.console.last_seq < target:
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append((target, fut))
            await asyncio.wait_for(fut, 30)
        while self._pending:
            self._apply(self._pending.pop(0))

    async def wait_state(self, want: Callable[[ConnectionState], bool], timeout: float) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not want(self.console.state):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"console client stayed {self.console.state.value}")
            await asyncio.sleep(0.01)

    # --- the hub's events ----------------------------------------------------------

    def _event(self, ev: EventView) -> None:
        if self.clock.discrete:
            self._pending.append(ev)
        else:
            self._apply(ev)
        seq = self.console.last_seq
        for target, fut in list(self._waiters):
            if seq >= target:
                self._waiters.remove((target, fut))
                if not fut.done():
                    fut.set_result(None)

    def _apply(self, ev: EventView) -> None:
        p: dict[str, Any] = ev.payload
        if isinstance(p.get("call"), dict):
            self.note_call(p["call"])
        if isinstance(p.get("technician"), dict):
            tech = technician_from_wire(p["technician"])
            self.tech_views[tech.id] = tech
        self.react(ev)

    def note_call(self, wire: dict[str, Any]) -> CallView:
        """Keep the newest version of a call, from an event or from an acknowledgement
        (in demo mode the two arrive on different connections, in either order)."""
        return self.keep_call(call_from_wire(wire))

    def keep_call(self, view: CallView) -> CallView:
        known = self.calls.get(view.id)
        if known is None or view.version >= known.version:
            self.calls[view.id] = view
        return self.calls[view.id]

    def react(self, ev: EventView) -> None:
        raise NotImplementedError

    def want_dispatch(self) -> None:
        """Ask for a dispatch pass (only the autopilot answers)."""

    def plan_of(self, call_id: int) -> tuple[CallPlan, bool] | None:
        return self.call_plan.get(call_id)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.plan.seed, *parts)))


ActionFactory = Callable[..., Awaitable[None]]
