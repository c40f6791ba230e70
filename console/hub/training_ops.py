"""The training records' hub requests: a demo console records its night on the live hub,
a trainer reads everyone's history and sets the readiness rule."""

from __future__ import annotations

import dataclasses
from typing import Any

from console.db.engine import Database
from console.errors import Forbidden
from console.hub.auth import Principal
from console.training.history import Night, load_nights, summarize_trainees
from console.training.readiness import ReadinessRule, assess_all, load_rule, save_rule
from console.training.record import record_night


def _night_wire(n: Night) -> dict[str, Any]:
    out = dataclasses.asdict(n)
    out["started"], out["ended"] = n.started.isoformat(), n.ended.isoformat()
    out["injections"], out["gap_pts"] = list(n.injections), n.gap_pts
    return out


def record_training(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    """The signed-in user is the trainee; a night is written once per ``night_key``."""
    if p.actor.kind != "user" or p.actor.id is None:
        raise Forbidden("only a signed-in person can record a training night")
    night_id = record_night(db, actor=p.actor, user_id=p.actor.id, fields=f)
    return {"night_id": night_id}


def training_records(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    """Every trainee's nights, summaries and readiness under the center's rule."""
    with db.reading() as session:
        nights = load_nights(session, scenario=f.get("scenario"))
        every = load_nights(session) if f.get("scenario") else nights
        rule = load_rule(session)
    ready = assess_all(rule, every)
    summaries = []
    for s in summarize_trainees(nights):
        row = {k: getattr(s, k) for k in ("trainee_id", "trainee", "nights", "abandoned", "hours")}
        row["trend_pts"] = s.trend_pts
        row["last"] = _night_wire(s.last) if s.last else None
        row["best"] = _night_wire(s.best) if s.best else None
        r = ready.get(s.trainee_id)
        row["qualifying"] = r.qualifying if r else 0
        row["ready"] = bool(r and r.ready)
        summaries.append(row)
    scenarios = sorted({n.scenario for n in every})
    return {
        "rule": dataclasses.asdict(rule),
        "trainees": summaries,
        "nights": [_night_wire(n) for n in nights],
        "scenarios": scenarios,
    }


def set_training_rule(db: Database, p: Principal, f: dict[str, Any]) -> Any:
    rule = ReadinessRule(int(f["nights"]), float(f["sla_within_pts"]), f.get("scenario") or "")
    return {"rule": dataclasses.asdict(save_rule(db, actor=p.actor, rule=rule))}
