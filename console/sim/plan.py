"""The night laid out in advance from the scenario and the seed: who works, which calls come
when, and what each job will turn out to be.

Everything random about a call (customer, category, work time, outcome, cancellation,
rating) is drawn from its own generator seeded by (seed, call number), so the same night
unfolds the same way whoever dispatches it: a trainee's night and the engine's shadow night
have the same calls, and two headless runs are identical.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.domain import CATEGORY_SKILLS, Priority
from console.seed import city, mix, people
from console.sim.scenario import Scenario

#: How long a customer keeps waiting before some cancel (minutes after the call).
CANCEL_AFTER = (8.0, 50.0)


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    phone: str
    address: str
    district: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class CallPlan:
    index: int
    offset: timedelta
    customer: Customer
    category: str
    priority: str
    channel: str
    price_quoted: float
    work_minutes: float
    fails: bool
    failure_reason: str
    cancel_after: timedelta | None
    rating: int | None
    feedback: str | None
    parts: tuple[tuple[str, float], ...]
    notes: str = ""
    crew_size: int = 1

    @property
    def key(self) -> str:
        return f"sim-{self.index:05d}"


@dataclass(frozen=True, slots=True)
class TechPlan:
    index: int
    name: str
    phone: str
    skills: tuple[str, ...]
    home_base: str
    home: tuple[float, float]
    shift_start: timedelta
    shift_end: timedelta
    shift_window: tuple[int, str, str]  # weekday, "HH:MM", "HH:MM"


@dataclass(frozen=True, slots=True)
class NightPlan:
    scenario: Scenario
    seed: int
    start: datetime
    end: datetime
    technicians: tuple[TechPlan, ...]
    calls: tuple[CallPlan, ...]


def build_plan(scenario: Scenario, seed: int, *, start: datetime | None = None) -> NightPlan:
    start = start or scenario.start_at()
    end = start + timedelta(hours=scenario.hours)
    phones: set[str] = set()
    techs = tuple(
        _technician(scenario, seed, i, start, phones) for i in range(scenario.technicians.count)
    )
    offsets = _arrivals(scenario, seed)
    calls = tuple(
        _call(scenario, seed, i, offset, category, start, phones)
        for i, (offset, category) in enumerate(offsets)
    )
    return NightPlan(scenario, seed, start, end, techs, calls)


# --- technicians ---------------------------------------------------------------------


def _technician(
    scenario: Scenario, seed: int, i: int, start: datetime, phones: set[str]
) -> TechPlan:
    rng = random.Random(f"{seed}:tech:{i}")
    mixture = scenario.technicians
    names = list(mixture.skills)
    primary = rng.choices(names, weights=[mixture.skills[n] for n in names])[0]
    skills = [primary]
    if rng.random() < mixture.second_skill_share:
        second = rng.choices(names, weights=[mixture.skills[n] for n in names])[0]
        if second != primary:
            skills.append(second)
    district = city.pick_district(rng)
    home = city.random_point(rng, district)
    spread = mixture.start_spread_minutes
    begin = timedelta(minutes=round(rng.uniform(0, spread) / 5) * 5 if spread else 0)
    length = timedelta(hours=round(rng.uniform(8, 10)))
    zone = ZoneInfo(scenario.timezone)
    local_start = (start + begin).astimezone(zone)
    local_end = (start + begin + length).astimezone(zone)
    return TechPlan(
        index=i,
        name=people.technician_name(rng),
        phone=people.mobile(rng, phones),
        skills=tuple(skills),
        home_base=f"{district.name} depot",
        home=home,
        shift_start=begin,
        shift_end=begin + length,
        shift_window=(
            local_start.weekday(),
            local_start.strftime("%H:%M"),
            local_end.strftime("%H:%M"),
        ),
    )


# --- calls ---------------------------------------------------------------------------


def _arrivals(scenario: Scenario, seed: int) -> list[tuple[timedelta, str | None]]:
    """Call times from the hourly rates (a Poisson process, rate constant within each hour),
    plus the extra calls of each surge; ``None`` category means "draw from the weights"."""
    rng = random.Random(f"{seed}:arrivals")
    total = scenario.hours * 60.0
    first_hour_left = 60.0 - scenario.start.minute
    segments: list[tuple[float, float, float, str | None]] = []
    t, hour = 0.0, scenario.start.hour
    while t < total:
        end = min(total, t + (first_hour_left if t == 0 else 60.0))
        segments.append((t, end, scenario.calls.rate_by_hour.get(hour, 0.0) / 60.0, None))
        t, hour = end, (hour + 1) % 24
    for ev in scenario.events:
        if ev.kind == "surge":
            s = ev.offset.total_seconds() / 60
            e = min(total, s + ev.duration.total_seconds() / 60)
            for a, b, rate, _ in list(segments):
                lo, hi = max(a, s), min(b, e)
                if lo < hi and rate > 0:
                    segments.append((lo, hi, rate * (ev.multiplier - 1), ev.category))
    out: list[tuple[timedelta, str | None]] = []
    for a, b, rate, category in segments:
        pos = a
        while rate > 0:
            pos += rng.expovariate(rate)
            if pos >= b:
                break
            out.append((timedelta(seconds=round(pos * 60)), category))
    for ev in scenario.events:
        if ev.kind == "emergency_call":
            out.append((ev.offset, ev.category or "burst_pipe"))
    out.sort(key=lambda x: (x[0], x[1] or ""))
    return out


def _call(
    scenario: Scenario,
    seed: int,
    i: int,
    offset: timedelta,
    category: str | None,
    start: datetime,
    phones: set[str],
) -> CallPlan:
    rng = random.Random(f"{seed}:call:{i}")
    calls = scenario.calls
    forced = category is not None
    if category is None:
        names = list(calls.categories)
        category = rng.choices(names, weights=[calls.categories[n] for n in names])[0]
    priority = (
        Priority.EMERGENCY.value
        if forced
        else rng.choices(list(calls.priorities), weights=list(calls.priorities.values()))[0]
    )
    channel = rng.choices(list(calls.channels), weights=list(calls.channels.values()))[0]
    local_hour = (start + offset).astimezone(ZoneInfo(scenario.timezone)).hour
    fails = rng.random() < calls.fail_share
    cancel = rng.random() < calls.cancel_share
    rated = rng.random() < calls.rating_share
    rating = _rating(rng) if rated else None
    feedback = None
    if rating is not None and rng.random() < 0.4:
        pool = people.GOOD_FEEDBACK if rating >= 4 else people.BAD_FEEDBACK
        feedback = rng.choice(pool)
    return CallPlan(
        index=i,
        offset=offset,
        customer=new_customer(rng, phones),
        category=category,
        priority=priority,
        channel=channel,
        price_quoted=mix.quote_cents(rng, category, local_hour) / 100,
        work_minutes=float(mix.labor_minutes(rng, category)),
        fails=fails,
        failure_reason=rng.choice(people.FAILURE_REASONS),
        cancel_after=timedelta(minutes=round(rng.uniform(*CANCEL_AFTER))) if cancel else None,
        rating=rating,
        feedback=feedback,
        parts=_parts(rng, category),
        crew_size=_crew_size(scenario, seed, i, category),
    )


def _crew_size(scenario: Scenario, seed: int, i: int, category: str) -> int:
    """Drawn from its own stream, so adding crews to a scenario leaves every other draw of
    its calls (and so the rest of the night) as it was."""
    share, size = scenario.calls.crews.get(category, (0.0, 1))
    return size if random.Random(f"{seed}:crew:{i}").random() < share else 1


def new_customer(rng: random.Random, phones: set[str]) -> Customer:
    """A synthetic Shanghai customer: Chinese or English name, matching address language."""
    name, chinese = people.person_name(rng)
    district = city.pick_district(rng)
    lat, lon = city.random_point(rng, district)
    return Customer(
        name=name,
        phone=people.mobile(rng, phones),
        address=city.address(rng, district, chinese=chinese),
        district=district.name,
        lat=lat,
        lon=lon,
    )


def _rating(rng: random.Random) -> int:
    return rng.choices((5, 4, 3, 2, 1), weights=(55, 25, 10, 6, 4))[0]


def _parts(rng: random.Random, category: str) -> tuple[tuple[str, float], ...]:
    skill = CATEGORY_SKILLS[category][0].value
    choices = people.PARTS.get(skill, ())
    if not choices or rng.random() < 0.45:
        return ()
    name, lo, hi = rng.choice(choices)
    return ((name, rng.randint(lo, hi) / 100),)
