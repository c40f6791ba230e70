"""What the planner is asked: open calls and on-duty technicians at one moment.

Plain frozen values so a test or a notebook can write a problem by hand; :mod:`.live`
builds one from the console's live state or the simulator's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.domain import Priority
from console.seed.mix import WORK
from console.timezone import CENTER_TZ
from console.travel import LatLon

#: Solver priority by call priority (VROOM maximises the sum over served calls first):
#: one emergency outweighs 99 normal calls, so it is never traded away for them.
PRIORITY_WEIGHT: dict[Priority, int] = {
    Priority.EMERGENCY: 100,
    Priority.URGENT: 10,
    Priority.NORMAL: 1,
}


def service_minutes(category: str) -> float:
    """Typical on-site minutes for a category (what the planner expects, not the truth)."""
    return float(WORK.get(category, (0, 60))[1])


@dataclass(frozen=True, slots=True)
class PlanCall:
    """An open call the plan may (re)assign.

    ``assigned`` are its technicians today; ``pinned`` keeps them (a dispatcher's decision).
    ``location`` is None when the call has no usable coordinates.
    """

    id: int
    location: LatLon | None
    priority: Priority
    deadline: datetime
    skills: tuple[str, ...] = ()
    crew_size: int = 1
    service_minutes: float = 60.0
    category: str = ""
    assigned: tuple[int, ...] = ()
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class PlanTechnician:
    """An on-duty technician: where they will be free, and from when.

    ``free_in_minutes`` is the remaining time of the job in hand (0 when free); ``location``
    is where that job leaves them (their position when free), None when unknown.
    """

    id: int
    name: str
    location: LatLon | None
    skills: tuple[str, ...]
    free_in_minutes: float = 0.0
    shift_end: datetime | None = None
    breaks: tuple[tuple[datetime, datetime], ...] = ()
    free_now: bool = True


@dataclass(frozen=True, slots=True)
class Problem:
    """Everything one plan is computed from. ``service_area`` is (south, west, north, east).

    ``overtime_grace_minutes``: how far past a shift end a job may run (it is reported as
    overtime). ``time_limit_s`` bounds the solver; past it the best plan found is used.

    ``safety_share``: the plan aims to be on site with this share of each call's remaining
    time to its deadline to spare (0.25: a normal call due in 240 min is planned within 180),
    because a plan's times are estimates (traffic, a job in hand that runs long, calls that
    arrive later and take the technician first) and a plan that is due just on time misses
    about half the time. A call that can only make its deadline without the margin is planned
    against the deadline itself; one that cannot make it at all is triaged as late.
    """

    now: datetime
    calls: tuple[PlanCall, ...]
    technicians: tuple[PlanTechnician, ...]
    service_area: tuple[float, float, float, float] | None = None
    overtime_grace_minutes: float = 30.0
    crew_spread_minutes: float = 10.0
    safety_share: float = 0.25
    time_limit_s: float = 5.0
    exploration: int = 0
    threads: int = 2
    tz: str = CENTER_TZ  # the centre's zone: travel speeds follow its local hour
