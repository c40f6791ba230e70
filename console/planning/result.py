"""What the planner answers: routes with ETAs, calls it could not serve and why, totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Stop:
    """One visit in a technician's route. ``late_minutes`` is arrival past the deadline
    (0 when on time); ``crew`` lists every technician of a crew call, this one included;
    ``late_reason`` says why a late stop could not be on time (empty when on time)."""

    call_id: int
    eta: datetime
    deadline: datetime
    late_minutes: float
    travel_minutes: float
    travel_km: float
    service_minutes: float
    depart: datetime
    crew: tuple[int, ...] = ()
    late_reason: str = ""

    @property
    def on_time(self) -> bool:
        return self.late_minutes <= 0


@dataclass(frozen=True, slots=True)
class Route:
    technician_id: int
    stops: tuple[Stop, ...]
    km: float
    overtime_minutes: float


@dataclass(frozen=True, slots=True)
class Unserved:
    """A call the plan leaves waiting: ``code`` for a program, ``reason`` for a person.

    Codes: no_technicians, no_location, outside_area, no_skill, crew_short, capacity,
    timeout (the solver's time limit ran out first), solver_failed, pinned_unavailable.
    """

    call_id: int
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class Totals:
    calls: int
    served: int
    on_time: int
    late: int
    lateness_minutes: float
    km: float
    overtime_minutes: float


@dataclass(frozen=True, slots=True)
class Plan:
    """A proposal for every open call; ``current`` are the totals of today's assignments
    scored the same way, so the two can be shown side by side."""

    now: datetime
    routes: tuple[Route, ...]
    unserved: tuple[Unserved, ...]
    totals: Totals
    current: Totals | None
    solve_ms: float
    notes: tuple[str, ...] = ()
    timed_out: bool = False

    def technicians_for(self, call_id: int) -> tuple[int, ...]:
        """Who the plan sends to ``call_id`` (several for a crew), in route order."""
        return tuple(r.technician_id for r in self.routes for s in r.stops if s.call_id == call_id)

    def stop_for(self, technician_id: int, call_id: int) -> Stop | None:
        for r in self.routes:
            if r.technician_id == technician_id:
                return next((s for s in r.stops if s.call_id == call_id), None)
        return None

    def first_stops(self) -> dict[int, Stop]:
        """Each technician's next planned visit."""
        return {r.technician_id: r.stops[0] for r in self.routes if r.stops}

    def unserved_reason(self, call_id: int) -> Unserved | None:
        return next((u for u in self.unserved if u.call_id == call_id), None)

    def served_ids(self) -> set[int]:
        return {s.call_id for r in self.routes for s in r.stops}


def empty_totals(calls: int) -> Totals:
    return Totals(calls, 0, 0, 0, 0.0, 0.0, 0.0)


def minutes_between(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 60.0
