"""The solver's view of a problem: vehicles and tasks with windows in seconds from now.

A call becomes one task, a crew call one task per crew member (each bound to its member);
a pinned call is bound to its technician. VROOM only sees these integers.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.planning.problem import PlanCall, PlanTechnician


@dataclass(frozen=True, slots=True)
class Vehicle:
    index: int  # row in the travel matrix
    tech: PlanTechnician
    start_s: int  # free from (seconds from now)
    end_s: int  # latest finish (shift end + grace)
    breaks: tuple[tuple[int, int], ...] = ()  # (start_s, duration_s)


@dataclass(frozen=True, slots=True)
class Task:
    id: int
    call: PlanCall
    loc: int  # row in the travel matrix
    service_s: int
    priority: int
    only_tech: int | None = None  # bound to this technician (crew member or pin)
    window: tuple[int, int] | None = None  # hard service-start window (seconds from now)
    deadline_s: int = 0
    crew_key: int | None = None  # the crew call this member task belongs to

    def relaxed(self, window: tuple[int, int] | None) -> Task:
        return Task(
            self.id,
            self.call,
            self.loc,
            self.service_s,
            self.priority,
            self.only_tech,
            window,
            self.deadline_s,
            self.crew_key,
        )
