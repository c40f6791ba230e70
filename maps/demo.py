"""Deterministic demo technicians and calls around the demo city (bench, screenshots, tests)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from console.domain import (
    CallStatus,
    CallView,
    Channel,
    Position,
    Priority,
    TechnicianView,
    TechStatus,
)
from maps import basemap

_CATEGORIES = ("burst_pipe", "lockout", "power_outage", "no_heating", "leak", "broken_window")
_FAMILY = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu")
_GIVEN = ("Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Qiang", "Ling")
_NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def random_point(rng: random.Random) -> tuple[float, float]:
    """A point inside one of the districts (rejection sampling in the bounding box)."""
    (s, w), (n, e) = basemap.bounds()
    while True:
        lat, lon = rng.uniform(s, n), rng.uniform(w, e)
        if basemap.district_at(lat, lon) is not None:
            return lat, lon


def technician(
    tech_id: int, lat: float, lon: float, status: TechStatus, heading: float | None = None
) -> TechnicianView:
    name = f"{_FAMILY[tech_id % 10]} {_GIVEN[(tech_id // 10) % 10]}"
    return TechnicianView(
        id=tech_id,
        name=name,
        phone=f"+86 139 {tech_id:08d}",
        skills=("plumbing",),
        status=status,
        home_base="Huangpu",
        home_lat=lat,
        home_lon=lon,
        position=Position(lat=lat, lon=lon, heading_deg=heading),
        version=1,
    )


def call(
    call_id: int,
    lat: float,
    lon: float,
    priority: Priority,
    technician_ids: tuple[int, ...] = (),
    status: CallStatus = CallStatus.NEW,
) -> CallView:
    district = basemap.district_at(lat, lon) or ""
    return CallView(
        id=call_id,
        customer_id=call_id,
        customer_name=f"Customer {call_id}",
        phone="",
        address=f"{call_id} Demo Road",
        district=district,
        lat=lat,
        lon=lon,
        category=_CATEGORIES[call_id % len(_CATEGORIES)],
        required_skills=(),
        priority=priority,
        channel=Channel.PHONE,
        status=status,
        created_at=_NOW,
        sla_deadline=_NOW + timedelta(minutes=90),
        crew_size=1,
        version=1,
        technician_ids=technician_ids,
    )


def night(
    n_techs: int, n_calls: int, seed: int = 7
) -> tuple[list[TechnicianView], list[tuple[CallView, bool]]]:
    """A plausible night: technicians in every status, calls of every priority, about a
    third assigned, a few at SLA risk. Returns techs and (call, sla_at_risk) pairs."""
    rng = random.Random(seed)
    statuses = list(TechStatus)
    weights = [1, 5, 3, 3, 1]
    techs = [
        technician(
            i + 1,
            *random_point(rng),
            rng.choices(statuses, weights)[0],
            rng.uniform(0, 360) if rng.random() < 0.5 else None,
        )
        for i in range(n_techs)
    ]
    calls = []
    for j in range(n_calls):
        priority = rng.choices(list(Priority), [1, 3, 6])[0]
        lat, lon = random_point(rng)
        assigned: tuple[int, ...] = ()
        if techs and rng.random() < 0.35:
            assigned = (_nearby(techs, lat, lon, rng).id,)
        status = CallStatus.ASSIGNED if assigned else CallStatus.NEW
        at_risk = rng.random() < 0.06
        calls.append((call(10_000 + j, lat, lon, priority, assigned, status), at_risk))
    return techs, calls


def _nearby(
    techs: list[TechnicianView], lat: float, lon: float, rng: random.Random
) -> TechnicianView:
    """The closest of a few random technicians: assignments look like real dispatching."""
    sample = rng.sample(techs, min(25, len(techs)))
    return min(sample, key=lambda t: (t.home_lat - lat) ** 2 + (t.home_lon - lon) ** 2)
