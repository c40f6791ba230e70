"""The PDFs read back with pypdf: figures present, both languages, paper sizes, fonts embedded."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from console.db.engine import Database
from console.services.calls import create_call
from reports import fmt
from reports.handover import build_handover_pdf
from reports.period import parse_week
from reports.weekly import build_weekly_pdf
from tests.helpers import reports_oracle as oracle
from tests.helpers.reports_dataset import ACTOR, TZ, build

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def size(reader: PdfReader) -> tuple[float, float]:
    box = reader.pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def fonts_embedded(reader: PdfReader) -> set[str]:
    """Base font names of every font used; fails if one is not embedded."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert desc is not None and "/FontFile2" in desc.get_object(), font["/BaseFont"]
            names.add(str(font["/BaseFont"]))
    return names


@pytest.fixture
def seeded(db: Database) -> Database:
    build(db)
    return db


def test_weekly_en_a4_shows_the_figures(seeded: Database) -> None:
    rows = oracle.load(seeded)
    week = parse_week("2026-W47", TZ)
    want = oracle.kpis(rows, week.start, week.end)
    reader, text = read(
        build_weekly_pdf(seeded, week="2026-W47", tz="Asia/Shanghai", lang="en", paper="a4")
    )
    assert size(reader) == A4 and len(reader.pages) >= 2
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Pujiang Night Center" in text and "2026-11-16 to 2026-11-22" in text
    calls_row = f"Calls received {want['calls']} 1"
    assert calls_row in text
    assert fmt.minutes(want["response_mean_s"]) in text
    assert fmt.minutes(want["response_p90_s"]) in text
    assert fmt.pct(want["sla_met"] / want["on_site"]) in text
    assert fmt.pct(want["ftf_fixed"] / want["ftf_outcomes"]) in text
    assert fmt.money(want["revenue_cents"]) in text and fmt.money(want["cost_cents"]) in text
    assert fmt.money(want["revenue_cents"] - want["cost_cents"]) in text
    assert "王师傅" in text and "上海市长宁区延安西路 500 号" in text
    assert "Ada <&> Lovelace" in text and "Arrived late, 等了很久" in text
    assert "Cheapest: Per-order commission" in text
    assert fonts_embedded(reader) and len(fonts_embedded(reader)) == 1


def test_weekly_zh_letter(seeded: Database) -> None:
    reader, text = read(
        build_weekly_pdf(seeded, week="2026-W47", tz="Asia/Shanghai", lang="zh", paper="letter")
    )
    assert size(reader) == LETTER
    assert "每周成本与绩效报告" in text and "收到呼叫 10 1" in text
    assert "浦江夜间服务中心" in text and "陈小姐" not in text  # c1 is in no list
    assert "王师傅" in text and "赵六" in text and "第 1 页，共" in text
    assert "最便宜：按单佣金" in text
    fonts_embedded(reader)


def test_empty_week_is_a_short_sensible_report(shared_db: Database) -> None:
    reader, text = read(build_weekly_pdf(shared_db, week="2026-W30", lang="en", paper="letter"))
    assert len(reader.pages) == 1 and size(reader) == LETTER
    assert "No calls were received this week." in text and "Calls received 0 0" in text
    _reader, zh = read(build_weekly_pdf(shared_db, week="2026-W30", lang="zh", paper="a4"))
    assert "本周没有收到任何呼叫。" in zh


def test_progress_from_a_worker_thread(shared_db: Database) -> None:
    seen: list[tuple[float, str]] = []
    result: list[bytes] = []
    worker = threading.Thread(
        target=lambda: result.append(
            build_weekly_pdf(
                shared_db,
                week="2026-W49",
                tz="Asia/Shanghai",
                lang="en",
                paper="a4",
                progress=lambda f, stage: seen.append((f, stage)),
            )
        )
    )
    worker.start()
    worker.join(timeout=60)
    assert result and result[0].startswith(b"%PDF")
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] >= 0
    assert all(stage for _, stage in seen)


def test_handover_one_page(seeded: Database) -> None:
    now = datetime(2026, 12, 10, tzinfo=UTC)
    reader, text = read(
        build_handover_pdf(
            seeded, date="2026-11-17", tz="Asia/Shanghai", lang="en", paper="a4", now=now
        )
    )
    assert len(reader.pages) == 1 and size(reader) == A4
    assert "2026-11-16 18:00 to 2026-11-17 08:00 (Asia/Shanghai)" in text
    # Received 2 (c1, c2), completed 2, cancelled 0, failed 0, SLA missed 1 (c2), open 3.
    assert "2 2 0 0 1 3" in text
    assert "SLA breach" in text and "John Smith" in text
    assert "Still open at 2026-12-10 08:00" in text and "刘女士" in text and "Li Na" in text
    assert "unassigned" in text and "Page 1 of 1" in text
    fonts_embedded(reader)


def test_handover_caps_lists_and_stays_on_one_page(seeded: Database) -> None:
    seeded.clock = lambda: datetime(2026, 11, 17, 19, 0, tzinfo=UTC)  # 03:00 local
    for i in range(30):
        create_call(
            seeded,
            actor=ACTOR,
            customer_name=f"顾客 {i}",
            phone=f"+86 137 {i:04d} 1",
            address=f"上海市黄浦区福州路 {i} 号 很长的地址说明 Building {i}",
            lat=31.2,
            lon=121.4,
            category="leak",
            priority="emergency",
        )
    reader, text = read(build_handover_pdf(seeded, date="2026-11-18", lang="zh", paper="letter"))
    assert len(reader.pages) == 1
    assert "另有 17 条" in text  # 33 open, 16 shown
    assert "另有 16 条" in text  # 30 missed deadlines, 14 shown
