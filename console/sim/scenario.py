"""Scenario files (``resources/scenarios/*.toml``): what kind of night to simulate.

A scenario names the start, the length, the staff, the demand curve and timed injections
(surges, a hub outage, a van breakdown). Files are checked field by field; a bad file is
refused with a :class:`ScenarioError` naming the file, the line and the problem, so a trainer
editing one by hand can fix it without reading code. The format is documented in
``resources/scenarios/README.md``.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date as Date
from datetime import datetime, time, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.domain import CATEGORY_SKILLS, Channel, Priority, Skill
from console.sim.tomlcheck import (
    KeyPath,
    Problem,
    hhmm,
    locate,
    number,
    only,
    string,
    table,
    weights,
)
from console.timezone import CENTER_TZ

EVENT_KINDS = (
    "surge",
    "outage",
    "phone_outage",
    "van_breakdown",
    "emergency_call",
    "customer_cancel",
)


class ScenarioError(ValueError):
    """A scenario that cannot be used: ``file:line: problem``."""

    def __init__(self, file: str, line: int, problem: str) -> None:
        super().__init__(f"{file}:{line}: {problem}")
        self.file = file
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class TechnicianMix:
    count: int
    skills: dict[str, float]
    second_skill_share: float
    start_spread_minutes: int


@dataclass(frozen=True, slots=True)
class CallMix:
    rate_by_hour: dict[int, float]  # local hour -> calls per hour
    categories: dict[str, float]
    priorities: dict[str, float]
    channels: dict[str, float]
    cancel_share: float
    fail_share: float
    rating_share: float
    #: category -> (share of its calls that need a crew, crew size): boiler replacements,
    #: burst mains, heavy doors.
    crews: dict[str, tuple[float, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScenarioEvent:
    kind: str
    offset: timedelta  # from the start of the night
    duration: timedelta
    multiplier: float = 1.0
    category: str | None = None
    phones: int = 0  # phone_outage: how many phones lose their network


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    description: str
    timezone: str
    date: Date | None  # None: "tonight"
    start: time
    hours: float
    technicians: TechnicianMix
    calls: CallMix
    events: tuple[ScenarioEvent, ...]
    source: str

    def start_at(self, today: Date | None = None) -> datetime:
        """The aware start of the night; "tonight" is ``today`` (default: the local date)."""
        zone = ZoneInfo(self.timezone)
        day = self.date or today or datetime.now(zone).date()
        return datetime.combine(day, self.start, zone)

    def with_hours(self, hours: float) -> Scenario:
        if not 0 < hours <= 24:
            raise ValueError(f"hours must be more than 0 and at most 24, got {hours}")
        return replace(self, hours=hours)


# --- loading -------------------------------------------------------------------------


def available() -> list[str]:
    """Names of the scenarios shipped with the application."""
    root = files("resources.scenarios")
    return sorted(p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml"))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A shipped scenario by name, or a ``.toml`` file by path."""
    text_path = str(name_or_path)
    if isinstance(name_or_path, Path) or text_path.endswith(".toml") or "/" in text_path:
        path = Path(name_or_path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ScenarioError(str(path), 0, f"cannot read the file: {exc.strerror}") from None
        return parse_scenario(text, str(path))
    resource = files("resources.scenarios") / f"{text_path}.toml"
    if not resource.is_file():
        known = ", ".join(available())
        raise ScenarioError(
            f"{text_path}.toml", 0, f"no scenario named {text_path!r}; shipped scenarios: {known}"
        )
    return parse_scenario(resource.read_text(encoding="utf-8"), f"scenarios/{text_path}.toml")


def parse_scenario(text: str, source: str) -> Scenario:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        msg = getattr(exc, "msg", None) or re.sub(r"\s*\(at line .*\)$", "", str(exc))
        raise ScenarioError(source, line, f"not valid TOML: {msg}") from None
    try:
        return _build(data, source)
    except Problem as problem:
        raise ScenarioError(source, locate(text, problem.path), problem.message) from None


def _line_from_message(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


# --- schema --------------------------------------------------------------------------

_TOP = {
    "name",
    "description",
    "timezone",
    "date",
    "start",
    "hours",
    "technicians",
    "calls",
    "events",
}
_TECH = {"count", "skills", "second_skill_share", "start_spread_minutes"}
_CALLS = {
    "rate_by_hour",
    "categories",
    "priorities",
    "channels",
    "cancel_share",
    "fail_share",
    "rating_share",
    "crews",
}
_EVENT = {"kind", "at", "duration_minutes", "multiplier", "category", "phones"}


def _build(data: dict[str, Any], source: str) -> Scenario:
    only(data, _TOP, ())
    tz = string(data, "timezone", (), default=CENTER_TZ)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise Problem(("timezone",), f"unknown time zone {tz!r}") from None
    start = hhmm(data, "start", ())
    hours = number(data, "hours", (), lo=0.25, hi=24)
    return Scenario(
        name=string(data, "name", ()),
        description=string(data, "description", (), default=""),
        timezone=tz,
        date=_date(data),
        start=start,
        hours=hours,
        technicians=_technicians(table(data, "technicians", ())),
        calls=_calls(table(data, "calls", ()), start, hours),
        events=tuple(_events(data, start, hours)),
        source=source,
    )


def _technicians(t: dict[str, Any]) -> TechnicianMix:
    p = ("technicians",)
    only(t, _TECH, p)
    return TechnicianMix(
        count=int(number(t, "count", p, lo=1, hi=5000, whole=True)),
        skills=weights(t, "skills", p, [s.value for s in Skill]),
        second_skill_share=number(t, "second_skill_share", p, lo=0, hi=1, default=0.25),
        start_spread_minutes=int(
            number(t, "start_spread_minutes", p, lo=0, hi=600, whole=True, default=60)
        ),
    )


def _calls(c: dict[str, Any], start: time, hours: float) -> CallMix:
    p = ("calls",)
    only(c, _CALLS, p)
    rates_raw = table(c, "rate_by_hour", p)
    rates: dict[int, float] = {}
    for key, _value in rates_raw.items():
        kp = (*p, "rate_by_hour", key)
        if not re.fullmatch(r"\d{1,2}", key) or int(key) > 23:
            raise Problem(kp, f"rate_by_hour key {key!r} is not an hour 0..23")
        rates[int(key)] = number(rates_raw, key, (*p, "rate_by_hour"), lo=0, hi=100_000)
    for h in range(math.ceil(hours)):
        hour = (start.hour + h) % 24
        if hour not in rates:
            raise Problem(
                (*p, "rate_by_hour"),
                f"rate_by_hour has no rate for hour {hour:02d}, which the night "
                f"covers ({start.strftime('%H:%M')} for {hours:g} h)",
            )
    return CallMix(
        rate_by_hour=rates,
        categories=weights(c, "categories", p, list(CATEGORY_SKILLS)),
        priorities=weights(c, "priorities", p, [x.value for x in Priority]),
        channels=weights(c, "channels", p, [x.value for x in Channel]),
        cancel_share=number(c, "cancel_share", p, lo=0, hi=0.9, default=0.04),
        fail_share=number(c, "fail_share", p, lo=0, hi=0.9, default=0.06),
        rating_share=number(c, "rating_share", p, lo=0, hi=1, default=0.6),
        crews=_crews(c.get("crews", {}), p),
    )


def _crews(raw: object, p: KeyPath) -> dict[str, tuple[float, int]]:
    """``[calls.crews]``: ``category = { share = 0.3, size = 2 }``."""
    if not isinstance(raw, dict):
        raise Problem((*p, "crews"), "crews must be a table of category = { share, size }")
    out: dict[str, tuple[float, int]] = {}
    for category, spec in raw.items():
        kp: KeyPath = (*p, "crews", category)
        if category not in CATEGORY_SKILLS:
            raise Problem(kp, f"category {category!r} is not one of: {', '.join(CATEGORY_SKILLS)}")
        if not isinstance(spec, dict):
            raise Problem(kp, "each crew entry is a table { share = 0..1, size = 2..4 }")
        only(spec, {"share", "size"}, kp)
        out[category] = (
            number(spec, "share", kp, lo=0, hi=1),
            int(number(spec, "size", kp, lo=2, hi=4, whole=True)),
        )
    return out


def _events(data: dict[str, Any], start: time, hours: float) -> list[ScenarioEvent]:
    raw = data.get("events", [])
    if not isinstance(raw, list):
        raise Problem(("events",), "events must be a list of [[events]] tables")
    out = []
    for i, ev in enumerate(raw):
        p: KeyPath = ("events", i)
        if not isinstance(ev, dict):
            raise Problem(p, "each event must be a table")
        only(ev, _EVENT, p)
        kind = string(ev, "kind", p)
        if kind not in EVENT_KINDS:
            raise Problem(
                (*p, "kind"), f"event kind {kind!r} is not one of: {', '.join(EVENT_KINDS)}"
            )
        at = hhmm(ev, "at", p)
        offset = _offset(start, at)
        if offset >= timedelta(hours=hours):
            raise Problem(
                (*p, "at"),
                f"event at {at.strftime('%H:%M')} is after the night "
                f"ends ({start.strftime('%H:%M')} + {hours:g} h)",
            )
        category = ev.get("category")
        if category is not None and category not in CATEGORY_SKILLS:
            raise Problem(
                (*p, "category"),
                f"category {category!r} is not one of: {', '.join(CATEGORY_SKILLS)}",
            )
        out.append(
            ScenarioEvent(
                kind=kind,
                offset=offset,
                duration=timedelta(
                    minutes=number(ev, "duration_minutes", p, lo=0, hi=24 * 60, default=0)
                ),
                multiplier=number(ev, "multiplier", p, lo=1, hi=50, default=1.0),
                category=category,
                phones=int(number(ev, "phones", p, lo=1, hi=5000, whole=True, default=3)),
            )
        )
    return sorted(out, key=lambda e: e.offset)


def _offset(start: time, at: time) -> timedelta:
    """Clock time ``at`` as an offset into a night starting at ``start`` (past midnight)."""
    minutes = (at.hour * 60 + at.minute) - (start.hour * 60 + start.minute)
    return timedelta(minutes=minutes % (24 * 60))


def _date(data: dict[str, Any]) -> Date | None:
    value = data.get("date", "tonight")
    if isinstance(value, Date) and not isinstance(value, datetime):
        return value
    if value == "tonight":
        return None
    if isinstance(value, str):
        try:
            return Date.fromisoformat(value)
        except ValueError:
            pass
    raise Problem(("date",), f'date must be "tonight" or YYYY-MM-DD, got {value!r}')
