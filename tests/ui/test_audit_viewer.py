"""The audit viewer's model (appended page by page, checked by qtmodeltester), its CSV and
its filters as the ``audit_trail`` request takes them."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from ui.audit.model import COLUMNS, AuditModel
from ui.audit.viewer import AuditViewer

ROW = {"id": 7, "at": "2026-11-20T03:30:00+00:00", "actor": "user:2 Sue", "action": "export",
       "entity": "export", "entity_id": None, "before": None,
       "after": {"kind": "calls", "rows": 3, "masked": True}, "reason": None}


def test_model_appends_pages_and_writes_csv(qtmodeltester: Any) -> None:
    model = AuditModel()
    model.append([ROW])
    model.append([{**ROW, "id": 6, "action": "assign_call", "reason": "only one awake, 李"}])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == len(COLUMNS)
    rows = list(csv.reader(io.StringIO(model.to_csv())))
    assert rows[0] == list(COLUMNS)
    assert rows[2][COLUMNS.index("reason")] == "only one awake, 李"
    assert '"masked": true' in rows[1][COLUMNS.index("details")]
    model.clear()
    assert model.rowCount() == 0


def test_filters_are_the_requests_fields(qtbot: Any) -> None:
    viewer = AuditViewer(client=None)
    qtbot.addWidget(viewer)
    viewer.person.setText(" Sue ")
    viewer.call.setText("#42")
    viewer.since.setText("2026-11-01T00:00+08:00")
    assert viewer.filters() == {"actor": "Sue", "action": None, "call_id": 42,
                                "since": "2026-11-01T00:00:00+08:00"}
    viewer.until.setText("yesterday")
    with pytest.raises(ValueError):
        viewer.filters()
