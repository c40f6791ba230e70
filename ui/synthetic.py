"""A synthetic night for the UI bench and the soak test: a snapshot with thousands of
technicians and calls, then an endless, valid event stream and position batches.

Events are built with the same wire functions the hub uses, so LiveState and every panel
take the real code paths. The set of call ids is fixed (a finished call comes back as a new
one), so memory should stay flat however long the stream runs: growth means a leak.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from console.domain import (
    CATEGORY_SKILLS,
    SLA_MINUTES,
    AssignmentView,
    CallStatus,
    CallView,
    Channel,
    EventView,
    Position,
    Priority,
    TechnicianView,
    TechStatus,
)
from console.live_state import with_position
from console.wire import call_to_wire, technician_to_wire

CENTRE = (31.2304, 121.4737)
DISTRICTS = ("Huangpu", "Jing'an", "Xuhui", "Changning", "Putuo", "Hongkou", "Yangpu", "Pudong")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林"
GIVEN = "伟娜敏静丽强磊军洋勇艳杰娟涛明超秀霞"
STEPS = (
    CallStatus.ASSIGNED,
    CallStatus.ACCEPTED,
    CallStatus.EN_ROUTE,
    CallStatus.ON_SITE,
    CallStatus.COMPLETED,
)
ACTOR = {"kind": "user", "id": 1, "name": "Synthetic", "role": "dispatcher"}


@dataclass
class Snapshot:
    seq: int
    technicians: dict[int, TechnicianView]
    calls: dict[int, CallView]
    assignments: list[AssignmentView] = field(default_factory=list)


class SyntheticNight:
    def __init__(
        self,
        technicians: int = 2000,
        calls: int = 1000,
        *,
        seed: int = 1,
        start: datetime | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.now = start or datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
        self.seq = 0
        self.techs = {i: self._tech(i) for i in range(1, technicians + 1)}
        self.calls = {i: self._open_call(i) for i in range(1, calls + 1)}
        self._assignment_ids = itertools.count(1)

    def clock(self) -> datetime:
        return self.now

    def _point(self, spread: float = 0.12) -> tuple[float, float]:
        return (
            CENTRE[0] + self.rng.uniform(-spread, spread),
            CENTRE[1] + self.rng.uniform(-spread, spread),
        )

    def _tech(self, i: int) -> TechnicianView:
        lat, lon = self._point()
        skills = tuple(
            sorted(
                {
                    s.value
                    for s in self.rng.sample([s for v in CATEGORY_SKILLS.values() for s in v], 2)
                }
            )
        )
        return TechnicianView(
            id=i,
            name=self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN),
            phone=f"139{i:08d}",
            skills=skills,
            status=self.rng.choice(
                (
                    TechStatus.AVAILABLE,
                    TechStatus.AVAILABLE,
                    TechStatus.EN_ROUTE,
                    TechStatus.ON_SITE,
                    TechStatus.OFF_DUTY,
                )
            ),
            home_base=self.rng.choice(DISTRICTS),
            home_lat=lat,
            home_lon=lon,
            position=Position(lat, lon, at=self.now),
            version=1,
        )

    def _open_call(self, i: int) -> CallView:
        """A third wait for a technician; the rest are somewhere between assigned and on site."""
        if self.rng.random() < 0.35:
            return self._call(i, CallStatus.NEW)
        step = self.rng.choice(STEPS[:-1])
        return replace(self._call(i, step), technician_ids=(self.rng.randint(1, len(self.techs)),))

    def _call(self, i: int, status: CallStatus) -> CallView:
        lat, lon = self._point()
        category = self.rng.choice(tuple(CATEGORY_SKILLS))
        priority = self.rng.choice(
            (Priority.EMERGENCY, Priority.URGENT, Priority.NORMAL, Priority.NORMAL)
        )
        created = self.now - timedelta(minutes=self.rng.uniform(0, 25))
        return CallView(
            id=i,
            customer_id=i,
            customer_name=self.rng.choice(SURNAMES) + "先生",
            phone=f"138{i:08d}",
            address=f"{self.rng.choice(DISTRICTS)} 路 {i} 号",
            district=self.rng.choice(DISTRICTS),
            lat=lat,
            lon=lon,
            category=category,
            required_skills=tuple(s.value for s in CATEGORY_SKILLS[category]),
            priority=priority,
            channel=Channel.PHONE,
            status=status,
            created_at=created,
            sla_deadline=created + timedelta(minutes=SLA_MINUTES[priority]),
            crew_size=1,
            version=1,
        )

    def snapshot(self) -> Snapshot:
        return Snapshot(self.seq, dict(self.techs), dict(self.calls))

    def _event(self, type_: str, payload: dict[str, object]) -> EventView:
        self.seq += 1
        payload["actor"] = ACTOR
        return EventView(self.seq, type_, self.now, payload)

    def next_event(self) -> EventView:
        """One valid event: mostly a call moving one step, sometimes a technician status."""
        self.now += timedelta(milliseconds=50)
        if self.rng.random() < 0.2:
            tech = self.techs[self.rng.randint(1, len(self.techs))]
            status = self.rng.choice(
                (TechStatus.AVAILABLE, TechStatus.ON_BREAK, TechStatus.AVAILABLE)
            )
            tech = replace(tech, status=status, version=tech.version + 1)
            self.techs[tech.id] = tech
            return self._event("technician.status", {"technician": technician_to_wire(tech)})
        call = self.calls[self.rng.randint(1, len(self.calls))]
        return self._advance(call)

    def _advance(self, call: CallView) -> EventView:
        if call.status is CallStatus.NEW:
            tech_id = self.rng.randint(1, len(self.techs))
            new = replace(
                call,
                status=CallStatus.ASSIGNED,
                technician_ids=(tech_id,),
                version=call.version + 1,
            )
            self.calls[call.id] = new
            return self._event(
                "call.assigned",
                {
                    "call": call_to_wire(new),
                    "assignment_id": next(self._assignment_ids),
                    "technician_id": tech_id,
                },
            )
        if call.status is CallStatus.COMPLETED:
            fresh = replace(self._call(call.id, CallStatus.NEW), version=call.version + 1)
            self.calls[call.id] = fresh
            return self._event("call.created", {"call": call_to_wire(fresh)})
        step = STEPS[STEPS.index(call.status) + 1]
        new = replace(call, status=step, version=call.version + 1)
        self.calls[call.id] = new
        kind = "call.completed" if step is CallStatus.COMPLETED else "call.status"
        return self._event(kind, {"call": call_to_wire(new)})

    def events(self) -> Iterator[EventView]:
        while True:
            yield self.next_event()

    def positions(self, count: int) -> list[tuple[int, Position]]:
        """A coalesced batch of fixes: ``count`` technicians moved a little."""
        fixes = []
        n = len(self.techs)
        for _ in range(count):
            tech_id = self.rng.randint(1, n)
            pos = self.techs[tech_id].position
            assert pos is not None
            moved = Position(
                pos.lat + self.rng.uniform(-4e-4, 4e-4),
                pos.lon + self.rng.uniform(-4e-4, 4e-4),
                at=self.now,
            )
            self.techs[tech_id] = with_position(self.techs[tech_id], moved)
            fixes.append((tech_id, moved))
        return fixes
