"""Domain vocabulary shared by every layer: enums, status rules and plain value types.

Nothing here touches the database or Qt, so the hub, the UI, the map, the simulator and the
reports all speak the same words. Value types are frozen dataclasses: widgets get plain
values, never live ORM rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Skill(StrEnum):
    PLUMBING = "plumbing"
    LOCKSMITH = "locksmith"
    ELECTRICAL = "electrical"
    APPLIANCE = "appliance"
    HEATING = "heating"
    GLAZING = "glazing"
    PEST = "pest"


class Priority(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    NORMAL = "normal"


class Channel(StrEnum):
    PHONE = "phone"
    APP = "app"
    MINI_PROGRAM = "mini_program"
    WEB = "web"
    PARTNER_API = "partner_api"


class TechStatus(StrEnum):
    OFF_DUTY = "off_duty"
    AVAILABLE = "available"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    ON_BREAK = "on_break"


class CallStatus(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def is_open(self) -> bool:
        return self not in TERMINAL_STATUSES


class Role(StrEnum):
    DISPATCHER = "dispatcher"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"
    ADMIN = "admin"


class CostKind(StrEnum):
    TRAVEL = "travel"
    LABOR = "labor"
    PARTS = "parts"
    PLATFORM_FEE = "platform_fee"


TERMINAL_STATUSES = frozenset({CallStatus.COMPLETED, CallStatus.CANCELLED, CallStatus.FAILED})

#: Every legal step of a call's life. Assignment and unassignment are steps too
#: (NEW -> ASSIGNED, and back to NEW when the last technician is taken off).
TRANSITIONS: dict[CallStatus, frozenset[CallStatus]] = {
    CallStatus.NEW: frozenset({CallStatus.ASSIGNED, CallStatus.CANCELLED}),
    CallStatus.ASSIGNED: frozenset({CallStatus.ACCEPTED, CallStatus.NEW, CallStatus.CANCELLED}),
    CallStatus.ACCEPTED: frozenset(
        {CallStatus.EN_ROUTE, CallStatus.NEW, CallStatus.CANCELLED, CallStatus.FAILED}
    ),
    CallStatus.EN_ROUTE: frozenset(
        {CallStatus.ON_SITE, CallStatus.NEW, CallStatus.CANCELLED, CallStatus.FAILED}
    ),
    CallStatus.ON_SITE: frozenset({CallStatus.COMPLETED, CallStatus.FAILED}),
    CallStatus.COMPLETED: frozenset(),
    CallStatus.CANCELLED: frozenset(),
    CallStatus.FAILED: frozenset(),
}

#: Which skills a call category needs by default (a call may ask for more).
CATEGORY_SKILLS: dict[str, tuple[Skill, ...]] = {
    "burst_pipe": (Skill.PLUMBING,),
    "blocked_drain": (Skill.PLUMBING,),
    "leak": (Skill.PLUMBING,),
    "lockout": (Skill.LOCKSMITH,),
    "broken_lock": (Skill.LOCKSMITH,),
    "power_outage": (Skill.ELECTRICAL,),
    "electrical_fault": (Skill.ELECTRICAL,),
    "no_heating": (Skill.HEATING,),
    "boiler_failure": (Skill.HEATING, Skill.PLUMBING),
    "appliance_repair": (Skill.APPLIANCE,),
    "broken_window": (Skill.GLAZING,),
    "pests": (Skill.PEST,),
}

#: Minutes from intake to promised arrival, by priority.
SLA_MINUTES: dict[Priority, int] = {
    Priority.EMERGENCY: 45,
    Priority.URGENT: 90,
    Priority.NORMAL: 240,
}


def can_transition(current: CallStatus, target: CallStatus) -> bool:
    return target in TRANSITIONS[current]


@dataclass(frozen=True, slots=True)
class Position:
    lat: float
    lon: float
    at: datetime | None = None
    accuracy_m: float | None = None
    heading_deg: float | None = None
    speed_kmh: float | None = None


@dataclass(frozen=True, slots=True)
class ShiftWindowView:
    """A weekly shift: local start and end as 'HH:MM'; end before start crosses midnight."""

    weekday: int  # 0 = Monday, the day the shift starts
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class TechnicianView:
    id: int
    name: str
    phone: str
    skills: tuple[str, ...]
    status: TechStatus
    home_base: str
    home_lat: float
    home_lon: float
    position: Position | None
    version: int
    shifts: tuple[ShiftWindowView, ...] = ()


@dataclass(frozen=True, slots=True)
class AssignmentView:
    id: int
    call_id: int
    technician_id: int
    assigned_at: datetime
    assigned_by: str
    active: bool
    ended_at: datetime | None = None
    end_reason: str | None = None
    override_reason: str | None = None


@dataclass(frozen=True, slots=True)
class CallView:
    id: int
    customer_id: int
    customer_name: str
    phone: str
    address: str
    district: str
    lat: float
    lon: float
    category: str
    required_skills: tuple[str, ...]
    priority: Priority
    channel: Channel
    status: CallStatus
    created_at: datetime
    sla_deadline: datetime
    crew_size: int
    version: int
    notes: str = ""
    price_quoted: float | None = None
    price_charged: float | None = None
    rating: int | None = None
    feedback: str | None = None
    step_times: dict[str, datetime] = field(default_factory=dict)
    technician_ids: tuple[int, ...] = ()
    idempotency_key: str | None = None
    #: a dispatcher pinned the call to its technicians: plans keep it where it is
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class EventView:
    """One row of the append-only event log, as the hub streams it."""

    seq: int
    type: str
    at: datetime
    payload: dict[str, Any]
