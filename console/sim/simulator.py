"""What happens in the simulated night: shifts, calls arriving, technicians accepting,
driving (with position fixes along a plausible path), working, completing or failing,
customers cancelling and rating, and the scenario's injections. With ``autopilot`` the
recommendation engine dispatches; without it a trainee does."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial
from typing import Any

from console.domain import CallStatus, EventView, Priority
from console.errors import DispatchError
from console.seed import people
from console.sim.engines import planner_choices, recommend_choices
from console.sim.fleet import SimTech
from console.sim.jobs import TechnicianJobs
from console.sim.plan import CallPlan, new_customer
from console.sim.runner import OPEN_NOT_ON_SITE

#: While calls wait, the planner engine plans again this often even if nothing happened.
REPLAN_MINUTES = 5.0
_TERMINAL = ("call.completed", "call.failed", "call.cancelled")


class Simulator(TechnicianJobs):
    # --- the night's agenda --------------------------------------------------------

    def prime(self) -> None:
        start, end = self.plan.start, self.plan.end
        for t in self.techs.values():
            self.agenda.add(
                start + t.plan.shift_start, f"shift start {t.id}", partial(self._shift_start, t)
            )
            if start + t.plan.shift_end < end:
                self.agenda.add(
                    start + t.plan.shift_end, f"shift end {t.id}", partial(self._shift_end, t)
                )
        for c in self.plan.calls:
            self.agenda.add(start + c.offset, f"call {c.key}", partial(self._arrive, c))
        for ev in self.plan.scenario.events:
            at = start + ev.offset
            if ev.kind == "outage":
                self.agenda.add(at, "hub outage", partial(self.outage, ev.duration))
            elif ev.kind == "phone_outage":
                self.agenda.add(
                    at, "phone outage", partial(self.phone_outage, ev.phones, ev.duration)
                )
            elif ev.kind == "van_breakdown":
                self.agenda.add(at, "van breakdown", partial(self.van_breakdown, None, ev.duration))
            elif ev.kind == "customer_cancel":
                self.agenda.add(at, "customer cancel", partial(self.customer_cancel, None))

    # --- calls ---------------------------------------------------------------------

    async def _arrive(self, c: CallPlan) -> None:
        fields: dict[str, Any] = {
            "customer_name": c.customer.name,
            "phone": c.customer.phone,
            "address": c.customer.address,
            "district": c.customer.district,
            "lat": c.customer.lat,
            "lon": c.customer.lon,
            "category": c.category,
            "priority": c.priority,
            "price_quoted": c.price_quoted,
        }
        if c.crew_size > 1:
            fields["crew_size"] = c.crew_size
        if c.notes:
            fields["notes"] = c.notes
        if c.channel == "phone":  # taken by a call-taker: no idempotency key needed
            view = await self.console.create_call(channel="phone", **fields)
            self._register(view.id, c)
        else:
            await self.intakes[c.channel].new_call(idempotency_key=c.key, **fields)

    async def _cancel(self, c: CallPlan, call_id: int) -> None:
        call = self.calls.get(call_id)
        if call is None or call.status not in OPEN_NOT_ON_SITE:
            return
        reason = self.rng("cancel", c.key).choice(people.CANCEL_REASONS)
        if c.channel == "phone":
            await self.console.cancel(call_id, reason=reason)
        else:
            await self.intakes[c.channel].cancel(idempotency_key=c.key, reason=reason)

    # --- reactions to the hub's events ---------------------------------------------

    def react(self, ev: EventView) -> None:
        p = ev.payload
        call = self.calls.get(int(p["call"]["id"])) if isinstance(p.get("call"), dict) else None
        if ev.type == "call.created" and call is not None:
            self._created(call.id, call.idempotency_key, p.get("revisit_of"))
            self.want_dispatch()
        elif ev.type in ("call.assigned", "call.reassigned") and call is not None:
            if p.get("from_technician_id") is not None:
                self._release(int(p["from_technician_id"]), call.id)
            self._assigned(int(p["technician_id"]), call.id)
        elif ev.type == "call.unassigned" and call is not None:
            for tech_id in p.get("technician_ids", []):
                self._release(int(tech_id), call.id)
            self.crew_maybe_complete(call.id)
            self.want_dispatch()
        elif ev.type in _TERMINAL and call is not None:
            for tech_id in p.get("technician_ids", []):
                self._release(int(tech_id), call.id)
        elif ev.type == "technician.status" and p["technician"]["status"] == "available":
            self.want_dispatch()

    def _created(self, call_id: int, key: str | None, revisit_of: object) -> None:
        if isinstance(revisit_of, int) and revisit_of in self.call_plan:
            self._register(call_id, self.call_plan[revisit_of][0], revisit=True)
            return
        plan = self.plans.get((key or "").rsplit(":", 1)[-1])
        if plan is not None:
            self._register(call_id, plan)

    def _register(self, call_id: int, plan: CallPlan, *, revisit: bool = False) -> None:
        """Tie a call to its plan (once), and plan the customer's cancellation if any."""
        if call_id in self.call_plan:
            return
        self.call_plan[call_id] = (plan, revisit)
        if plan.cancel_after is not None and not revisit:
            at = self.clock.now() + plan.cancel_after
            self.agenda.add(at, f"cancel {plan.key}", lambda: self._cancel(plan, call_id))

    # --- dispatching on autopilot --------------------------------------------------

    def want_dispatch(self) -> None:
        if self.autopilot and not getattr(self, "_dispatch_due", False):
            self._dispatch_due = True
            self.soon("dispatch", self._dispatch, 1.0)

    async def _dispatch(self) -> None:
        """The engine's choices for the waiting calls, most urgent first; a crew is
        assigned member by member in one go."""
        self._dispatch_due = False
        if not self.autopilot:
            return  # switched off (a demo's warm-up is over) since this pass was asked for
        now = self.clock.now()
        choose = planner_choices if self.engine == "planner" else recommend_choices
        for call, crew in choose(self, now):
            version = call.version
            for tech_id in crew:
                try:
                    view = self.keep_call(
                        await self.console.assign(call.id, tech_id, expected_version=version)
                    )
                except DispatchError:
                    break
                version = view.version
                self._assigned(tech_id, call.id)
            if self.clock.discrete:
                await self.settle()
        if self.engine == "planner" and any(
            c.status is CallStatus.NEW for c in self.calls.values()
        ):
            self.soon("replan", self._replan, REPLAN_MINUTES)  # the planner's timer

    async def _replan(self) -> None:
        self.want_dispatch()

    # --- injections ----------------------------------------------------------------

    async def emergency_call(self, category: str = "burst_pipe", **fields: Any) -> None:
        n = len([k for k in self.plans if k.startswith("inj-")])
        rng = self.rng("inject", n)
        customer = new_customer(rng, set())
        plan = CallPlan(
            index=100_000 + n,
            offset=self.clock.now() - self.plan.start,
            customer=customer,
            category=category,
            priority=Priority.EMERGENCY.value,
            channel="phone",
            price_quoted=400.0,
            work_minutes=60.0,
            fails=False,
            failure_reason="",
            cancel_after=None,
            rating=None,
            feedback=None,
            parts=(),
            notes=str(fields.get("notes", "Injected by the trainer")),
        )
        key = f"inj-{n:05d}"
        self.plans[key] = plan
        payload = {
            "customer_name": customer.name,
            "phone": customer.phone,
            "address": customer.address,
            "district": customer.district,
            "lat": customer.lat,
            "lon": customer.lon,
            "category": category,
            "priority": "emergency",
            "notes": plan.notes,
        }
        view = await self.console.create_call(channel="phone", **payload)
        self._register(view.id, plan)

    async def customer_cancel(self, call_id: int | None) -> None:
        if call_id is None:
            candidates = sorted(c.id for c in self.calls.values() if c.status in OPEN_NOT_ON_SITE)
            if not candidates:
                return
            call_id = candidates[0]
        await self.console.cancel(call_id, reason="customer cancelled by phone")

    async def van_breakdown(self, tech_id: int | None, duration: timedelta) -> None:
        """A van dies on the way: its jobs go back to the queue, the technician is out."""
        if tech_id is None:
            driving = sorted(t.id for t in self.techs.values() if t.phase == "driving")
            idle = sorted(t.id for t in self.techs.values() if t.free)
            if not driving and not idle:
                return
            tech_id = (driving or idle)[0]
        t = self.techs[tech_id]
        for call_id in list(dict.fromkeys([*([t.current] if t.current else []), *t.jobs])):
            call = self.calls.get(call_id)
            if call is not None and call.status in OPEN_NOT_ON_SITE:
                await self.console.unassign(
                    call_id, technician_id=t.id, reason="van breakdown: technician off the road"
                )
                if self.clock.discrete:
                    await self.settle()
        t.on_break = True
        if t.on_shift and t.phase != "working":
            assert t.app is not None
            await self.phone(t, "shift", action="break")
        self.soon(f"van fixed {t.id}", lambda: self._van_fixed(t), duration.total_seconds() / 60)

    async def _van_fixed(self, t: SimTech) -> None:
        t.on_break = False
        if t.on_shift and t.phase != "working":
            assert t.app is not None
            await self.phone(t, "shift", action="resume")
        self.answer_waiting(t)
        await self._next(t)

    async def outage(self, duration: timedelta) -> None:
        """The hub goes down for ``duration`` of simulated time, then comes back on the same
        port; field apps and channels reconnect and the console client resumes."""
        if self.hub is None:
            return
        await self.hub.stop()
        await self.wait_state(lambda s: s != "connected", 10)
        end = self.clock.now() + duration
        if self.clock.discrete:
            self.clock.advance_to(end)
        else:
            from console.sim.clock import sleep_until

            wake = asyncio.Event()
            self.clock.on_change(wake.set)
            await sleep_until(self.clock, end, wake)
        await self.hub.start()
        await asyncio.gather(*(p.close() for p in self.intakes.values()))
        await self._connect_peers()
        await self.wait_state(lambda s: s == "connected", 30)
