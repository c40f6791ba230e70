"""ORM rows to frozen views, so nothing above the service layer holds a live row."""

from __future__ import annotations

from console.db.models import Assignment, Call, Technician
from console.domain import (
    AssignmentView,
    CallStatus,
    CallView,
    Channel,
    Position,
    Priority,
    ShiftWindowView,
    TechnicianView,
    TechStatus,
)

STEP_COLUMNS = (
    "created_at",
    "assigned_at",
    "accepted_at",
    "en_route_at",
    "on_site_at",
    "completed_at",
    "cancelled_at",
    "failed_at",
)


def cents_to_money(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def is_pinned(call: Call) -> bool:
    """A pin holds while its technicians are exactly the call's (console.services.pins)."""
    now = sorted(a.technician_id for a in call.assignments if a.active)
    return bool(now) and sorted(call.pinned_technicians or ()) == now


def call_view(call: Call) -> CallView:
    steps = {
        col.removesuffix("_at"): getattr(call, col)
        for col in STEP_COLUMNS
        if getattr(call, col) is not None
    }
    return CallView(
        id=call.id,
        customer_id=call.customer_id,
        customer_name=call.customer.name,
        phone=call.customer.phone,
        address=call.address,
        district=call.district,
        lat=call.lat,
        lon=call.lon,
        category=call.category,
        required_skills=tuple(call.required_skills),
        priority=Priority(call.priority),
        channel=Channel(call.channel),
        status=CallStatus(call.status),
        created_at=call.created_at,
        sla_deadline=call.sla_deadline,
        crew_size=call.crew_size,
        version=call.version,
        notes=call.notes,
        price_quoted=cents_to_money(call.price_quoted_cents),
        price_charged=cents_to_money(call.price_charged_cents),
        rating=call.rating,
        feedback=call.feedback,
        step_times=steps,
        technician_ids=tuple(a.technician_id for a in call.assignments if a.active),
        idempotency_key=call.idempotency_key,
        pinned=is_pinned(call),
    )


def technician_view(tech: Technician) -> TechnicianView:
    position = None
    if tech.last_lat is not None and tech.last_lon is not None:
        position = Position(
            lat=tech.last_lat,
            lon=tech.last_lon,
            at=tech.last_fix_at,
            heading_deg=tech.last_heading,
            speed_kmh=tech.last_speed_kmh,
        )
    return TechnicianView(
        id=tech.id,
        name=tech.name,
        phone=tech.phone,
        skills=tuple(tech.skills),
        status=TechStatus(tech.status),
        home_base=tech.home_base,
        home_lat=tech.home_lat,
        home_lon=tech.home_lon,
        position=position,
        version=tech.version,
        shifts=tuple(
            ShiftWindowView(s.weekday, s.start.strftime("%H:%M"), s.end.strftime("%H:%M"))
            for s in tech.shifts
        ),
    )


def assignment_view(a: Assignment) -> AssignmentView:
    return AssignmentView(
        id=a.id,
        call_id=a.call_id,
        technician_id=a.technician_id,
        assigned_at=a.assigned_at,
        assigned_by=a.assigned_by,
        active=a.active,
        ended_at=a.ended_at,
        end_reason=a.end_reason,
        override_reason=a.override_reason,
    )
