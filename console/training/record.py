"""A training night, from the demo that ran it to a row of the shared database.

The demo runs on its own throwaway database, so the record travels as the hub request
``record_training`` (console.operations) sent by the demo console to the live hub the
trainee signed in to: the trainee is that signed-in user, never a name typed in the demo.
A night closed after less than ``ABANDON_WALL_SECONDS`` of wall time is kept as
``abandoned`` with no score. ``night_key`` (made once per night) makes a resend, or the same
night closed from a second desk of the same trainee, one record.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import TrainingNight, User
from console.errors import InvalidInput, NotFound
from console.services import privacy
from console.services.actors import Actor
from console.services.journal import Journal

ABANDON_WALL_SECONDS = 180.0
SCORED, ABANDONED = "scored", "abandoned"
ENGINES = ("recommend", "planner")

_SCORE = ("calls", "mean_min", "p90_min", "sla_met", "sla_decided", "travel_km")
_ENGINE_SCORE = (
    "engine_mean_min",
    "engine_p90_min",
    "engine_sla_met",
    "engine_sla_decided",
    "engine_travel_km",
)


@dataclass(frozen=True, slots=True)
class NightFacts:
    """What the demo knows when a night ends (plain values; no live objects)."""

    night_key: str
    scenario: str
    seed: int
    speed: float
    wall_seconds: float
    sim_seconds: float
    injections: tuple[str, ...]
    trainee: Any  # console.sim.metrics.NightSummary
    engine_score: Any | None  # the engine's NightSummary on the same calls, or None
    engine: str = "recommend"
    trainer: str = ""


def request_fields(facts: NightFacts) -> dict[str, Any]:
    """The ``record_training`` request's fields for one ended night."""
    t, e = facts.trainee, facts.engine_score
    out: dict[str, Any] = {
        "night_key": facts.night_key,
        "trainer": facts.trainer,
        "scenario": facts.scenario,
        "seed": facts.seed,
        "speed": float(facts.speed),
        "engine": facts.engine,
        "wall_seconds": round(facts.wall_seconds, 1),
        "sim_seconds": round(facts.sim_seconds, 1),
        "injections": list(facts.injections),
        "calls": t.calls,
        "mean_min": t.mean_response_min,
        "p90_min": t.p90_response_min,
        "sla_met": t.sla_met,
        "sla_decided": t.sla_decided,
        "travel_km": t.travel_km,
    }
    if e is not None:
        out |= {
            "engine_mean_min": e.mean_response_min,
            "engine_p90_min": e.p90_response_min,
            "engine_sla_met": e.sla_met,
            "engine_sla_decided": e.sla_decided,
            "engine_travel_km": e.travel_km,
        }
    return {k: v for k, v in out.items() if v is not None}


def record_night(db: Database, *, actor: Actor, user_id: int, fields: dict[str, Any]) -> int:
    """Write one night for the signed-in ``user_id``; returns its id (the existing one for a
    night already recorded under the same key by the same trainee)."""
    if fields.get("engine", "recommend") not in ENGINES:
        raise InvalidInput(f"engine must be one of {', '.join(ENGINES)}", field="engine")
    if fields["sla_met"] > fields["sla_decided"]:
        raise InvalidInput("sla_met cannot exceed sla_decided", field="sla_met")
    if privacy.is_synthetic(db):  # a demo night's own database
        raise InvalidInput(
            "this hub runs a demo night: training nights are recorded on the live hub"
        )
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"user {user_id} does not exist")
        same = session.execute(
            select(TrainingNight).where(TrainingNight.night_key == fields["night_key"])
        ).scalar_one_or_none()
        if same is not None:
            if same.trainee_id != user_id:
                raise InvalidInput("that night was recorded by someone else", field="night_key")
            return same.id
        row = _row(fields, user, actor, db.now())
        session.add(row)
        session.flush()
        journal = Journal(session, actor, db.now())
        journal.audit("record_training", "training_night", row.id, None, _audit(row))
        journal.flush()
        return row.id


def _row(fields: dict[str, Any], user: User, actor: Actor, now: Any) -> TrainingNight:
    wall = float(fields["wall_seconds"])
    abandoned = wall < ABANDON_WALL_SECONDS
    scored = {} if abandoned else {k: fields.get(k) for k in _SCORE + _ENGINE_SCORE}
    return TrainingNight(
        night_key=fields["night_key"],
        trainee_id=user.id,
        trainee_name=user.display_name or user.username,
        trainer_name=fields.get("trainer") or "",
        scenario=fields["scenario"],
        seed=fields["seed"],
        speed=fields["speed"],
        engine=fields.get("engine", "recommend"),
        status=ABANDONED if abandoned else SCORED,
        wall_started_at=now - timedelta(seconds=wall),
        wall_ended_at=now,
        wall_seconds=wall,
        sim_seconds=float(fields["sim_seconds"]),
        injections=list(fields.get("injections") or []),
        calls=int(scored.get("calls") or 0),
        mean_min=scored.get("mean_min"),
        p90_min=scored.get("p90_min"),
        sla_met=int(scored.get("sla_met") or 0),
        sla_decided=int(scored.get("sla_decided") or 0),
        travel_km=float(scored.get("travel_km") or 0.0),
        engine_mean_min=scored.get("engine_mean_min"),
        engine_p90_min=scored.get("engine_p90_min"),
        engine_sla_met=scored.get("engine_sla_met"),
        engine_sla_decided=scored.get("engine_sla_decided"),
        engine_travel_km=scored.get("engine_travel_km"),
        recorded_by=actor.label,
    )


def _audit(row: TrainingNight) -> dict[str, Any]:
    return {
        "trainee": row.trainee_name,
        "scenario": row.scenario,
        "status": row.status,
        "wall_seconds": row.wall_seconds,
    }


def recorder(client: Any) -> Callable[[NightFacts], Awaitable[None]]:
    """A ``DemoSession.night_ended`` callback sending each night to the live hub through
    ``client`` (a ConsoleClient signed in there as the trainee)."""

    async def send(facts: NightFacts) -> None:
        await client.record_training(**request_fields(facts))

    return send
