"""The training history a trainer reads: nights as plain values, and per trainee the nights
trained, hours, last and best scores and the trend.

A night's score is the trainee's SLA met (share of decided calls) and its gap to the engine
on the same calls, in percentage points (positive: better than the engine). Hours are wall
time at the console; two nights of one trainee that overlap (signed in at two desks) count
their common time once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import TrainingNight
from console.training.record import SCORED

TREND_NIGHTS = 5


@dataclass(frozen=True, slots=True)
class Night:
    id: int
    trainee_id: int
    trainee: str
    trainer: str
    scenario: str
    seed: int
    speed: float
    engine: str
    status: str
    started: datetime
    ended: datetime
    wall_seconds: float
    sim_seconds: float
    injections: tuple[str, ...]
    calls: int
    mean_min: float | None
    p90_min: float | None
    sla: float | None
    travel_km: float
    engine_mean_min: float | None
    engine_p90_min: float | None
    engine_sla: float | None
    engine_travel_km: float | None

    @property
    def scored(self) -> bool:
        return self.status == SCORED

    @property
    def gap_pts(self) -> float | None:
        """Trainee SLA minus the engine's, in points (None when either is undecided)."""
        if self.sla is None or self.engine_sla is None:
            return None
        return round((self.sla - self.engine_sla) * 100, 1)


@dataclass(frozen=True, slots=True)
class TraineeSummary:
    trainee_id: int
    trainee: str
    nights: int  # scored nights
    abandoned: int
    hours: float
    last: Night | None
    best: Night | None
    trend_pts: float | None  # last gap minus the first of the last TREND_NIGHTS scored nights


def _rate(met: int | None, decided: int | None) -> float | None:
    return met / decided if met is not None and decided else None


def night_from_row(r: TrainingNight) -> Night:
    return Night(
        r.id,
        r.trainee_id,
        r.trainee_name,
        r.trainer_name,
        r.scenario,
        r.seed,
        r.speed,
        r.engine,
        r.status,
        r.wall_started_at,
        r.wall_ended_at,
        r.wall_seconds,
        r.sim_seconds,
        tuple(r.injections or ()),
        r.calls,
        r.mean_min,
        r.p90_min,
        _rate(r.sla_met, r.sla_decided),
        r.travel_km,
        r.engine_mean_min,
        r.engine_p90_min,
        _rate(r.engine_sla_met, r.engine_sla_decided),
        r.engine_travel_km,
    )


def load_nights(
    session: Session,
    *,
    scenario: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Night]:
    """Nights ended in [start, end), oldest first, optionally of one scenario."""
    q = select(TrainingNight).order_by(TrainingNight.wall_ended_at, TrainingNight.id)
    if scenario:
        q = q.where(TrainingNight.scenario == scenario)
    if start is not None:
        q = q.where(TrainingNight.wall_ended_at >= start)
    if end is not None:
        q = q.where(TrainingNight.wall_ended_at < end)
    return [night_from_row(r) for r in session.execute(q).scalars()]


def union_hours(spans: list[tuple[datetime, datetime]]) -> float:
    """Hours covered by the spans, common time counted once."""
    total, cur_start, cur_end = 0.0, None, None
    for a, b in sorted(spans):
        if cur_end is None or a > cur_end:
            if cur_end is not None and cur_start is not None:
                total += (cur_end - cur_start).total_seconds()
            cur_start, cur_end = a, b
        else:
            cur_end = max(cur_end, b)
    if cur_end is not None and cur_start is not None:
        total += (cur_end - cur_start).total_seconds()
    return total / 3600


def _best(scored: list[Night]) -> Night | None:
    rated = [n for n in scored if n.sla is not None]
    if not rated:
        return None
    return max(rated, key=lambda n: (n.sla or 0.0, -(n.mean_min or 0.0), n.ended))


def summarize_trainees(nights: list[Night]) -> list[TraineeSummary]:
    """One summary per trainee, by name; ``nights`` oldest first."""
    by: dict[int, list[Night]] = {}
    for n in nights:
        by.setdefault(n.trainee_id, []).append(n)
    out = []
    for tid, mine in by.items():
        scored = [n for n in mine if n.scored]
        gaps = [g for g in (n.gap_pts for n in scored[-TREND_NIGHTS:]) if g is not None]
        out.append(
            TraineeSummary(
                tid,
                mine[-1].trainee,
                len(scored),
                len(mine) - len(scored),
                round(union_hours([(n.started, n.ended) for n in mine]), 2),
                scored[-1] if scored else None,
                _best(scored),
                round(gaps[-1] - gaps[0], 1) if len(gaps) >= 2 else None,
            )
        )
    return sorted(out, key=lambda s: (s.trainee.lower(), s.trainee_id))
