"""What a customer's tracking token shows: their own call's progress, nothing else.

The document carries status steps, the technician's first name, the ETA, the van's position
only while it is en route, and whether the job can be rated. A token whose job ended more
than 24 hours ago is refused (``expired``).
"""

from __future__ import annotations

from typing import Any

from console.api import queries, tracking
from console.db.engine import Database
from console.domain import CallStatus
from console.errors import DispatchError, NotFound

STEPS = ("new", "assigned", "accepted", "en_route", "on_site", "completed")


class TrackingExpired(DispatchError):
    code = "expired"


def track(db: Database, call_id: int) -> dict[str, Any]:
    with db.reading() as session:
        call = queries.load(session, call_id)
        if call is None:
            raise NotFound("this tracking link does not open any call")
        now = db.now()
        ended = call.completed_at or call.cancelled_at or call.failed_at
        if tracking.expired(ended, now):
            raise TrackingExpired("this tracking link has expired (24 hours after the job)")
        doc = queries.public_call(call, now)
        tech = queries.technician(call)
        van = None
        if call.status == CallStatus.EN_ROUTE.value and tech is not None \
                and tech.last_lat is not None and tech.last_lon is not None:
            van = {"lat": tech.last_lat, "lon": tech.last_lon,
                   "at": tech.last_fix_at.isoformat() if tech.last_fix_at else None}
        return {
            "call_id": call.id,
            "status": call.status,
            "category": call.category,
            "address": call.address,
            "lat": call.lat,
            "lon": call.lon,
            "created_at": doc["created_at"],
            "steps": [{"step": s, "at": doc["step_times"].get("created" if s == "new" else s)}
                      for s in STEPS],
            "technician_first_name": doc["technician_first_name"],
            "eta": doc["eta"],
            "van": van,
            "can_rate": call.status == CallStatus.COMPLETED.value and call.rating is None,
            "rating": call.rating,
            "feedback": call.feedback,
        }
