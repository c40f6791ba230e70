"""The audit trail's CSV export never hands a spreadsheet a formula: names typed at a failed
sign-in and free-text reasons are anyone's, so text that starts like a formula is written
as text; numbers stay numbers."""

from __future__ import annotations

import csv
import io

from ui.audit.model import COLUMNS, AuditModel

ROW = {"id": 9, "at": "2026-11-20T03:30:00+00:00", "actor": "system", "action": "sign_in_failed",
       "entity": "user", "entity_id": None, "before": None,
       "after": {"username": "=cmd|' /C calc'!A0", "reason": "unknown user"}, "reason": None}


def test_audit_csv_writes_formula_text_as_text() -> None:
    model = AuditModel()
    model.append([
        {**ROW, "actor": "@SUM(1+1)*cmd|' /C calc'!A0", "reason": "=HYPERLINK(\"http://x\")"},
        {**ROW, "id": 8, "actor": "user:3 Sue", "reason": "\t-2+3", "entity_id": -3},
        {**ROW, "id": 7, "reason": "+1 day, plumber late"},
    ])
    rows = list(csv.DictReader(io.StringIO(model.to_csv()), fieldnames=COLUMNS))[1:]
    assert rows[0]["actor"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows[0]["reason"] == "'=HYPERLINK(\"http://x\")"
    assert rows[1]["reason"] == "'\t-2+3" and rows[1]["entity_id"] == "-3"
    assert rows[2]["reason"] == "'+1 day, plumber late"
    assert rows[1]["actor"] == "user:3 Sue" and rows[0]["action"] == "sign_in_failed"
    assert rows[0]["details"].startswith('{"username": "=cmd')  # not at the cell's start
    assert model.data(model.index(0, COLUMNS.index("reason"))) == "=HYPERLINK(\"http://x\")"
