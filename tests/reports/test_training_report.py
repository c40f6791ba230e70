"""A training night recorded through a real hub, as a demo console records it, appears in the
trainers' records and in the monthly PDF with the right figures (recomputed from raw rows);
an abandoned night is kept unscored; a night sent twice from two desks of the same trainee is
one record; a demo database is refused."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from console.client import ConsoleClient
from console.db.engine import Database
from console.errors import Forbidden, InvalidInput
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from console.services.privacy import mark_synthetic
from console.sim.metrics import NightSummary
from console.training.record import NightFacts, recorder
from reports.errors import ReportError
from reports.training import build_training_pdf
from tests.helpers.hub_support import run, running_hub


def _summary(
    calls: int, mean: float, p90: float, met: int, decided: int, km: float
) -> NightSummary:
    return NightSummary(calls, calls - 1, 0, 0, 1, mean, p90, met, decided, km, calls, 40)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _facts(
    key: str,
    wall: float,
    scenario: str,
    t: NightSummary,
    e: NightSummary,
    engine: str = "recommend",
) -> NightFacts:
    return NightFacts(
        key,
        scenario,
        7,
        20.0,
        wall,
        wall * 20,
        ("van_breakdown",),
        t,
        e,
        engine=engine,
        trainer="Tom Trainer",
    )


def test_recorded_night_in_records_and_pdf(db: Database, tmp_path: Path) -> None:
    clock = Clock()
    db.clock = clock
    create_user(
        db,
        actor=SYSTEM,
        username="amy",
        display_name="Amy 艾米",
        role="dispatcher",
        password="amy-pass",
    )
    create_user(
        db, actor=SYSTEM, username="tom", display_name="Tom", role="trainer", password="tom-pass"
    )

    async def scenario() -> dict[str, object]:
        async with running_hub(db) as hub:
            desk1 = ConsoleClient(hub.url, username="amy", password="amy-pass")
            desk2 = ConsoleClient(hub.url, username="amy", password="amy-pass")  # signed in twice
            tom = ConsoleClient(hub.url, username="tom", password="tom-pass")
            for c in (desk1, desk2, tom):
                await c.start()
                await c.wait_ready()
            good = _facts(
                "night-1",
                1800,
                "holiday_peak",
                _summary(12, 21.5, 38.0, 9, 10, 84.2),
                _summary(12, 18.0, 30.0, 10, 10, 70.5),
                engine="planner",
            )
            await recorder(desk1)(good)
            await recorder(desk2)(good)  # the same night closed on the second desk: once
            clock.now += timedelta(hours=2)
            short = _facts(
                "night-2",
                60,
                "quiet_weeknight",
                _summary(2, 5.0, 5.0, 1, 1, 3.0),
                _summary(2, 4.0, 4.0, 1, 1, 2.0),
            )
            await recorder(desk2)(short)
            with pytest.raises(Forbidden):
                await desk1.training_records()  # a dispatcher does not read everyone's history
            await tom.set_training_rule(nights=1, sla_within_pts=15, scenario="holiday_peak")
            records = await tom.training_records()
            only_quiet = await tom.training_records(scenario="quiet_weeknight")
            for c in (desk1, desk2, tom):
                await c.close()
            return {"all": records, "quiet": only_quiet}

    got = run(scenario())
    records = got["all"]
    assert isinstance(records, dict)
    assert len(records["nights"]) == 2
    first, second = records["nights"]
    assert (first["status"], second["status"]) == ("scored", "abandoned")
    assert first["trainee"] == "Amy 艾米" and first["trainer"] == "Tom Trainer"
    assert first["sla"] == pytest.approx(0.9) and first["engine_sla"] == pytest.approx(1.0)
    assert first["gap_pts"] == pytest.approx(-10.0)
    assert (first["engine"], second["engine"]) == ("planner", "recommend")
    assert second["sla"] is None and second["mean_min"] is None  # abandoned: not scored
    (amy,) = records["trainees"]
    assert amy["nights"] == 1 and amy["abandoned"] == 1 and amy["ready"] is True
    assert amy["hours"] == pytest.approx(0.5 + 60 / 3600, abs=0.01)
    assert records["rule"] == {"nights": 1, "sla_within_pts": 15.0, "scenario": "holiday_peak"}
    quiet = got["quiet"]
    assert isinstance(quiet, dict)
    assert [n["scenario"] for n in quiet["nights"]] == ["quiet_weeknight"]

    # the PDF, against the raw rows
    with db.reading() as s:
        row = s.execute(
            text(
                "SELECT trainee_name, mean_min, p90_min, sla_met, sla_decided, engine_sla_met, "
                "engine_sla_decided, travel_km, engine_travel_km, wall_seconds "
                "FROM training_nights WHERE status = 'scored'"
            )
        ).one()
    pdf = build_training_pdf(db, month="2026-11", tz="Asia/Shanghai")
    reader = PdfReader(io.BytesIO(pdf))
    page = " ".join(p.extract_text() for p in reader.pages)
    sla = f"{row.sla_met / row.sla_decided * 100:.1f}%"
    engine = f"{row.engine_sla_met / row.engine_sla_decided * 100:.1f}%"
    assert f"{sla} ({engine})" in page
    assert f"{row.mean_min:.1f}/{row.p90_min:.1f}" in page
    assert f"{row.travel_km:.1f} ({row.engine_travel_km:.1f})" in page
    assert f"{row.wall_seconds / 60:.0f} / " in page
    assert "abandoned" in page and "Amy" in page and "one of them holiday peak" in page
    # the engine each night's bracketed figures come from, in the nights table
    assert "Engine" in page and "planner" in page and "recommend" in page
    for p in reader.pages:  # every font embedded
        for font in p["/Resources"]["/Font"].values():
            desc = font.get_object().get("/FontDescriptor")
            assert desc is not None and "/FontFile2" in desc.get_object()
    empty = build_training_pdf(db, month="2026-10", tz="Asia/Shanghai", lang="zh")
    assert "本月没有培训记录" in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(empty)).pages
    )


def test_a_demo_database_is_refused(db: Database) -> None:
    mark_synthetic(db)  # what a demo night does to its own database
    with pytest.raises(ReportError, match="demo"):
        build_training_pdf(db, month="2026-11")
    uid = create_user(
        db, actor=SYSTEM, username="amy", display_name="Amy", role="dispatcher", password="amy-pass"
    )
    from console.training.record import record_night

    with pytest.raises(InvalidInput, match="live hub"):
        record_night(
            db,
            actor=SYSTEM,
            user_id=uid,
            fields={
                "night_key": "k",
                "scenario": "x",
                "seed": 1,
                "speed": 1.0,
                "wall_seconds": 900.0,
                "sim_seconds": 900.0,
                "calls": 0,
                "sla_met": 0,
                "sla_decided": 0,
                "travel_km": 0.0,
            },
        )


def test_cli_writes_the_month_or_says_why(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reports.cli import main

    out = tmp_path / "training.pdf"
    assert main(["training", "--month", "2026-11", "--db", db.url, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["training", "--month", "2026-13", "--db", db.url, "--out", str(out)]) == 1
    assert "not a month like 2026-11" in capsys.readouterr().err
