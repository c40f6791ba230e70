"""seed-demo's position tracks: a fix every 10-30 s on shift, at the call when on site."""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import Assignment, Call, PositionFix
from console.replay import Timeline, load_night, night_range, open_read_only
from console.seed import seed_demo

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def test_tracks_follow_shifts_and_jobs_and_replay_read_only(db: Database) -> None:
    summary = seed_demo(db, weeks=1, technicians=4, seed=3, now=NOW, calls_per_week=60)
    with db.reading() as s:
        n = s.execute(select(func.count()).select_from(PositionFix)).scalar_one()
        assert n == summary.rows["position_fixes"] > 1000
        fixes = s.execute(select(PositionFix.technician_id, PositionFix.fixed_at,
                                 PositionFix.lat, PositionFix.lon)
                          .order_by(PositionFix.technician_id, PositionFix.fixed_at)).all()
        jobs = s.execute(select(Assignment.technician_id, Call.on_site_at, Call.lat, Call.lon)
                         .join(Call, Call.id == Assignment.call_id)
                         .where(Call.on_site_at.is_not(None),
                                Assignment.end_reason != "reassigned")).all()
    by_tech: dict[int, list[tuple[float, float, float]]] = {}
    for tid, at, lat, lon in fixes:
        assert summary.start <= at < summary.end
        by_tech.setdefault(tid, []).append((at.timestamp(), lat, lon))
    gaps = np.concatenate([np.diff([f[0] for f in v]) for v in by_tech.values()])
    within_shift = gaps[gaps < 60]
    assert within_shift.size > 0.95 * gaps.size  # only shift changes leave longer gaps
    assert within_shift.min() >= 9.99 and within_shift.max() <= 30.01
    assert jobs
    at_door = 0
    for tid, on_site, lat, lon in jobs:
        track = by_tech[tid]
        times = [f[0] for f in track]
        i = min(bisect_left(times, on_site.timestamp() + 60), len(track) - 1)
        _t, flat, flon = track[i]  # a minute after arriving: at the customer's door
        at_door += abs(flat - lat) < 5e-4 and abs(flon - lon) < 5e-4
    # (the history sometimes sends a technician on before the last job is closed)
    assert at_door >= 0.9 * len(jobs), (at_door, len(jobs))
    _replays_read_only(db)


def _replays_read_only(db: Database) -> None:
    """Seeded history has no events: the replay rebuilds them from the rows (in a read-only
    transaction, on SQLite and PostgreSQL) and the vans follow the seeded tracks."""
    replay = open_read_only(db.url)
    try:
        start, end = night_range(date(2026, 11, 19), "Asia/Shanghai")
        timeline = Timeline(load_night(replay, start, end, "Asia/Shanghai"))
    finally:
        replay.dispose()
    types = {e.type for e in timeline.events}
    assert {"call.created", "call.assigned", "call.completed", "technician.status"} <= types
    assert all(e.payload.get("reconstructed") for e in timeline.events)
    created = [e for e in timeline.events if e.type == "call.created"]
    assert created and all(start <= e.at < end for e in created)
    final = timeline.state_at(end)
    finished = 0
    for e in created:  # a call whose every step fell in the night ends as the database has it
        now = timeline.history.final_calls[int(e.payload["call"]["id"])]  # type: ignore[index]
        if max(now.step_times.values()) < end:
            assert final.calls[now.id].status == now.status
            assert final.calls[now.id].step_times == now.step_times
            finished += 1
    assert finished > 0
    assert timeline.tracks and any(t.position for t in final.technicians.values())
