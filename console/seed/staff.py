"""Who works at the demo center: technicians with skills, home bases and weekly shifts (most
of them overnight, crossing midnight), console users, and the intake channels.

Rows are plain dicts with explicit ids so the writer can bulk insert them and link foreign
keys without a round trip per row.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time

from console.domain import Channel, Role, Skill
from console.seed import city, people
from console.services.accounts import hash_token, new_token
from console.services.passwords import hash_password

#: Primary skill shares, roughly matching what the calls need.
SKILL_WEIGHTS: dict[Skill, float] = {
    Skill.PLUMBING: 40, Skill.LOCKSMITH: 22, Skill.ELECTRICAL: 16, Skill.HEATING: 10,
    Skill.APPLIANCE: 7, Skill.GLAZING: 3, Skill.PEST: 2,
}
SKILLS: tuple[Skill, ...] = tuple(SKILL_WEIGHTS)

#: (start, end, share): most shifts are overnight; end <= start crosses midnight.
SHIFT_PATTERNS: tuple[tuple[str, str, float], ...] = (
    ("20:00", "06:00", 0.33),
    ("18:00", "02:00", 0.24),
    ("22:00", "08:00", 0.16),
    ("08:00", "18:00", 0.13),
    ("12:00", "22:00", 0.14),
)

#: Demo console logins; the password equals the username (documented in the README).
DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("admin", "Admin 管理员", Role.ADMIN),
    ("dispatcher", "Night Dispatcher 夜班调度", Role.DISPATCHER),
    ("supervisor", "Supervisor 主管", Role.SUPERVISOR),
    ("trainer", "Trainer 培训师", Role.TRAINER),
)

DEMO_CHANNELS: tuple[tuple[str, Channel], ...] = (
    ("Customer app", Channel.APP),
    ("WeChat mini-program", Channel.MINI_PROGRAM),
    ("Web form", Channel.WEB),
    ("Partner API", Channel.PARTNER_API),
)


def demo_token(seed: int, who: str) -> str:
    """The field-app or channel token of a demo account ('tech:17', 'channel:app'), so the
    simulator can log demo technicians in; derived from the seed, never used in production."""
    return hashlib.sha256(f"ndc-demo:{seed}:{who}".encode()).hexdigest()[:32]


@dataclass(slots=True)
class Tech:
    """What the history generator needs to know about a technician."""

    id: int
    skills: frozenset[str]
    lat: float
    lon: float
    free_at: datetime = datetime(2000, 1, 1, tzinfo=UTC)  # when the current job ends


@dataclass(slots=True)
class Staff:
    technicians: list[dict[str, object]]
    shifts: list[dict[str, object]]
    techs: list[Tech]
    #: (weekday, local hour) -> ids of technicians on shift then.
    on_shift: dict[tuple[int, int], list[int]]


def make_technicians(rng: random.Random, count: int, seed: int, phones: set[str]) -> Staff:
    staff = Staff([], [], [], {(d, h): [] for d in range(7) for h in range(24)})
    shift_id = 0
    for tech_id in range(1, count + 1):
        primary = rng.choices(SKILLS, weights=[SKILL_WEIGHTS[s] for s in SKILLS])[0]
        extra = rng.sample([s for s in SKILLS if s is not primary], k=rng.choice((0, 1, 1, 2)))
        skills = [primary.value, *sorted(s.value for s in extra)]
        district = city.pick_district(rng)
        lat, lon = city.random_point(rng, district)
        zh_street, _en = rng.choice(district.streets)
        staff.technicians.append({
            "id": tech_id, "name": people.technician_name(rng), "phone": people.mobile(rng, phones),
            "skills": skills, "home_base": f"{district.zh}{zh_street} {rng.randint(1, 900)} 号",
            "home_lat": lat, "home_lon": lon, "status": "off_duty", "last_lat": lat,
            "last_lon": lon, "token_hash": hash_token(demo_token(seed, f"tech:{tech_id}")),
            "active": True, "version": 1,
        })
        staff.techs.append(Tech(tech_id, frozenset(skills), lat, lon))
        start, end, _share = rng.choices(SHIFT_PATTERNS, weights=[p[2] for p in SHIFT_PATTERNS])[0]
        days_off = rng.sample(range(7), k=rng.choice((1, 2, 2)))
        for weekday in range(7):
            if weekday in days_off:
                continue
            shift_id += 1
            staff.shifts.append({"id": shift_id, "technician_id": tech_id, "weekday": weekday,
                                 "start": time.fromisoformat(start),
                                 "end": time.fromisoformat(end)})
            for slot in _slots(weekday, int(start[:2]), int(end[:2])):
                staff.on_shift[slot].append(tech_id)
    return staff


def _slots(weekday: int, start: int, end: int) -> list[tuple[int, int]]:
    """The (weekday, hour) slots a shift covers; past midnight they belong to the next day."""
    hours = (end - start) % 24 or 24
    return [((weekday + (start + i) // 24) % 7, (start + i) % 24) for i in range(hours)]


def make_users(rng: random.Random) -> list[dict[str, object]]:
    return [
        {"id": i, "username": name, "display_name": shown, "role": role.value,
         "password_hash": hash_password(name, salt=rng.randbytes(16)), "active": True}
        for i, (name, shown, role) in enumerate(DEMO_USERS, start=1)
    ]


def private_secrets(
    users: list[dict[str, object]],
    technicians: list[dict[str, object]],
    channels: list[dict[str, object]],
) -> dict[str, str]:
    """Replace the well-known demo credentials (password = user name, tokens derived from the
    seed) with random ones, for a database other people can reach. Returns the generated
    passwords by user name, to be shown once; tokens are minted later with ``hub token``."""
    passwords: dict[str, str] = {}
    for user in users:
        password = secrets.token_urlsafe(12)
        user["password_hash"] = hash_password(password)
        passwords[str(user["username"])] = password
    for row in (*technicians, *channels):
        row["token_hash"] = hash_token(new_token())
    return passwords


def make_channels(seed: int) -> list[dict[str, object]]:
    return [
        {"id": i, "name": name, "kind": kind.value,
         "token_hash": hash_token(demo_token(seed, f"channel:{kind.value}")), "active": True}
        for i, (name, kind) in enumerate(DEMO_CHANNELS, start=1)
    ]
