"""How a night went, measured from the database the same way for the trainee's night, the
engine's shadow night and a headless run: response time (call to on site), SLA compliance,
outcomes and kilometres driven."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import Call, Event
from console.sim.fleet import Trip


@dataclass(frozen=True, slots=True)
class NightSummary:
    calls: int
    completed: int
    cancelled: int
    failed: int
    open: int
    mean_response_min: float | None
    p90_response_min: float | None
    sla_met: int
    sla_decided: int
    travel_km: float
    trips: int
    events: int

    @property
    def sla_compliance(self) -> float | None:
        return self.sla_met / self.sla_decided if self.sla_decided else None


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (``q`` in 0..1)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summarize(
    db: Database,
    trips: Iterable[Trip] = (),
    *,
    until: datetime | None = None,
    since: datetime | None = None,
) -> NightSummary:
    """The night so far: calls created up to ``until`` (default: all), judged as of then;
    with ``since``, only calls created (trips started, events written) after it: a demo's
    score leaves out the warm-up the engine dispatched before the trainee took over.

    A call's SLA is decided once the technician is on site, or once the deadline has passed
    without them; cancelled calls are left out.
    """
    with db.reading() as session:
        rows = session.execute(
            select(
                Call.status,
                Call.created_at,
                Call.on_site_at,
                Call.sla_deadline,
                Call.completed_at,
                Call.cancelled_at,
                Call.failed_at,
            )
        ).all()
        last = select(func.max(Event.seq))
        if until is not None:
            last = last.where(Event.at <= until)
        events = int(session.execute(last).scalar() or 0)
        if since is not None:
            before = select(func.max(Event.seq)).where(Event.at <= since)
            events -= int(session.execute(before).scalar() or 0)
    end = until

    def seen(t: datetime | None) -> bool:
        return t is not None and (end is None or t <= end)

    counts = {"completed": 0, "cancelled": 0, "failed": 0}
    responses: list[float] = []
    met = decided = total = 0
    for _status, created, on_site, deadline, completed, cancelled, failed in rows:
        if (end is not None and created > end) or (since is not None and created <= since):
            continue
        total += 1
        for name, at in (("completed", completed), ("cancelled", cancelled), ("failed", failed)):
            if seen(at):
                counts[name] += 1
        if seen(cancelled) and not seen(on_site):
            continue
        if on_site is not None and seen(on_site):
            responses.append((on_site - created).total_seconds() / 60)
            decided += 1
            met += on_site <= deadline
        elif end is not None and deadline < end:
            decided += 1
    km = [
        t.km
        for t in trips
        if (until is None or t.started <= until) and (since is None or t.started > since)
    ]
    mean = sum(responses) / len(responses) if responses else None
    return NightSummary(
        calls=total,
        completed=counts["completed"],
        cancelled=counts["cancelled"],
        failed=counts["failed"],
        open=total - sum(counts.values()),
        mean_response_min=None if mean is None else round(mean, 1),
        p90_response_min=percentile([round(r, 1) for r in responses], 0.9),
        sla_met=met,
        sla_decided=decided,
        travel_km=round(sum(km), 1),
        trips=len(km),
        events=events,
    )


def format_summary(s: NightSummary) -> str:
    def minutes(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.1f} min"

    sla = "n/a" if s.sla_compliance is None else f"{s.sla_compliance:.1%}"
    return "\n".join(
        [
            f"calls {s.calls}: completed {s.completed}, cancelled {s.cancelled}, "
            f"failed {s.failed}, still open {s.open}",
            f"response (call to on site): mean {minutes(s.mean_response_min)}, "
            f"p90 {minutes(s.p90_response_min)}",
            f"SLA met: {sla} ({s.sla_met} of {s.sla_decided} decided)",
            f"travel: {s.travel_km:.1f} km over {s.trips} trips",
            f"events: {s.events}",
        ]
    )
