"""A technician's night on their phone: shift start and end, accepting a job, driving to it
with position fixes along the way, working, and completing or failing it."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from console.domain import CallStatus, CallView
from console.errors import DispatchError
from console.sim.engines import expected_arrival
from console.sim.fleet import SimTech, Trip
from console.sim.geo import plan_route
from console.sim.phones import Phones
from console.sim.schedule import later

_CREW_UNDER_WAY = (CallStatus.ACCEPTED, CallStatus.EN_ROUTE)
#: A crew member who would be on site more than this many minutes before the last of the
#: crew waits before setting off ("leave at"), so the crew arrives together.
CREW_HOLD_MINUTES = 3.0


class TechnicianJobs(Phones):
    def _assigned(self, tech_id: int, call_id: int) -> None:
        t = self.techs.get(tech_id)
        if t is None or call_id in t.jobs:
            return
        t.jobs.append(call_id)
        delay = self.rng("accept", call_id, tech_id).uniform(0.5, 2.5)
        self.soon(f"accept {call_id}", lambda: self._accept(t, call_id), delay)

    def _release(self, tech_id: int, call_id: int) -> None:
        t = self.techs.get(tech_id)
        if t is None:
            return
        if call_id in t.jobs:
            t.jobs.remove(call_id)
        if t.current == call_id:
            t.stop_driving(self.clock.now())
        elif t.phase == "holding" and not t.jobs:
            t.phase = "idle"  # held back for a crew call that was taken away
            t.epoch += 1
        self.soon(f"next job {t.id}", lambda: self._next(t))

    async def _rate(self, call_id: int, rating: int, feedback: str | None) -> None:
        await self.console.command("rate", call_id=call_id, rating=rating, feedback=feedback)

    # --- a technician's night ------------------------------------------------------

    async def _shift_start(self, t: SimTech) -> None:
        assert t.app is not None
        await self.phone(t, "shift", action="start")
        t.on_shift = True
        await self._fix(t)
        self.answer_waiting(t)
        self.want_dispatch()

    async def _shift_end(self, t: SimTech) -> None:
        t.ending = True
        if t.phase == "idle" and not t.jobs and t.on_shift:
            assert t.app is not None
            await self.phone(t, "shift", action="end")
            t.on_shift = False
            over = (self.clock.now() - (self.night_start + t.plan.shift_end)).total_seconds()
            self.overtime_minutes[t.id] = max(0.0, over / 60)

    def answer_waiting(self, t: SimTech) -> None:
        """Back on the road (shift start, van fixed): accept jobs assigned meanwhile."""
        for call_id in t.jobs:
            call = self.calls.get(call_id)
            if call is not None and call.status is CallStatus.ASSIGNED:
                self.soon(f"accept {call_id}", partial(self._accept, t, call_id), 0.5)

    async def _accept(self, t: SimTech, call_id: int) -> None:
        call = self.calls.get(call_id)
        if call_id not in t.jobs or call is None:
            return
        crewmate_first = call.crew_size > 1 and call.status in _CREW_UNDER_WAY
        if call.status is not CallStatus.ASSIGNED and not crewmate_first:
            return
        if not t.on_shift or t.on_break:
            return  # an off-duty phone does not answer: the dispatcher has to notice
        assert t.app is not None
        if not crewmate_first:  # a crew call is accepted once, by whoever answers first
            await self.phone_step(t, call_id, "accept")
        self.soon(f"next job {t.id}", lambda: self._next(t))

    async def _next(self, t: SimTech) -> None:
        if t.phase != "idle" or not t.on_shift or t.on_break:
            return
        ready = [c for c in t.jobs if (call := self.calls.get(c)) and self._ready(call, t)]
        hold = self.crew_hold_minutes(t, ready[0]) if ready else 0.0
        if hold > 0:
            t.phase = "holding"  # told when to leave: the crew arrives together
            t.epoch += 1
            epoch = t.epoch
            self.soon(f"leave at {t.id}", lambda: self._end_hold(t, epoch), hold)
        elif ready:
            t.phase, t.current = "starting", ready[0]
            t.epoch += 1
            epoch = t.epoch
            self.soon(f"en route {ready[0]}", lambda: self._en_route(t, ready[0], epoch), 1.0)
        elif t.ending and not t.jobs:
            await self._shift_end(t)
        elif not t.jobs:
            self.want_dispatch()

    def crew_hold_minutes(self, t: SimTech, call_id: int) -> float:
        """How long ``t`` should wait before setting off for a crew call so as to arrive
        with the last crewmate still to come (their expected arrival at typical job and
        drive times); 0 for a single call or when the wait would be short."""
        call = self.calls.get(call_id)
        if call is None or call.crew_size <= 1:
            return 0.0
        now = self.clock.now()
        here = self.crew_arrivals.get(call_id, {})
        mine = expected_arrival(self, t, call_id, now)
        latest = max(
            (
                expected_arrival(self, m, call_id, now)
                for m_id in call.technician_ids
                if m_id != t.id and m_id not in here and (m := self.techs.get(m_id)) is not None
            ),
            default=mine,
        )
        hold = (latest - mine).total_seconds() / 60
        return hold if hold > CREW_HOLD_MINUTES else 0.0

    async def _end_hold(self, t: SimTech, epoch: int) -> None:
        if t.epoch == epoch and t.phase == "holding":
            t.phase = "idle"
            await self._next(t)

    async def _en_route(self, t: SimTech, call_id: int, epoch: int) -> None:
        call = self.calls.get(call_id)
        if t.epoch != epoch or call is None:
            return
        assert t.app is not None
        try:
            if call.status is CallStatus.ACCEPTED:  # a crewmate may already be on the way
                await self.phone_step(t, call_id, "en_route")
        except DispatchError:
            if t.epoch == epoch:
                t.stop_driving(self.clock.now())
                self.soon(f"next job {t.id}", lambda: self._next(t))
            raise
        now = self.clock.now()
        rng = self.rng("trip", call_id, t.id, epoch)
        dest = (call.lat, call.lon)
        t.route = plan_route(rng, t.pos, dest)
        minutes = self.travel.travel_minutes(t.pos, dest, now) * rng.uniform(0.9, 1.3)
        t.phase, t.depart, t.arrive = "driving", now, later(now, max(2.0, minutes))
        self.trips.append(Trip(call_id, t.id, self.travel.distance_km(t.pos, dest), now))
        self._plan_fixes(t, now + timedelta(seconds=self.fix_seconds))
        self.agenda.add(t.arrive, f"on site {call_id}", lambda: self._on_site(t, call_id, epoch))

    def _plan_fixes(self, t: SimTech, first: datetime) -> None:
        """Position fixes every ``fix_seconds`` from ``first`` until the van arrives."""
        if t.arrive is None:
            return
        step = timedelta(seconds=self.fix_seconds)
        at = first
        while at < t.arrive:
            self.agenda.add(at, f"fix {t.id}", partial(self._moving_fix, t, t.epoch))
            at += step

    def plan_live_fixes(self) -> None:
        """After a demo's warm-up (driven with sparse fixes to keep it quick): fixes at the
        live rate, starting now, for every van already on the road."""
        now = self.clock.now()
        for t in self.techs.values():
            if t.phase == "driving":
                self._plan_fixes(t, now)

    async def _moving_fix(self, t: SimTech, epoch: int) -> None:
        if t.epoch == epoch and t.phase == "driving":
            await self._fix(t)

    async def _fix(self, t: SimTech) -> None:
        assert t.app is not None
        now = self.clock.now()
        (lat, lon), heading, speed = t.position_at(now)
        await t.app.position(
            round(lat, 6),
            round(lon, 6),
            accuracy=8.0,
            heading=round(heading, 1),
            speed=round(speed, 1),
            at=now,
        )

    async def _on_site(self, t: SimTech, call_id: int, epoch: int) -> None:
        if t.epoch != epoch:
            return
        t.pos = t.position_at(t.arrive or self.clock.now())[0]
        t.phase, t.route = "working", None
        await self._fix(t)
        assert t.app is not None
        self.crew_arrivals.setdefault(call_id, {})[t.id] = self.clock.now()
        if not self._crew_complete(call_id):
            return  # on site, waiting for the rest of the crew (the last one starts the job)
        await self.phone_step(t, call_id, "on_site")
        found = self.plan_of(call_id)
        minutes = 45.0 if found is None else found[0].work_minutes * (0.7 if found[1] else 1.0)
        self.soon(f"finish {call_id}", lambda: self._finish(t, call_id, epoch), minutes)

    def _ready(self, call: CallView, t: SimTech) -> bool:
        if call.status is CallStatus.ACCEPTED:
            return True
        return call.crew_size > 1 and call.status is CallStatus.EN_ROUTE and call.id != t.current

    def _crew_complete(self, call_id: int) -> bool:
        """Every technician still on the call has arrived (a crew of one always has)."""
        call = self.calls.get(call_id)
        here = self.crew_arrivals.get(call_id, {})
        if call is None or call.crew_size <= 1:
            return True
        return all(tech in here for tech in call.technician_ids)

    def crew_maybe_complete(self, call_id: int) -> None:
        """A crew member was taken off: the ones waiting on site may now start."""
        call = self.calls.get(call_id)
        here = self.crew_arrivals.get(call_id, {})
        if call is None or call.status is not CallStatus.EN_ROUTE or not call.technician_ids:
            return
        if not self._crew_complete(call_id):
            return
        last = max(call.technician_ids, key=lambda tech: here[tech])
        t = self.techs[last]
        if t.current == call_id and t.phase == "working":
            self.soon(f"crew complete {call_id}", lambda: self._crew_start(t, call_id, t.epoch))

    async def _crew_start(self, t: SimTech, call_id: int, epoch: int) -> None:
        if t.epoch != epoch:
            return
        assert t.app is not None
        await self.phone_step(t, call_id, "on_site")
        found = self.plan_of(call_id)
        minutes = 45.0 if found is None else found[0].work_minutes * (0.7 if found[1] else 1.0)
        self.soon(f"finish {call_id}", lambda: self._finish(t, call_id, epoch), minutes)

    async def _finish(self, t: SimTech, call_id: int, epoch: int) -> None:
        if t.epoch != epoch:
            return
        assert t.app is not None
        found = self.plan_of(call_id)
        plan, revisit = found if found else (None, False)
        if plan is not None and plan.fails and not revisit:
            await self.phone_step(t, call_id, "fail", reason=plan.failure_reason)
        else:
            fields: dict[str, Any] = {}
            if plan is not None:
                factor = self.rng("charge", call_id).uniform(0.95, 1.2)
                fields["price_charged"] = round(plan.price_quoted * factor, 2)
                fields["parts"] = [{"name": n, "amount": a} for n, a in plan.parts]
            await self.phone_step(t, call_id, "complete", **fields)
            if plan is not None and plan.rating is not None:
                delay = self.rng("rate", call_id).uniform(5, 40)
                rating, feedback = plan.rating, plan.feedback
                self.soon(f"rate {call_id}", lambda: self._rate(call_id, rating, feedback), delay)
        if t.current == call_id:
            t.phase, t.current = "idle", None
            t.epoch += 1
        self._release(t.id, call_id)
