"""Dispatch policies: which mode (manual / suggest / auto) applies to a call, by local time
window and category. Changed by an admin, audited like every write; read by the hub's
auto-dispatcher and the console's status bar."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import DispatchPolicy
from console.domain import CATEGORY_SKILLS
from console.errors import Forbidden, InvalidInput, NotFound
from console.services.actors import Actor
from console.services.journal import Journal

MODES = ("manual", "suggest", "auto")
#: Who auto-dispatch acts as: its assignments and audit rows carry this label.
AUTO_ACTOR = Actor("system", None, "auto-dispatch")


@dataclass(frozen=True, slots=True)
class PolicyView:
    id: int
    category: str | None
    start: str  # local "HH:MM"
    end: str
    mode: str
    hold_seconds: int

    def covers(self, local: time) -> bool:
        s, e = time.fromisoformat(self.start), time.fromisoformat(self.end)
        if s == e:
            return True  # the whole day
        return s <= local < e if s < e else (local >= s or local < e)


@dataclass(frozen=True, slots=True)
class CategoryMode:
    """A category whose own policy differs from the center's now (for the status bar)."""

    category: str
    mode: str
    until: datetime | None


@dataclass(frozen=True, slots=True)
class ActiveMode:
    mode: str
    hold_seconds: int
    until: datetime | None  # when this window ends (local time), None: no policy applies
    policy_id: int | None
    #: Only for the whole center (category None): the categories that differ now, so the
    #: status bar does not say "off" while plumbing calls are being assigned automatically.
    categories: tuple[CategoryMode, ...] = ()


def _view(row: DispatchPolicy) -> PolicyView:
    return PolicyView(
        row.id, row.category, f"{row.start:%H:%M}", f"{row.end:%H:%M}", row.mode, row.hold_seconds
    )


def _hhmm(name: str, value: str) -> time:
    try:
        parsed = time.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"{name} must be a local time HH:MM, not {value!r}", field=name
        ) from None
    if len(value) != 5:
        raise InvalidInput(f"{name} must be a local time HH:MM, not {value!r}", field=name)
    return parsed


def set_policy(
    db: Database,
    *,
    actor: Actor,
    mode: str,
    start: str,
    end: str,
    category: str | None = None,
    hold_seconds: int = 60,
) -> PolicyView:
    """Add a policy window (admins only); the audit trail keeps who and what."""
    if actor.kind == "user" and actor.role != "admin":
        raise Forbidden("only an admin may change dispatch policies", role=actor.role)
    if mode not in MODES:
        raise InvalidInput(f"mode must be one of {', '.join(MODES)}, not {mode!r}", field="mode")
    if category is not None and category not in CATEGORY_SKILLS:
        raise InvalidInput(f"unknown category {category!r}", field="category")
    if not 0 <= int(hold_seconds) <= 3600:
        raise InvalidInput("hold_seconds must be 0..3600", field="hold_seconds")
    s, e = _hhmm("start", start), _hhmm("end", end)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        row = DispatchPolicy(
            category=category,
            start=s,
            end=e,
            mode=mode,
            hold_seconds=int(hold_seconds),
            created_by=actor.label,
            created_at=journal.at,
        )
        session.add(row)
        session.flush()
        view = _view(row)
        journal.audit("set_policy", "dispatch_policy", row.id, None, _wire(view))
        journal.flush()
        return view


def remove_policy(db: Database, *, actor: Actor, policy_id: int) -> None:
    if actor.kind == "user" and actor.role != "admin":
        raise Forbidden("only an admin may change dispatch policies", role=actor.role)
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        row = session.get(DispatchPolicy, policy_id)
        if row is None:
            raise NotFound(f"no dispatch policy #{policy_id}")
        before = _wire(_view(row))
        session.delete(row)
        journal.audit("remove_policy", "dispatch_policy", policy_id, before, None)
        journal.flush()


def list_policies(session: Session) -> list[PolicyView]:
    rows = session.execute(select(DispatchPolicy).order_by(DispatchPolicy.id)).scalars()
    return [_view(r) for r in rows]


def assigned_automatically(assigned_by: str) -> bool:
    """Whether an assignment's ``assigned_by`` is auto-dispatch's (snapshot and events
    carry the same label, so the console needs no extra field to tell)."""
    return assigned_by == AUTO_ACTOR.label


def active_mode(
    policies: list[PolicyView], category: str | None, at: datetime, tz: str
) -> ActiveMode:
    """The mode for ``category`` at ``at``: the newest covering policy for that category,
    else the newest covering one for every category, else manual. For the whole center
    (``category`` None) it also lists the categories whose own policy differs now."""
    local = at.astimezone(ZoneInfo(tz))
    found = _covering(policies, category, local)
    if found is None and category is not None:
        found = _covering(policies, None, local)
    if found is None:
        mode = ActiveMode("manual", 0, None, None)
    else:
        mode = ActiveMode(found.mode, found.hold_seconds, _window_end(found, local), found.id)
    if category is None:
        mode = replace(mode, categories=_differing(policies, mode.mode, local))
    return mode


def _covering(
    policies: list[PolicyView], category: str | None, local: datetime
) -> PolicyView | None:
    found = [p for p in policies if p.category == category and p.covers(local.time())]
    return found[-1] if found else None


def _differing(
    policies: list[PolicyView], center: str, local: datetime
) -> tuple[CategoryMode, ...]:
    out = []
    for category in sorted({p.category for p in policies if p.category is not None}):
        own = _covering(policies, category, local)
        if own is not None and own.mode != center:
            out.append(CategoryMode(category, own.mode, _window_end(own, local)))
    return tuple(out)


def _window_end(p: PolicyView, local: datetime) -> datetime | None:
    if p.start == p.end:
        return None
    end = datetime.combine(local.date(), time.fromisoformat(p.end), local.tzinfo)
    return end if end > local else end + timedelta(days=1)


def _wire(p: PolicyView) -> dict[str, object]:
    return {
        "id": p.id,
        "category": p.category,
        "start": p.start,
        "end": p.end,
        "mode": p.mode,
        "hold_seconds": p.hold_seconds,
    }


def describe(mode: ActiveMode, tz: str) -> str:
    """The status bar's words: "Auto-dispatch: on until 22:00", "...: on for leak until
    22:00", "...: on for 2 categories", "...: on until 20:00 except boiler failure", "off"."""
    until = _until(mode.until, tz)
    auto = [c for c in mode.categories if c.mode == "auto"]
    if mode.mode == "auto":
        off = [c for c in mode.categories if c.mode != "auto"]
        return f"Auto-dispatch: on{until}" + (f" except {_which(off)}" if off else "")
    if auto:
        ends = {c.until for c in auto}  # "until" only when they all end together
        shared = _until(ends.pop(), tz) if len(ends) == 1 else ""
        return f"Auto-dispatch: on for {_which(auto)}{shared}"
    if mode.mode == "suggest":
        return f"Auto-dispatch: off (plans suggested{until})"
    return "Auto-dispatch: off"


def _until(end: datetime | None, tz: str) -> str:
    return "" if end is None else f" until {end.astimezone(ZoneInfo(tz)):%H:%M}"


def _which(categories: list[CategoryMode]) -> str:
    if len(categories) == 1:
        return categories[0].category.replace("_", " ")
    return f"{len(categories)} categories"


def from_wire(rows: list[dict[str, object]]) -> list[PolicyView]:
    return [
        PolicyView(
            int(str(r["id"])),
            None if r.get("category") is None else str(r["category"]),
            str(r["start"]),
            str(r["end"]),
            str(r["mode"]),
            int(str(r["hold_seconds"])),
        )
        for r in rows
    ]
