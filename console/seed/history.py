"""One week of finished calls, generated in time order as a dispatcher would have lived it.

Each call gets a customer, a category, a technician on shift with the right skill (nearest
free one of a few candidates; busy technicians make later jobs wait), step timestamps,
costs, a price and often a rating. Some are cancelled, some reassigned, some fail and open a
revisit. Everything is drawn from one ``random.Random`` in a fixed order, so the same seed
gives the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from console.domain import CATEGORY_SKILLS, SLA_MINUTES, CallStatus, Channel, Priority
from console.seed import city, mix, outcome, people
from console.seed.rows import Row, Rows
from console.seed.staff import Staff, Tech

_NEVER = datetime.max.replace(tzinfo=UTC)

_DISPATCH_MINUTES = {Priority.EMERGENCY: (1, 6), Priority.URGENT: (2, 14),
                     Priority.NORMAL: (5, 45)}


@dataclass(slots=True)
class History:
    """Generates weeks of calls into ``rows`` for one staff and one dispatcher label."""

    rng: random.Random
    staff: Staff
    tz: tzinfo
    dispatcher: str
    rows: Rows = field(default_factory=Rows)
    until: datetime = _NEVER

    def generate_week(self, week_start: datetime, calls: int, until: datetime) -> None:
        """``calls`` new calls in the local week starting ``week_start`` (revisits come on
        top); a revisit that would be worked after ``until`` is left unopened."""
        self.until = until
        slots = [(d, h) for d in range(7) for h in range(24)]
        weights = [mix.WEEKDAY_WEIGHTS[d] * mix.HOURLY_WEIGHTS[h] for d, h in slots]
        offsets = sorted(
            (d * 86400 + h * 3600 + self.rng.randrange(3600))
            for d, h in self.rng.choices(slots, weights=weights, k=calls)
        )
        for offset in offsets:
            self._call((week_start + timedelta(seconds=offset)).astimezone(UTC))

    # --- one call ------------------------------------------------------------------

    def _call(self, created: datetime, revisit_of: Row | None = None) -> None:
        call = _new_call(len(self.rows.calls) + 1, created)
        if revisit_of is None:
            self._describe(call, self._customer(created))
        else:
            for key in ("customer_id", "address", "district", "lat", "lon", "category",
                        "priority", "channel", "required_skills", "price_quoted_cents",
                        "crew_size"):
                call[key] = revisit_of[key]
            call["revisit_of_id"] = revisit_of["id"]
            call["notes"] = f"Revisit of call {revisit_of['id']}: {revisit_of['failure_reason']}"
        priority = Priority(str(call["priority"]))
        call["sla_deadline"] = created + timedelta(minutes=SLA_MINUTES[priority])
        self.rows.calls.append(call)
        self._live(call, priority, is_revisit=revisit_of is not None)

    def _describe(self, call: Row, customer: Row) -> None:
        """Where, what, how urgent, through which channel, and the quote."""
        rng = self.rng
        category = mix.pick_category(rng)
        priority = mix.pick_priority(rng, category)
        channel = mix.pick_channel(rng)
        hour = self.local_hour(_dt(call["created_at"]))
        call.update(customer_id=customer["id"], address=customer["address"],
                    district=customer["district"], lat=customer["lat"], lon=customer["lon"],
                    category=category, priority=priority.value, channel=channel.value,
                    required_skills=[s.value for s in CATEGORY_SKILLS[category]],
                    price_quoted_cents=mix.quote_cents(rng, category, hour))
        if channel is not Channel.PHONE:
            key = f"{channel.value}-{call['id']:07d}-{rng.getrandbits(40):010x}"
            call["idempotency_key"] = key
        big_job = category in ("burst_pipe", "boiler_failure", "broken_window")
        call["crew_size"] = 2 if big_job and rng.random() < 0.08 else 1

    def _live(self, call: Row, priority: Priority, *, is_revisit: bool) -> None:
        rng = self.rng
        created = _dt(call["created_at"])
        roll = rng.random()
        if roll < 0.03 and not is_revisit:
            call.update(status=CallStatus.CANCELLED.value, version=2,
                        cancelled_at=created + timedelta(minutes=rng.uniform(2, 25)),
                        cancel_reason=rng.choice(people.CANCEL_REASONS))
            return
        lo, hi = _DISPATCH_MINUTES[priority]
        if is_revisit:
            lo, hi = 60, 720  # booked for a convenient time, not dispatched at once
        assigned = created + timedelta(minutes=rng.uniform(lo, hi))
        crew = self._dispatch(call, assigned)
        if roll < 0.06 and not is_revisit:
            self._cancel_en_route(call, crew)
        elif roll < 0.10 and not is_revisit:
            self._work(call, crew, failed=True)
        else:
            self._work(call, crew, failed=False)

    def _dispatch(self, call: Row, at: datetime) -> list[tuple[Tech, Row]]:
        """Assign the crew (sometimes moving the first technician to another one)."""
        call.update(assigned_at=at, version=2)
        crew: list[tuple[Tech, Row]] = []
        for _ in range(int(str(call["crew_size"]))):
            tech, override = self._pick(call, at, exclude={t.id for t, _a in crew})
            crew.append((tech, self._assignment(call, tech, at, override)))
        if self.rng.random() < 0.06:
            moved_at = at + timedelta(minutes=self.rng.uniform(3, 15))
            old_tech, old = crew[0]
            tech, override = self._pick(call, moved_at, exclude={t.id for t, _a in crew})
            old.update(active=False, ended_at=moved_at, end_reason="reassigned")
            old_tech.free_at = min(old_tech.free_at, moved_at)
            crew[0] = (tech, self._assignment(call, tech, moved_at, override))
            call["version"] = int(str(call["version"])) + 1
        return crew

    def _pick(self, call: Row, at: datetime, exclude: set[int]) -> tuple[Tech, str | None]:
        """The nearest free skilled technician among a few on shift (or the least bad)."""
        local = at.astimezone(self.tz)
        needed = set(outcome.required_skills(call))
        techs = self.staff.techs
        on_shift = [techs[i - 1] for i in self.staff.on_shift[(local.weekday(), local.hour)]]
        skilled = [t for t in on_shift if needed <= t.skills and t.id not in exclude]
        override = None
        if not skilled:
            skilled = [t for t in techs if needed <= t.skills and t.id not in exclude]
            override = "no skilled technician on shift; called in an off-duty technician"
        if not skilled:
            skilled = [t for t in techs if t.id not in exclude]
            override = "nobody has the skill; sent the most experienced technician"
        free = [t for t in skilled if t.free_at <= at] or sorted(skilled, key=_free_at)[:3]
        sample = self.rng.sample(free, k=min(6, len(free)))
        lat, lon = float(str(call["lat"])), float(str(call["lon"]))
        best = min(sample, key=lambda t: (city.distance_km(t.lat, t.lon, lat, lon), t.id))
        return best, override

    def _assignment(self, call: Row, tech: Tech, at: datetime, override: str | None) -> Row:
        row: Row = {"id": len(self.rows.assignments) + 1, "call_id": call["id"],
                    "technician_id": tech.id, "assigned_by": self.dispatcher, "assigned_at": at,
                    "active": True, "ended_at": None, "end_reason": None,
                    "override_reason": override}
        self.rows.assignments.append(row)
        return row

    def local_hour(self, at: datetime) -> int:
        return at.astimezone(self.tz).hour

    def _customer(self, at: datetime) -> Row:
        """A new customer, or (one call in six) someone who has called before."""
        rows = self.rows
        if rows.customers and self.rng.random() < 0.16:
            return rows.customers[self.rng.randrange(len(rows.customers))]
        name, chinese = people.person_name(self.rng)
        district = city.pick_district(self.rng)
        lat, lon = city.random_point(self.rng, district)
        customer: Row = {"id": len(rows.customers) + 1, "name": name,
                         "phone": people.mobile(self.rng, rows.phones),
                         "address": city.address(self.rng, district, chinese=chinese),
                         "district": district.name, "lat": lat, "lon": lon, "created_at": at}
        rows.customers.append(customer)
        return customer

    def _cancel_en_route(self, call: Row, crew: list[tuple[Tech, Row]]) -> None:
        outcome.cancel_en_route(self, call, crew)

    def _work(self, call: Row, crew: list[tuple[Tech, Row]], *, failed: bool) -> None:
        outcome.work(self, call, crew, failed=failed)
        if failed:
            revisit_at = _dt(call["failed_at"])
            if revisit_at + timedelta(hours=14) < self.until:
                self._call(revisit_at, revisit_of=call)


def _new_call(call_id: int, created: datetime) -> Row:
    """A call row with every column present (bulk inserts want one key set)."""
    row: Row = {"id": call_id, "created_at": created, "status": CallStatus.NEW.value,
                "notes": "", "idempotency_key": None, "revisit_of_id": None, "version": 1}
    for key in ("assigned_at", "accepted_at", "en_route_at", "on_site_at", "completed_at",
                "cancelled_at", "failed_at", "cancel_reason", "failure_reason",
                "price_charged_cents", "rating", "feedback"):
        row[key] = None
    return row


def _dt(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value


def _free_at(tech: Tech) -> tuple[datetime, int]:
    return tech.free_at, tech.id
