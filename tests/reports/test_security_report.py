"""The monthly security report: figures against an independent count, the PDF read back in
English and Chinese with its one embedded font, the CLI, and the hub request (admins and
supervisors only, audited)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from console import cli as core_cli
from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import AuditRecord
from console.errors import Forbidden, InvalidInput
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from reports.errors import ReportError
from reports.security import build_security_pdf
from reports.security_data import collect_security
from tests.helpers import security_oracle as oracle
from tests.helpers.hub_support import run, running_hub


def _text(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages), reader


def _fonts(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            f = font.get_object()
            desc = (f.get("/DescendantFonts") or [f])[0].get_object()
            assert "/FontFile2" in desc["/FontDescriptor"], f["/BaseFont"]
            names.add(str(f["/BaseFont"]).split("+")[-1])
    return names


def test_figures_match_an_independent_count(db: Database) -> None:
    oracle.write_month(db)
    d = collect_security(db, month=oracle.MONTH, tz=oracle.TZ.key)
    want = oracle.figures(db)
    assert {p.person: (p.sign_ins, p.failures) for p in d.people} == want["people"]
    assert want["people"] == {"ann": (2, 0), "bo": (1, 5), "mallory": (0, 1)}
    assert d.hours == want["hours"] and sum(a for a, _b in d.hours) == 3
    for name in oracle.SECTIONS:
        assert d.count(name) == want[name], name
    assert d.count("overrides") == want["overrides"] == 1


def test_pdf_reads_back_in_both_languages(db: Database) -> None:
    oracle.write_month(db)
    db.clock = lambda: oracle.END.astimezone(oracle.TZ)  # generated on Dec 1: cert in 9 days
    en, reader = _text(build_security_pdf(db, month=oracle.MONTH, tz=oracle.TZ.key))
    for needle in ("Monthly security audit report", "2026-11", "Lockouts (2)",
                   "Session revocations (1)", "laptop stolen", "only locksmith awake",
                   "Exports and prints of personal data (2)", "Retention runs (1)",
                   "off (loopback)", "renew now", "mallory", "203.0.113.7", "10.0.0.5:8765",
                   "Refused requests for personal data (1)"):
        assert needle in en, needle
    assert len(_fonts(reader)) == 1  # the one embedded report font
    zh, reader = _text(build_security_pdf(db, month=oracle.MONTH, tz=oracle.TZ.key, lang="zh"))
    flat = zh.replace("\n", "")  # CJK lines wrap anywhere
    for needle in ("月度安全审计报告", "账户锁定", "会话吊销", "只有他醒着", "请立即更新"):
        assert needle in flat, needle
    assert len(_fonts(reader)) == 1  # the one embedded report font
    with pytest.raises(ReportError, match="not a month"):
        build_security_pdf(db, month="2026-13", tz=oracle.TZ.key)


def test_cli_and_hub_request(db: Database, db_url: str, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    oracle.write_month(db)
    out = tmp_path / "sec.pdf"
    rc = core_cli.main(["report", "security", "--month", oracle.MONTH, "--db", db_url,
                        "--tz", oracle.TZ.key, "--lang", "zh", "--out", str(out)])
    assert rc == 0, capsys.readouterr().err
    assert "月度安全审计报告" in _text(out.read_bytes())[0]
    create_user(db, actor=SYSTEM, username="root", display_name="Root", role="admin",
                password="pw-root")

    async def scenario() -> bytes:
        async with running_hub(db) as hub:
            root = ConsoleClient(hub.url, username="root", password="pw-root")
            ann = ConsoleClient(hub.url, username="ann", password="pw-ann")
            await root.start()
            await ann.start()
            try:
                await root.wait_ready()
                await ann.wait_ready()
                with pytest.raises(Forbidden, match="needs the audit permission"):
                    await ann.security_report(month=oracle.MONTH)
                with pytest.raises(InvalidInput, match="not a month"):
                    await root.security_report(month="11-2026")
                return await root.security_report(month=oracle.MONTH, tz=oracle.TZ.key)
            finally:
                await root.close()
                await ann.close()

    pdf = run(scenario())
    assert "Lockouts (2)" in _text(pdf)[0]
    with db.reading() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.action.in_(
            ("print_report", "access_denied"))).order_by(AuditRecord.id.desc())).scalars().all()
    assert (rows[0].action, rows[0].actor, rows[0].after) == (
        "print_report", "user:3 Root",
        {"kind": "security_report", "period": "2026-11", "masked": False})
    assert rows[1].action == "access_denied" and "Ann" in rows[1].actor
