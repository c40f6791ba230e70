"""Events for history that has none: ``seed-demo`` writes calls with their whole lifecycle
(step times, assignment rows) but no events, because live clients never needed them. A
replay rebuilds them from the rows: each step time becomes the event the hub would have
sent (the call as it stood then), and technicians' statuses follow their shifts and jobs.

Such events carry ``reconstructed: true`` and no seq; notes, costs and ratings of seeded
calls are not replayed as separate events (the call shows them once it is finished).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.domain import AssignmentView, CallStatus, CallView, TechnicianView, TechStatus
from console.replay.recorded import Recorded
from console.shifts import current_shift_end, shift_bounds
from console.wire import call_to_wire, technician_to_wire

_STEP_STATUS = {
    "created": CallStatus.NEW, "assigned": CallStatus.ASSIGNED,
    "accepted": CallStatus.ACCEPTED, "en_route": CallStatus.EN_ROUTE,
    "on_site": CallStatus.ON_SITE, "completed": CallStatus.COMPLETED,
    "cancelled": CallStatus.CANCELLED, "failed": CallStatus.FAILED,
}
_ORDER = list(_STEP_STATUS)
_STEP_EVENT = {"accepted": "call.status", "en_route": "call.status", "on_site": "call.status",
               "completed": "call.completed", "cancelled": "call.cancelled",
               "failed": "call.failed"}


def _active(a: AssignmentView, t: datetime) -> bool:
    return a.assigned_at <= t and (a.ended_at is None or a.ended_at > t)


def assignments_at(rows: Iterable[AssignmentView], t: datetime) -> list[AssignmentView]:
    """The assignments as a console would have held them at ``t`` (ended ones dropped)."""
    return [replace(a, active=True, ended_at=None, end_reason=None)
            for a in rows if _active(a, t)]


def call_at(call: CallView, rows: list[AssignmentView], t: datetime) -> CallView:
    """``call`` (as it stands now) as it stood at ``t``."""
    steps = {k: v for k, v in call.step_times.items() if v <= t}
    last = max(steps, key=lambda k: (steps[k], _ORDER.index(k)), default="created")
    done = last in ("completed", "failed")
    return replace(
        call, status=_STEP_STATUS[last], step_times=steps, version=len(steps),
        technician_ids=tuple(a.technician_id for a in rows if _active(a, t)),
        price_charged=call.price_charged if done else None,
        rating=call.rating if done else None, feedback=call.feedback if done else None)


def _actor(label: str) -> dict[str, object]:
    """``"user:2 Ann"`` (an audit label) back into the wire's actor shape."""
    who, _, name = label.partition(" ")
    kind, _, ident = who.partition(":")
    return {"kind": kind, "id": int(ident) if ident.isdigit() else None, "name": name}


def call_events(call: CallView, rows: list[AssignmentView], since: datetime,
                until: datetime) -> list[Recorded]:
    """The events ``call`` would have produced in ``since``..``until``."""
    moments: list[tuple[datetime, int, str, dict[str, object]]] = []
    system = {"kind": "system", "id": None, "name": "history"}
    if "created" in call.step_times or call.created_at:
        moments.append((call.created_at, 0, "call.created", {"actor": system}))
    for a in rows:
        replaced = next((b for b in rows if b.id != a.id and b.end_reason == "reassigned"
                         and b.ended_at == a.assigned_at), None)
        extra: dict[str, object] = {"assignment_id": a.id, "technician_id": a.technician_id,
                                    "actor": _actor(a.assigned_by)}
        if replaced is not None:
            extra["from_technician_id"] = replaced.technician_id
        moments.append((a.assigned_at, 1, "call.reassigned" if replaced else "call.assigned",
                        extra))
        if a.end_reason == "unassigned" and a.ended_at is not None:
            moments.append((a.ended_at, 2, "call.unassigned", {"actor": system}))
    for step, type_ in _STEP_EVENT.items():
        at = call.step_times.get(step)
        if at is not None:
            moments.append((at, 3 + _ORDER.index(step), type_, {"actor": system}))
    moments.sort(key=lambda m: (m[0], m[1]))
    out = []
    for at, _rank, type_, extra in moments:
        if since <= at < until:
            wire = call_to_wire(call_at(call, rows, at))
            out.append(Recorded(at, type_, {"call": wire, **extra, "reconstructed": True}, None))
    return out


class Jobs:
    """A technician's assignments and their calls, for status at a moment."""

    def __init__(self, final: dict[int, CallView], rows: dict[int, list[AssignmentView]]):
        self.by_tech: dict[int, list[tuple[AssignmentView, CallView]]] = {}
        for cid, alist in rows.items():
            for a in alist:
                self.by_tech.setdefault(a.technician_id, []).append((a, final[cid]))

    def status(self, tech: TechnicianView, t: datetime, tz: str) -> TechStatus:
        for a, call in self.by_tech.get(tech.id, ()):
            if not _active(a, t):
                continue
            steps = call_at(call, [a], t).status
            if steps is CallStatus.ON_SITE:
                return TechStatus.ON_SITE
            if steps is CallStatus.EN_ROUTE:
                return TechStatus.EN_ROUTE
        on_shift = current_shift_end(tech.shifts, t, tz) is not None
        return TechStatus.AVAILABLE if on_shift else TechStatus.OFF_DUTY

    def technician_at(self, tech: TechnicianView, t: datetime, tz: str) -> TechnicianView:
        """A technician with no recorded status events, as they stood at ``t`` (the
        position comes from the track)."""
        return replace(tech, status=self.status(tech, t, tz), position=None)

    def moments(self, tech_id: int) -> list[datetime]:
        out = []
        for a, call in self.by_tech.get(tech_id, ()):
            out += [a.assigned_at, *([a.ended_at] if a.ended_at else [])]
            out += [v for k, v in call.step_times.items() if k != "created"]
        return out


def _shift_moments(tech: TechnicianView, start: datetime, end: datetime,
                   tz: str) -> list[datetime]:
    zone = ZoneInfo(tz)
    out: list[datetime] = []
    day = start - timedelta(days=1)
    while day < end + timedelta(days=1):
        local = day.astimezone(zone)
        for shift in tech.shifts:
            if shift.weekday == local.weekday():
                out.extend(shift_bounds(shift, day, zone))
        day += timedelta(days=1)
    return out


def technician_events(
    techs: dict[int, TechnicianView], final: dict[int, CallView],
    rows: dict[int, list[AssignmentView]], start: datetime, end: datetime, tz: str,
) -> list[Recorded]:
    """``technician.status`` events for technicians with none recorded: shift starts and
    ends, and their jobs' en-route, on-site and finishing times."""
    jobs = Jobs(final, rows)
    out: list[Recorded] = []
    system = {"kind": "system", "id": None, "name": "history"}
    for tech in techs.values():
        status = jobs.status(tech, start, tz)
        moments = sorted({m for m in _shift_moments(tech, start, end, tz) + jobs.moments(tech.id)
                          if start < m < end})
        for m in moments:
            now = jobs.status(tech, m, tz)
            if now is not status:
                status = now
                wire = technician_to_wire(replace(tech, status=now, position=None))
                out.append(Recorded(m, "technician.status",
                                    {"technician": wire, "actor": system,
                                     "reconstructed": True}, None))
    return out
