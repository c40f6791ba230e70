"""How a dispatched call ends: the field steps, travel and labor, parts, the price, platform
fees, the rating, or a cancellation on the way and a failed visit.

Costs are written as cost entries exactly as the live services would record them: travel
(quantity km), labor (quantity minutes), parts (one row per part), platform fee.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from console.domain import CallStatus, Channel, CostKind
from console.seed import city, mix, people
from console.seed.rows import Row, Rows

if TYPE_CHECKING:
    from console.seed.staff import Tech


class History(Protocol):
    """What the outcome steps use of console.seed.history.History (which calls them)."""

    rng: random.Random
    rows: Rows

    def local_hour(self, at: datetime) -> int: ...

Crew = list[tuple["Tech", "Row"]]

_RATING_WEIGHTS_ON_TIME = (0.62, 0.26, 0.07, 0.03, 0.02)
_RATING_WEIGHTS_LATE = (0.35, 0.30, 0.17, 0.10, 0.08)
#: A busy technician finishes the job in hand first, but dispatch never waits longer.
_MAX_WAIT = timedelta(hours=2)


def _steps(h: History, call: Row, crew: Crew) -> tuple[datetime, datetime, float]:
    """Accepted and en-route times and the road distance of the (first) technician."""
    rng = h.rng
    start = max(_at(a["assigned_at"]) for _t, a in crew)
    ready = max([start] + [min(t.free_at, start + _MAX_WAIT) for t, _a in crew])
    accepted = ready + timedelta(minutes=rng.uniform(0.5, 3.0))
    en_route = accepted + timedelta(minutes=rng.uniform(1.0, 6.0))
    tech = crew[0][0]
    lat, lon = float(str(call["lat"])), float(str(call["lon"]))
    km = max(0.6, city.distance_km(tech.lat, tech.lon, lat, lon) * rng.uniform(1.2, 1.5))
    call.update(accepted_at=accepted, en_route_at=en_route)
    return accepted, en_route, round(km, 1)


def work(h: History, call: Row, crew: Crew, *, failed: bool) -> None:
    """Drive there, work, and either complete (price, parts, rating) or fail."""
    rng = h.rng
    _accepted, en_route, km = _steps(h, call, crew)
    night = h.local_hour(en_route) >= 22 or h.local_hour(en_route) < 6
    speed = rng.uniform(26, 34) if night else rng.uniform(16, 24)
    on_site = en_route + timedelta(minutes=km / speed * 60 + rng.uniform(1, 4))
    minutes = mix.labor_minutes(rng, str(call["category"]))
    if failed:
        minutes = max(10, minutes // 3)
    done = on_site + timedelta(minutes=minutes)
    call.update(on_site_at=on_site, version=int(str(call["version"])) + 3)
    for tech, _a in crew:
        _cost(h, call, tech, CostKind.TRAVEL, km, round(km * mix.TRAVEL_YUAN_PER_KM * 100), done)
        labor = round(minutes / 60 * mix.LABOR_YUAN_PER_HOUR * 100)
        _cost(h, call, tech, CostKind.LABOR, float(minutes), labor, done)
    status = CallStatus.FAILED if failed else CallStatus.COMPLETED
    _end(h, call, crew, status, done)
    if failed:
        reason = rng.choice(people.FAILURE_REASONS)
        call.update(failed_at=done, failure_reason=reason)
        _note(h, call, crew[0][0], done, reason)
    else:
        _complete(h, call, crew[0][0], done)


def _complete(h: History, call: Row, tech: Tech, done: datetime) -> None:
    rng = h.rng
    parts_total = 0
    if rng.random() < 0.38:
        options = people.PARTS[required_skills(call)[0]]
        k = 2 if len(options) > 1 and rng.random() < 0.25 else 1
        for name, lo, hi in rng.sample(options, k=k):
            cents = rng.randrange(lo, hi, 100)
            parts_total += cents
            _cost(h, call, tech, CostKind.PARTS, 1.0, cents, done, note=name)
    quoted = int(str(call["price_quoted_cents"]))
    charged = round(quoted * rng.uniform(0.95, 1.15) / 100) * 100 + round(parts_total * 1.25)
    call.update(completed_at=done, price_charged_cents=charged)
    fee_rate = mix.PLATFORM_FEE_RATE.get(Channel(str(call["channel"])))
    if fee_rate:
        note = f"{call['channel']} commission {fee_rate:.0%}"
        _cost(h, call, None, CostKind.PLATFORM_FEE, 0.0, round(charged * fee_rate), done,
              note=note)
    _rate(h, call, done)


def _rate(h: History, call: Row, done: datetime) -> None:
    """Most customers rate 4-5; late arrivals pull ratings down; low ones say why."""
    rng = h.rng
    if rng.random() > 0.7:
        return
    late = _at(call["on_site_at"]) > _at(call["sla_deadline"])
    weights = _RATING_WEIGHTS_LATE if late else _RATING_WEIGHTS_ON_TIME
    rating = rng.choices((5, 4, 3, 2, 1), weights=weights)[0]
    feedback = None
    if rating <= 2 or (rating == 3 and rng.random() < 0.5):
        feedback = rng.choice(people.BAD_FEEDBACK)
    elif rating == 5 and rng.random() < 0.15:
        feedback = rng.choice(people.GOOD_FEEDBACK)
    call.update(rating=rating, feedback=feedback, version=int(str(call["version"])) + 1)


def cancel_en_route(h: History, call: Row, crew: Crew) -> None:
    """The customer cancels after dispatch; half the time the van was already moving."""
    rng = h.rng
    accepted, en_route, km = _steps(h, call, crew)
    moving = rng.random() < 0.5
    at = (en_route if moving else accepted) + timedelta(minutes=rng.uniform(2, 12))
    if not moving:
        call["en_route_at"] = None
    call.update(cancelled_at=at, cancel_reason=rng.choice(people.CANCEL_REASONS),
                version=int(str(call["version"])) + (3 if moving else 2))
    if moving:
        part = round(km * rng.uniform(0.2, 0.8), 1)
        for tech, _a in crew:
            _cost(h, call, tech, CostKind.TRAVEL, part,
                  round(part * mix.TRAVEL_YUAN_PER_KM * 100), at, note="cancelled en route")
    _end(h, call, crew, CallStatus.CANCELLED, at, release=not moving)


def _end(h: History, call: Row, crew: Crew, status: CallStatus, at: datetime,
         release: bool = False) -> None:
    call["status"] = status.value
    call["version"] = int(str(call["version"])) + 1
    lat, lon = float(str(call["lat"])), float(str(call["lon"]))
    for tech, assignment in crew:
        assignment.update(active=False, ended_at=at, end_reason=status.value)
        tech.free_at = at
        if not release:
            tech.lat, tech.lon = lat, lon


def _cost(h: History, call: Row, tech: Tech | None, kind: CostKind, quantity: float,
          cents: int, at: datetime, note: str = "") -> None:
    h.rows.cost_entries.append({
        "id": len(h.rows.cost_entries) + 1, "call_id": call["id"],
        "technician_id": tech.id if tech else None, "kind": kind.value,
        "quantity": quantity, "amount_cents": int(cents), "note": note, "created_at": at,
    })


def _note(h: History, call: Row, tech: Tech, at: datetime, text: str) -> None:
    h.rows.call_notes.append({"id": len(h.rows.call_notes) + 1, "call_id": call["id"],
                              "author": f"technician:{tech.id}", "text": text,
                              "created_at": at})


def required_skills(call: Row) -> list[str]:
    skills = call["required_skills"]
    assert isinstance(skills, list)
    return [str(s) for s in skills]


def _at(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value
