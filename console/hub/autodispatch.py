"""Auto-dispatch under an admin's policy: a new call in an ``auto`` window waits its hold
(the dispatcher's chance to take it), then the hub assigns the planner's choice through the
same service as a dispatcher's drag, as ``auto-dispatch`` (so the assignment, the audit
trail and the events say it was automatic). A dispatcher who is first wins: the assignment
carries the call's version, and a call no longer new is left alone.

The plan it reads is made with every call that has technicians kept where it is: auto-
dispatch only ever assigns new calls, so a plan that moved an assignment (a dispatcher's, a
pin, its own earlier choice) would free a technician on paper who is not free. Pins are in
the call views anyway (``build_problem`` reads them). Calls outside the centre's service
area (``console.geo.service_bounds``) are reported by the plan and left for a person.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from console.db.engine import Database
from console.db.models import Call, Setting, Technician
from console.domain import CallStatus
from console.errors import DispatchError
from console.geo.service_bounds import Box, service_bounds
from console.hub.periodic import PeriodicTask
from console.planning import Problem
from console.planning.live import PLANNABLE, build_problem, solve
from console.services.assignment import assign_call
from console.services.policy import AUTO_ACTOR, active_mode, list_policies
from console.timezone import CENTER_TZ
from console.views import call_view, technician_view

log = logging.getLogger(__name__)

DEFAULT_TZ = CENTER_TZ
Due = list[tuple[int, int]]  # (call id, version)
Choice = list[tuple[int, int, tuple[int, ...]]]  # (call id, version, technicians)


class AutoDispatcher(PeriodicTask):
    """Checks every ``interval`` seconds for auto-window calls whose hold is over."""

    failure = "auto-dispatch pass failed"  # a bad tick must not end auto-dispatch

    def __init__(
        self,
        db: Database,
        writer: Executor,
        reader: Executor,
        *,
        poke: Callable[[], None],
        interval: float = 1.0,
        service_area: Callable[[], Box | None] = service_bounds,
    ) -> None:
        super().__init__(interval)
        self.db = db
        self.service_area = service_area  # read each pass: a re-imported area applies
        self.writer = writer
        self.reader = reader
        self.poke = poke
        self.assigned = 0

    async def tick(self) -> int:
        """One pass: plan the calls whose hold is over, assign; returns assignments made."""
        loop = asyncio.get_running_loop()
        choices = await loop.run_in_executor(self.reader, self._choose)
        made = 0
        for call_id, version, crew in choices:
            made += await loop.run_in_executor(self.writer, self._assign, call_id, version, crew)
        if made:
            self.assigned += made
            self.poke()
        return made

    def _choose(self) -> Choice:
        now = self.db.now()
        with self.db.reading() as session:
            policies = list_policies(session)
            if not any(p.mode == "auto" for p in policies):
                return []
            row = session.get(Setting, "timezone")
            tz = row.value if row is not None else DEFAULT_TZ
            new = (
                session.execute(select(Call).where(Call.status == CallStatus.NEW.value))
                .scalars()
                .all()
            )
            due: Due = []
            for c in new:
                mode = active_mode(policies, c.category, now, tz)
                if (
                    mode.mode == "auto"
                    and (now - c.created_at).total_seconds() >= mode.hold_seconds
                ):
                    due.append((c.id, c.version))
            if not due:
                return []
            problem = self._problem(session, now, tz)
        plan = solve(problem)
        out: Choice = []
        for call_id, version in due:
            crew = plan.technicians_for(call_id)
            if crew:
                out.append((call_id, version, crew))
            else:
                why = plan.unserved_reason(call_id)
                log.info(
                    "auto-dispatch left call %s waiting: %s",
                    call_id,
                    why.reason if why else "not planned",
                )
        return out

    def _problem(self, session: Session, now: datetime, tz: str) -> Problem:
        """Open calls and active technicians as the planner sees them, assignments kept."""
        open_states = [s.value for s in (*PLANNABLE, CallStatus.EN_ROUTE, CallStatus.ON_SITE)]
        calls = [
            call_view(c)
            for c in session.execute(
                select(Call)
                .where(Call.status.in_(open_states))
                .options(selectinload(Call.assignments), selectinload(Call.customer))
            ).scalars()
        ]
        techs = session.execute(
            select(Technician)
            .where(Technician.active.is_(True))
            .options(selectinload(Technician.shifts))
        ).scalars()
        return build_problem(
            calls,
            [technician_view(t) for t in techs],
            now=now,
            tz=tz,
            pins=frozenset(c.id for c in calls if c.technician_ids),
            service_area=self.service_area(),
        )

    def _assign(self, call_id: int, version: int, crew: tuple[int, ...]) -> int:
        made = 0
        for tech_id in crew:
            try:
                view = assign_call(
                    self.db,
                    actor=AUTO_ACTOR,
                    call_id=call_id,
                    technician_id=tech_id,
                    expected_version=version,
                )
            except DispatchError as exc:  # a dispatcher was first, or the crew changed
                log.info("auto-dispatch of call %s stopped: %s", call_id, exc)
                break
            version = view.version
            made += 1
        return made
