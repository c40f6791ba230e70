"""Recommendation ranking and the travel and shift rules it stands on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain import (
    CallStatus,
    CallView,
    Channel,
    Position,
    Priority,
    ShiftWindowView,
    TechnicianView,
    TechStatus,
)
from console.recommend import MISSING_SKILL_PENALTY, recommend
from console.shifts import current_shift_end, minutes_left
from console.timezone import CENTER_TZ
from console.travel import GreatCircleTravel, great_circle_km

# 2026-11-24 is a Tuesday; 23:00 in Shanghai is 15:00 UTC.
TZ = CENTER_TZ  # the core takes the zone explicitly
TUESDAY_2300 = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
NIGHT_SHIFT = (ShiftWindowView(1, "20:00", "06:00"),)  # Tuesday night into Wednesday


def tech(tid: int, lat: float, lon: float, *, skills: tuple[str, ...] = ("plumbing",),
         status: TechStatus = TechStatus.AVAILABLE,
         shifts: tuple[ShiftWindowView, ...] = NIGHT_SHIFT) -> TechnicianView:
    return TechnicianView(
        id=tid, name=f"T{tid}", phone="138", skills=skills, status=status, home_base="",
        home_lat=lat, home_lon=lon, position=Position(lat, lon), version=1, shifts=shifts,
    )


def call(cid: int = 1, *, status: CallStatus = CallStatus.NEW, techs: tuple[int, ...] = (),
         skills: tuple[str, ...] = ("plumbing",)) -> CallView:
    return CallView(
        id=cid, customer_id=1, customer_name="Li", phone="139", address="x", district="",
        lat=31.23, lon=121.47, category="burst_pipe", required_skills=skills,
        priority=Priority.EMERGENCY, channel=Channel.PHONE, status=status,
        created_at=TUESDAY_2300, sla_deadline=TUESDAY_2300 + timedelta(minutes=45),
        crew_size=1, version=1, technician_ids=techs,
    )


def test_great_circle_matches_a_known_distance() -> None:
    # People's Square to Pudong airport is about 43 km as the crow flies.
    assert great_circle_km((31.2304, 121.4737), (31.1443, 121.8083)) == pytest.approx(33.5, abs=1.5)


def test_night_roads_are_faster_than_the_evening_rush() -> None:
    model = GreatCircleTravel(tz=TZ)
    a, b = (31.20, 121.40), (31.25, 121.50)
    rush = model.travel_minutes(a, b, datetime(2026, 11, 24, 10, 0, tzinfo=UTC))  # 18:00 local
    night = model.travel_minutes(a, b, datetime(2026, 11, 24, 18, 0, tzinfo=UTC))  # 02:00 local
    assert night < rush


def test_shift_crossing_midnight_covers_the_small_hours() -> None:
    three_am_wednesday = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    end = current_shift_end(NIGHT_SHIFT, three_am_wednesday, TZ)
    assert end is not None and end.astimezone(UTC) == datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
    assert minutes_left(NIGHT_SHIFT, three_am_wednesday, TZ) == pytest.approx(180)
    noon = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
    assert current_shift_end(NIGHT_SHIFT, noon, TZ) is None


def test_nearest_free_skilled_technician_ranks_first_with_reasons() -> None:
    near, far = tech(1, 31.231, 121.471), tech(2, 31.30, 121.60)
    ranked = recommend(call(), [far, near], open_calls=[], now=TUESDAY_2300, tz=TZ)
    assert [r.technician_id for r in ranked] == [1, 2]
    assert ranked[0].eta_minutes < ranked[1].eta_minutes
    assert any(r.startswith("ETA") for r in ranked[0].reasons)
    assert "skills match" in ranked[0].reasons
    codes = dict(ranked[0].reason_codes)
    assert codes["eta"] == ranked[0].eta_minutes and "skills_match" in codes
    assert "free_now" in codes and codes["skills_match"] is None


def test_missing_skill_and_workload_and_off_duty_are_weighed() -> None:
    unskilled = tech(1, 31.231, 121.471, skills=("locksmith",))
    busy = tech(2, 31.232, 121.472)
    free = tech(3, 31.26, 121.50)
    off = tech(4, 31.2301, 121.4701, status=TechStatus.OFF_DUTY)
    queued = call(9, status=CallStatus.ASSIGNED, techs=(2,))
    ranked = recommend(call(), [unskilled, busy, free, off], open_calls=[queued],
                       now=TUESDAY_2300, tz=TZ)
    ids = [r.technician_id for r in ranked]
    assert 4 not in ids
    assert ids[0] == 3 and ids[-1] == 1
    assert ranked[-1].score >= MISSING_SKILL_PENALTY
    assert "lacks plumbing" in ranked[-1].reasons
    assert ("lacks", "plumbing") in ranked[-1].reason_codes
    assert "skills_match" not in dict(ranked[-1].reason_codes)
    assert ranked[1].workload == 1
    assert ("jobs_ahead", 1) in ranked[1].reason_codes


def test_shift_ending_soon_is_penalised() -> None:
    ending = tech(1, 31.231, 121.471, shifts=(ShiftWindowView(1, "16:00", "23:20"),))
    fresh = tech(2, 31.24, 121.48)
    ranked = recommend(call(), [ending, fresh], open_calls=[], now=TUESDAY_2300, tz=TZ)
    assert ranked[0].technician_id == 2
    assert any("shift ends in" in r for r in ranked[1].reasons)
    assert dict(ranked[1].reason_codes)["shift_ends"] == pytest.approx(20, abs=0.1)
    assert "shift_left_h" not in dict(ranked[1].reason_codes)


def test_reason_codes_carry_every_reason_for_translation() -> None:
    """One code per English reason (a code per missing skill), in the same order."""
    resting = tech(1, 31.231, 121.471, status=TechStatus.ON_BREAK, skills=("locksmith",))
    on_shift = tech(2, 31.24, 121.48, shifts=(ShiftWindowView(1, "18:00", "06:00"),))
    ranked = recommend(call(), [resting, on_shift], open_calls=[], now=TUESDAY_2300, tz=TZ)
    by_id = {r.technician_id: r for r in ranked}
    names = [code for code, _value in by_id[1].reason_codes]
    assert names[:4] == ["eta", "lacks", "free_now", "on_break"]
    assert names[4] in ("shift_ends", "shift_left_h") and len(names) == 5
    assert len(by_id[1].reason_codes) == len(by_id[1].reasons)
    left = by_id[2].shift_left_minutes
    assert left is not None
    assert dict(by_id[2].reason_codes)["shift_left_h"] == pytest.approx(left / 60, abs=0.05)
    assert [c for c, _v in by_id[2].reason_codes] == [
        "eta", "skills_match", "free_now", "shift_left_h"
    ]


def test_limit_and_already_assigned_are_respected() -> None:
    techs = [tech(i, 31.23 + i / 100, 121.47) for i in range(1, 10)]
    ranked = recommend(call(techs=(1,)), techs, open_calls=[], now=TUESDAY_2300, tz=TZ, limit=5)
    assert len(ranked) == 5 and 1 not in {r.technician_id for r in ranked}
