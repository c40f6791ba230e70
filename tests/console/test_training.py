"""Training history and the readiness rule, on plain Night values (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.training.history import Night, summarize_trainees, union_hours
from console.training.readiness import ReadinessRule, assess

T0 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def night(
    i: int,
    sla: float | None,
    engine: float | None,
    scenario: str = "quiet_weeknight",
    status: str = "scored",
    trainee: int = 1,
    hours: float = 1.0,
    start: datetime | None = None,
) -> Night:
    a = start or T0 + timedelta(days=i)
    return Night(
        i,
        trainee,
        f"user{trainee}",
        "",
        scenario,
        1,
        10.0,
        "recommend",
        status,
        a,
        a + timedelta(hours=hours),
        hours * 3600,
        hours * 36000,
        (),
        10,
        20.0,
        30.0,
        sla,
        5.0,
        18.0,
        28.0,
        engine,
        4.0,
    )


RULE = ReadinessRule(nights=3, sla_within_pts=5.0, scenario="holiday_peak")


def test_three_close_nights_need_one_holiday_peak() -> None:
    close = [night(i, 0.90, 0.93) for i in range(3)]  # 3 points below the engine: close
    r = assess(RULE, close)
    assert r is not None and r.qualifying == 3 and not r.has_scenario and not r.ready
    with_peak = [*close[:2], night(5, 0.80, 0.84, "holiday_peak")]
    r = assess(RULE, with_peak)
    assert r is not None and r.ready


def test_far_abandoned_and_unscored_nights_do_not_count() -> None:
    nights = [
        night(0, 0.80, 0.90, "holiday_peak"),  # 10 points below: too far
        night(1, None, None, "holiday_peak", status="abandoned"),
        night(2, 0.95, 0.95),
        night(3, 0.95, None),  # the engine's night never finished: no gap, no credit
    ]
    r = assess(RULE, nights)
    assert r is not None and r.qualifying == 1 and not r.ready
    assert assess(ReadinessRule(1, 5.0, ""), nights[2:3]) is not None
    assert assess(RULE, []) is None


def test_summary_last_best_trend_and_overlapping_hours() -> None:
    nights = [
        night(0, 0.70, 0.90),  # -20
        night(1, 0.95, 0.97),  # -2 (best SLA)
        night(2, 0.85, 0.90),  # -5
        night(3, None, None, status="abandoned", hours=0.05),
        # the same trainee at a second desk, overlapping night 2 by half an hour
        night(9, 0.80, 0.90, start=T0 + timedelta(days=2, minutes=30)),
    ]
    nights.sort(key=lambda n: n.ended)
    (s,) = summarize_trainees(nights)
    assert s.nights == 4 and s.abandoned == 1
    assert s.best is not None and s.best.id == 1
    assert s.last is not None and s.last.id == 9  # the second desk ended last
    assert s.trend_pts is not None
    gaps = [n.gap_pts for n in nights if n.scored]
    assert s.trend_pts == round(gaps[-1] - gaps[0], 1)
    # 4 scored nights of 1 h, the overlap counted once (0.5 h), plus 3 minutes abandoned
    assert s.hours == round(4 - 0.5 + 0.05, 2)
    assert union_hours([]) == 0
