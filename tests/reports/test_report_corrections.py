"""What an independent recount of the reports found, each pinned: the p90 method stated,
figures rounded once from exact values, the Chinese word for a call coming in, Chinese line
breaking, same-named technicians told apart, the handover as of 08:00 with columns that fit,
and utilization from the shifts actually worked."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepInFrame, Table

from console.db.engine import Database
from console.db.models import Call
from console.services import advance_status, assign_call, complete_call, set_technician_status
from reports import i18n
from reports.handover import HandoverRenderer, build_handover_pdf
from reports.lists import sla_breaches
from reports.overnight import Incident, overnight
from reports.period import overnight as overnight_window
from reports.period import parse_week
from reports.technicians import week_technicians
from reports.weekly import build_weekly_pdf
from tests.helpers import reports_oracle as oracle
from tests.helpers.reports_dataset import ACTOR, TZ, Writer, _day, local

ROOT = Path(__file__).resolve().parents[2]
CLOSING = "：，。；！？、）》」』】”’%"


def lines(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [ln.strip() for page in reader.pages for ln in page.extract_text().splitlines()]


def flat(pdf: bytes) -> str:
    return " ".join(" ".join(lines(pdf)).split())


def test_definitions_say_how_p90_is_computed_and_how_figures_are_rounded() -> None:
    en, zh = i18n.Text("en")("def_text"), i18n.Text("zh")("def_text")
    assert "p90" in en and "linear interpolation" in en and "rounded once" in en
    assert "P90" in zh and "线性插值" in zh and "四舍五入" in zh


def test_lateness_is_rounded_once_from_the_exact_value(db: Database) -> None:
    """On site 293.34999 min after the deadline (a fraction of .9996 s): 293.3, not 293.4."""
    w = Writer(db)
    tech = w.tech("t", "X", [(d, "00:00", "00:00") for d in range(7)])
    call_id = w.call("late", local(_day(1), "01:00"), "leak", "normal", "phone", "A", "B")
    with db.reading() as s:
        deadline = s.get(Call, call_id).sla_deadline  # type: ignore[union-attr]
    w.run(call_id, tech, deadline - timedelta(minutes=100),
          deadline + timedelta(seconds=17600.9996))
    # and a call 0.4 ms before 22:00 is still a day call in hour 21
    w.call("edge", local(_day(2), "21:59:59.9996"), "leak", "normal", "phone", "C", "D")
    week = parse_week("2026-W47", TZ)
    with db.reading() as s:
        late = sla_breaches(s, week, 10).rows[0].late_s
    assert late == pytest.approx(17600.9996, abs=1e-4)
    text = flat(build_weekly_pdf(db, week="2026-W47", tz="Asia/Shanghai", lang="en"))
    assert "293.3 min" in text and "293.4" not in text
    from reports.breakdowns import week_breakdowns

    with db.reading() as s:
        hours = week_breakdowns(s, week).hours
    assert hours[21].calls == 1 and hours[22].calls == 0


def test_chinese_uses_one_word_for_a_call_coming_in() -> None:
    zh = {key: pair[1] for key, pair in i18n._T.items()}
    assert "响应时间：来电至到场" in zh["def_text"] and "派单时间：来电至派单" in zh["def_text"]
    assert zh["col_received"] == "来电时间"
    everything = "".join(zh.values()) + "".join(i18n._NAMES_ZH.values())
    # 接单 is a technician taking the job: only the 'accepted' status may say it
    assert everything.count("接单") == everything.count("已接单") == 1
    ts = ET.parse(ROOT / "resources" / "i18n" / "dispatch_zh_CN.ts")
    created = [m.findtext("translation") for m in ts.iter("message")
               if m.findtext("source") == "Created"]
    assert created == ["来电"], "the window's first step of a call uses the same word"


def test_chinese_lines_never_start_with_closing_punctuation(shared_db: Database) -> None:
    for paper in ("a4", "letter"):
        pdf = build_weekly_pdf(shared_db, week="2026-W47", tz="Asia/Shanghai", lang="zh",
                               paper=paper)
        bad = [ln for ln in lines(pdf) if ln and ln[0] in CLOSING]
        assert not bad, bad


def test_same_named_technicians_show_their_numbers(db: Database) -> None:
    w = Writer(db)
    ids = [w.tech(f"c{i}", "陈师傅", [(0, "18:00", "02:00")]) for i in range(3)]
    for i, tech in enumerate(ids):
        call_id = w.call(f"k{i}", local(_day(0), f"19:0{i}"), "leak", "normal", "phone",
                         f"客{i}", "地址")
        w.run(call_id, tech, local(_day(0), f"19:1{i}"), local(_day(0), f"19:3{i}"))
    for lang in ("en", "zh"):
        text = lines(build_weekly_pdf(db, week="2026-W47", tz="Asia/Shanghai", lang=lang))
        # each cell reads back as its own line: the number is the cell before the name
        numbers = [text[i - 1] for i, ln in enumerate(text) if ln == "陈师傅"]
        assert sorted(int(n) for n in numbers) == ids, numbers


def _fits(tables: list[Table]) -> list[str]:
    """Plain-text cells wider than their column (less the 6 pt padding each side)."""
    over = []
    for table in tables:
        font, size = table._cellStyles[0][0].fontname, table._cellStyles[0][0].fontsize
        for row in table._cellvalues:
            for value, width in zip(row, table._colWidths, strict=True):
                if isinstance(value, str) and stringWidth(value, font, size) > width - 12:
                    over.append(value)
    return over


def test_handover_lists_what_was_open_at_08_00_in_columns_that_fit(db: Database) -> None:
    w = Writer(db)
    tech = w.tech("t", "Wang", [(d, "18:00", "08:00") for d in range(7)])
    night_end = local(date(2026, 11, 17), "08:00")
    open_then = w.call("a", night_end - timedelta(hours=1), "appliance_repair", "normal",
                       "phone", "Late Caller", "1 Road")
    w.run(open_then, tech, night_end - timedelta(minutes=50), night_end - timedelta(minutes=20))
    w.step(night_end + timedelta(hours=1), complete_call, call_id=open_then, price_charged=10.0)
    after = w.call("b", night_end + timedelta(minutes=30), "appliance_repair", "normal",
                   "phone", "Morning Caller", "2 Road")
    now = night_end + timedelta(minutes=90)
    period = overnight_window(date(2026, 11, 17), TZ)
    with db.reading() as s:
        data = overnight(s, period, as_of=period.end)
    assert [c.call_id for c in data.open_calls] == [open_then] and data.open_total == 1
    for lang in ("en", "zh"):
        pdf = build_handover_pdf(db, date="2026-11-17", lang=lang, now=now)
        text = flat(pdf)
        assert f"#{open_then}" in text and f"#{after}" not in text
        assert "2026-11-17 08:00" in text and ("Open now" not in text)
        # a real center's call numbers run to six digits
        big = replace(data.open_calls[0], call_id=123456, category="electrical_fault")
        incident = Incident(night_end, "cancelled", 123457, "appliance_repair", "C", "A", "",
                            "customer fixed it")
        wide = replace(data, open_calls=[big], incidents=[incident], cancelled=1)
        renderer = HandoverRenderer(wide, center=_center(), period=period, now=now,
                                    lang=lang, paper="a4")
        frame = renderer._story()[0]
        assert isinstance(frame, KeepInFrame)
        tables = [f for f in frame._content if isinstance(f, Table)]
        assert len(tables) == 3 and not _fits(tables), _fits(tables)


def _center():  # type: ignore[no-untyped-def]
    from reports.data import Center

    return Center(name="Center", currency="¥")


def test_utilization_uses_the_shifts_actually_worked(db: Database) -> None:
    """A recorded shift (start 18:00, a break, end 02:00 = 8 h on shift) beats the nominal
    window (here 12 h); a technician with no recorded step falls back to the window."""
    w = Writer(db)
    worked = w.tech("w", "Worked", [(0, "18:00", "06:00")])
    nominal = w.tech("n", "Nominal", [(0, "20:00", "04:00")])
    w.at(local(_day(-2), "12:00"))  # Writer.tech put both on shift on Nov 1: end that
    for tech in (worked, nominal):
        set_technician_status(db, actor=ACTOR, technician_id=tech, status="off_duty")
    for at, status in (("18:00", "available"), ("20:00", "on_break"), ("20:30", "available")):
        w.at(local(_day(0), at))
        set_technician_status(db, actor=ACTOR, technician_id=worked, status=status)
    for tech, hhmm in ((worked, "21:00"), (nominal, "21:30")):
        call_id = w.call(f"j{tech}", local(_day(0), hhmm), "leak", "normal", "phone",
                         f"C{tech}", "Road")
        w.step(local(_day(0), hhmm) + timedelta(minutes=1), assign_call, call_id=call_id,
               technician_id=tech, override_reason="test")
        for i, step in enumerate(("accepted", "en_route", "on_site"), start=2):
            w.step(local(_day(0), hhmm) + timedelta(minutes=i), advance_status,
                   call_id=call_id, to=step)
        w.step(local(_day(0), hhmm) + timedelta(minutes=64), complete_call, call_id=call_id,
               price_charged=10.0)
    w.at(local(_day(1), "02:00"))
    set_technician_status(db, actor=ACTOR, technician_id=worked, status="off_duty")
    w.at(datetime(2026, 12, 10, tzinfo=UTC))
    week = parse_week("2026-W47", TZ)
    with db.reading() as s:
        rows = {r.id: r for r in week_technicians(s, week)}
    want = oracle.technicians(oracle.load(db), week.start, week.end)
    assert rows[worked].shift_s == want[worked]["shift_s"] == 8 * 3600
    assert rows[nominal].shift_s == want[nominal]["shift_s"] == 8 * 3600
    assert rows[worked].shift_recorded and not rows[nominal].shift_recorded
    assert rows[worked].utilization == pytest.approx(1 / 8)
    text = flat(build_weekly_pdf(db, week="2026-W47", tz="Asia/Shanghai", lang="en"))
    assert text.count("12.5%*") == 1 and text.count("12.5%") == 2  # * marks the window
    assert "shift start and end" in i18n.Text("en")("t_note")
    assert "班次开始和结束" in i18n.Text("zh")("t_note")
