"""Plain views to and from JSON-ready dicts: the event payloads and the hub's snapshot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _time(value: Any) -> datetime:
    parsed = parse_time(value)
    if parsed is None:
        raise ValueError("missing timestamp")
    return parsed


def call_to_wire(call: CallView) -> dict[str, Any]:
    return {
        "id": call.id,
        "customer_id": call.customer_id,
        "customer_name": call.customer_name,
        "phone": call.phone,
        "address": call.address,
        "district": call.district,
        "lat": call.lat,
        "lon": call.lon,
        "category": call.category,
        "required_skills": list(call.required_skills),
        "priority": str(call.priority),
        "channel": str(call.channel),
        "status": str(call.status),
        "created_at": iso(call.created_at),
        "sla_deadline": iso(call.sla_deadline),
        "crew_size": call.crew_size,
        "version": call.version,
        "notes": call.notes,
        "price_quoted": call.price_quoted,
        "price_charged": call.price_charged,
        "rating": call.rating,
        "feedback": call.feedback,
        "step_times": {k: iso(v) for k, v in call.step_times.items()},
        "technician_ids": list(call.technician_ids),
        "idempotency_key": call.idempotency_key,
        "pinned": call.pinned,
    }


def call_from_wire(d: dict[str, Any]) -> CallView:
    return CallView(
        id=int(d["id"]),
        customer_id=int(d["customer_id"]),
        customer_name=d["customer_name"],
        phone=d["phone"],
        address=d["address"],
        district=d.get("district", ""),
        lat=float(d["lat"]),
        lon=float(d["lon"]),
        category=d["category"],
        required_skills=tuple(d.get("required_skills", ())),
        priority=Priority(d["priority"]),
        channel=Channel(d["channel"]),
        status=CallStatus(d["status"]),
        created_at=_time(d["created_at"]),
        sla_deadline=_time(d["sla_deadline"]),
        crew_size=int(d.get("crew_size", 1)),
        version=int(d["version"]),
        notes=d.get("notes", ""),
        price_quoted=d.get("price_quoted"),
        price_charged=d.get("price_charged"),
        rating=d.get("rating"),
        feedback=d.get("feedback"),
        step_times={k: _time(v) for k, v in d.get("step_times", {}).items() if v},
        technician_ids=tuple(int(t) for t in d.get("technician_ids", ())),
        idempotency_key=d.get("idempotency_key"),
        pinned=bool(d.get("pinned", False)),
    )


def position_to_wire(pos: Position | None) -> dict[str, Any] | None:
    if pos is None:
        return None
    return {
        "lat": pos.lat,
        "lon": pos.lon,
        "at": iso(pos.at),
        "accuracy": pos.accuracy_m,
        "heading": pos.heading_deg,
        "speed": pos.speed_kmh,
    }


def position_from_wire(d: dict[str, Any] | None) -> Position | None:
    if not d:
        return None
    return Position(
        lat=float(d["lat"]),
        lon=float(d["lon"]),
        at=parse_time(d.get("at")),
        accuracy_m=d.get("accuracy"),
        heading_deg=d.get("heading"),
        speed_kmh=d.get("speed"),
    )


def technician_to_wire(t: TechnicianView) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name,
        "phone": t.phone,
        "skills": list(t.skills),
        "status": str(t.status),
        "home_base": t.home_base,
        "home_lat": t.home_lat,
        "home_lon": t.home_lon,
        "position": position_to_wire(t.position),
        "version": t.version,
        "shifts": [{"weekday": s.weekday, "start": s.start, "end": s.end} for s in t.shifts],
    }


def technician_from_wire(d: dict[str, Any]) -> TechnicianView:
    return TechnicianView(
        id=int(d["id"]),
        name=d["name"],
        phone=d.get("phone", ""),
        skills=tuple(d.get("skills", ())),
        status=TechStatus(d["status"]),
        home_base=d.get("home_base", ""),
        home_lat=float(d["home_lat"]),
        home_lon=float(d["home_lon"]),
        position=position_from_wire(d.get("position")),
        version=int(d.get("version", 1)),
        shifts=tuple(
            ShiftWindowView(int(s["weekday"]), s["start"], s["end"]) for s in d.get("shifts", ())
        ),
    )


def assignment_to_wire(a: AssignmentView) -> dict[str, Any]:
    return {
        "id": a.id,
        "call_id": a.call_id,
        "technician_id": a.technician_id,
        "assigned_at": iso(a.assigned_at),
        "assigned_by": a.assigned_by,
        "active": a.active,
        "ended_at": iso(a.ended_at),
        "end_reason": a.end_reason,
        "override_reason": a.override_reason,
    }


def assignment_from_wire(d: dict[str, Any]) -> AssignmentView:
    return AssignmentView(
        id=int(d["id"]),
        call_id=int(d["call_id"]),
        technician_id=int(d["technician_id"]),
        assigned_at=_time(d["assigned_at"]),
        assigned_by=d.get("assigned_by", ""),
        active=bool(d.get("active", True)),
        ended_at=parse_time(d.get("ended_at")),
        end_reason=d.get("end_reason"),
        override_reason=d.get("override_reason"),
    )
