"""A few trainees with recorded training nights, written through the same service the hub's
``record_training`` runs (the database's clock set to each night's end)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.db.engine import Database
from console.services.accounts import create_user
from console.services.actors import Actor
from console.training.record import record_night

#: trainee -> nights of (scenario, minutes at the console, trainee SLA met of 10, engine's)
NIGHTS: dict[str, list[tuple[str, float, int, int]]] = {
    "Li Na 李娜": [
        ("quiet_weeknight", 50, 7, 9),
        ("quiet_weeknight", 55, 9, 9),
        ("holiday_peak", 70, 8, 8),
        ("winter_freeze", 65, 9, 9),
    ],
    "Emma Clarke": [("quiet_weeknight", 45, 6, 9), ("holiday_peak", 2, 0, 0)],
    "Wang Wei 王伟": [("quiet_weeknight", 60, 9, 9), ("holiday_peak", 75, 7, 9)],
}


def seed_training(db: Database, start: datetime | None = None) -> dict[str, int]:
    """Users (role dispatcher, password = username) and their nights; returns name -> id."""
    saved = db.clock
    at = start or datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    ids: dict[str, int] = {}
    try:
        for i, (name, nights) in enumerate(NIGHTS.items()):
            username = f"trainee{i}"
            uid = create_user(
                db,
                actor=Actor("system", None, "test"),
                username=username,
                display_name=name,
                role="dispatcher",
                password=username,
            )
            ids[name] = uid
            for j, (scenario, minutes, met, engine_met) in enumerate(nights):
                at += timedelta(hours=20)
                db.clock = lambda t=at: t
                record_night(
                    db,
                    actor=Actor("user", uid, name, "dispatcher"),
                    user_id=uid,
                    fields={
                        "night_key": f"{username}-{j}",
                        "trainer": "Tom 汤姆",
                        "scenario": scenario,
                        "seed": j + 1,
                        "speed": 10.0,
                        # the newest nights were scored against the planner's shadow night
                        "engine": "planner" if scenario == "winter_freeze" else "recommend",
                        "wall_seconds": minutes * 60.0,
                        "sim_seconds": minutes * 600.0,
                        "injections": ["van_breakdown"] * (j % 2),
                        "calls": 12,
                        "mean_min": 20.0 + j,
                        "p90_min": 35.0 + j,
                        "sla_met": met,
                        "sla_decided": 10,
                        "travel_km": 60.0 + j,
                        "engine_mean_min": 18.0,
                        "engine_p90_min": 30.0,
                        "engine_sla_met": engine_met,
                        "engine_sla_decided": 10,
                        "engine_travel_km": 55.0,
                    },
                )
    finally:
        db.clock = saved
    return ids
