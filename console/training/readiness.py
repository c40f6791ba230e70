"""The readiness rule a trainer sets, e.g. "three nights with SLA within 5 points of the
engine, one of them holiday_peak", stored once for the center, and who meets it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import Setting
from console.errors import Forbidden, InvalidInput
from console.services.actors import Actor
from console.services.journal import Journal
from console.training.history import Night

SETTING_KEY = "training_readiness_rule"


@dataclass(frozen=True, slots=True)
class ReadinessRule:
    nights: int = 3  # scored nights that qualify
    sla_within_pts: float = 5.0  # trainee SLA at most this many points below the engine's
    scenario: str = "holiday_peak"  # one qualifying night of this scenario ("": any)

    def qualifies(self, night: Night) -> bool:
        gap = night.gap_pts
        return night.scored and gap is not None and gap >= -self.sla_within_pts

    def check(self) -> None:
        if not 1 <= self.nights <= 100:
            raise InvalidInput("nights must be 1 to 100", field="nights")
        if not 0 <= self.sla_within_pts <= 100:
            raise InvalidInput("sla_within_pts must be 0 to 100", field="sla_within_pts")


@dataclass(frozen=True, slots=True)
class Readiness:
    trainee_id: int
    qualifying: int
    has_scenario: bool
    ready: bool


def assess(rule: ReadinessRule, nights: list[Night]) -> Readiness | None:
    """One trainee's nights (any order) against the rule; None for no nights."""
    if not nights:
        return None
    good = [n for n in nights if rule.qualifies(n)]
    has = not rule.scenario or any(n.scenario == rule.scenario for n in good)
    return Readiness(nights[0].trainee_id, len(good), has, len(good) >= rule.nights and has)


def assess_all(rule: ReadinessRule, nights: list[Night]) -> dict[int, Readiness]:
    by: dict[int, list[Night]] = {}
    for n in nights:
        by.setdefault(n.trainee_id, []).append(n)
    out = {tid: assess(rule, mine) for tid, mine in by.items()}
    return {tid: r for tid, r in out.items() if r is not None}


def load_rule(session: Session) -> ReadinessRule:
    row = session.get(Setting, SETTING_KEY)
    if row is None:
        return ReadinessRule()
    data = json.loads(row.value)
    return ReadinessRule(int(data["nights"]), float(data["sla_within_pts"]), str(data["scenario"]))


def save_rule(db: Database, *, actor: Actor, rule: ReadinessRule) -> ReadinessRule:
    """Trainers and admins set the rule; the audit trail keeps the old and new one."""
    if actor.kind == "user" and actor.role not in ("trainer", "admin"):
        raise Forbidden("only a trainer may set the readiness rule", role=actor.role)
    rule.check()
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        row = session.get(Setting, SETTING_KEY)
        before = json.loads(row.value) if row is not None else None
        value = json.dumps(asdict(rule))
        if row is None:
            session.add(Setting(key=SETTING_KEY, value=value))
        else:
            row.value = value
        journal.audit("set_training_rule", "setting", None, before, asdict(rule))
        journal.flush()
    return rule
