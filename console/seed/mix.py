"""The shape of demand for an emergency home-service center: when calls come, what they are
about, how urgent, through which channel, and what the work costs.

Weights are relative. The hourly curve has the evening peak (people home from work find the
leak) and a long night tail, with a quieter morning: 20:00-02:00 is busier than 08:00-12:00.
"""

from __future__ import annotations

import random

from console.domain import CATEGORY_SKILLS, Channel, Priority

#: Local hour of day -> relative call volume.
HOURLY_WEIGHTS: tuple[float, ...] = (
    6.5, 5.0, 3.5, 2.2, 1.6, 1.5, 2.0, 2.8,  # 00-07
    3.2, 3.4, 3.4, 3.5, 3.6, 3.5, 3.5, 3.7,  # 08-15
    4.2, 5.0, 6.2, 7.6, 8.8, 9.0, 8.6, 7.8,  # 16-23
)
#: Monday..Sunday relative volume (weekend nights are busier).
WEEKDAY_WEIGHTS: tuple[float, ...] = (1.0, 0.95, 0.95, 1.0, 1.1, 1.2, 1.15)

#: Calls per technician per day at normal staffing (200 technicians -> ~400 calls a day).
CALLS_PER_TECH_DAY = 2.0

CATEGORY_WEIGHTS: dict[str, float] = {
    "lockout": 17.0,
    "leak": 16.0,
    "burst_pipe": 14.0,
    "blocked_drain": 10.0,
    "power_outage": 8.0,
    "electrical_fault": 7.0,
    "broken_lock": 6.0,
    "no_heating": 6.0,
    "appliance_repair": 6.0,
    "boiler_failure": 4.0,
    "broken_window": 3.0,
    "pests": 2.0,
}
assert set(CATEGORY_WEIGHTS) == set(CATEGORY_SKILLS), "every category needs a weight"
CATEGORIES: tuple[str, ...] = tuple(sorted(CATEGORY_WEIGHTS))

#: Share of emergency / urgent / normal per category.
PRIORITY_MIX: dict[str, tuple[float, float, float]] = {
    "burst_pipe": (0.7, 0.25, 0.05),
    "lockout": (0.35, 0.55, 0.10),
    "power_outage": (0.5, 0.4, 0.1),
    "electrical_fault": (0.4, 0.4, 0.2),
    "boiler_failure": (0.3, 0.5, 0.2),
    "no_heating": (0.15, 0.55, 0.3),
    "leak": (0.2, 0.5, 0.3),
    "broken_window": (0.2, 0.5, 0.3),
}
_DEFAULT_PRIORITY_MIX = (0.05, 0.35, 0.6)
PRIORITIES = (Priority.EMERGENCY, Priority.URGENT, Priority.NORMAL)

CHANNEL_WEIGHTS: dict[Channel, float] = {
    Channel.PHONE: 0.42,
    Channel.APP: 0.22,
    Channel.MINI_PROGRAM: 0.20,
    Channel.WEB: 0.07,
    Channel.PARTNER_API: 0.09,
}
CHANNELS: tuple[Channel, ...] = tuple(CHANNEL_WEIGHTS)
#: Commission the intake platform takes, as a share of the price charged.
PLATFORM_FEE_RATE: dict[Channel, float] = {
    Channel.APP: 0.03,
    Channel.MINI_PROGRAM: 0.06,
    Channel.PARTNER_API: 0.12,
}

#: Category -> (base price in yuan, typical labor minutes).
WORK: dict[str, tuple[int, int]] = {
    "burst_pipe": (320, 75),
    "blocked_drain": (180, 50),
    "leak": (220, 55),
    "lockout": (150, 25),
    "broken_lock": (240, 40),
    "power_outage": (200, 45),
    "electrical_fault": (260, 60),
    "no_heating": (280, 70),
    "boiler_failure": (450, 110),
    "appliance_repair": (260, 65),
    "broken_window": (380, 60),
    "pests": (300, 80),
}
NIGHT_SURCHARGE = 1.3  # 22:00-06:00 local
TRAVEL_YUAN_PER_KM = 2.4
LABOR_YUAN_PER_HOUR = 90.0


def pick_category(rng: random.Random) -> str:
    return rng.choices(CATEGORIES, weights=[CATEGORY_WEIGHTS[c] for c in CATEGORIES])[0]


def pick_priority(rng: random.Random, category: str) -> Priority:
    weights = PRIORITY_MIX.get(category, _DEFAULT_PRIORITY_MIX)
    return rng.choices(PRIORITIES, weights=weights)[0]


def pick_channel(rng: random.Random) -> Channel:
    return rng.choices(CHANNELS, weights=[CHANNEL_WEIGHTS[c] for c in CHANNELS])[0]


def quote_cents(rng: random.Random, category: str, local_hour: int) -> int:
    base = WORK[category][0] * rng.uniform(0.85, 1.25)
    if local_hour >= 22 or local_hour < 6:
        base *= NIGHT_SURCHARGE
    return round(base) * 100


def labor_minutes(rng: random.Random, category: str) -> int:
    typical = WORK[category][1]
    return max(10, int(rng.lognormvariate(0, 0.35) * typical))


def usual_priority(category: str | None) -> Priority:
    """The priority a call of this category most often has (burst pipe -> emergency): the
    call form's default until the call-taker chooses otherwise."""
    weights = PRIORITY_MIX.get(str(category), _DEFAULT_PRIORITY_MIX)
    return max(zip(weights, PRIORITIES, strict=True), key=lambda pair: pair[0])[1]
