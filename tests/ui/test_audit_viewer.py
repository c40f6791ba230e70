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


def test_viewer_and_security_report_from_the_reports_menu(
    make_main_window: Any, hub_env: Any, arun: Any, tmp_path: Any
) -> None:
    from pathlib import Path

    from sqlalchemy import select

    from console.db.models import AuditRecord
    from tests.ui.conftest import until
    from ui.audit.security_report import SecurityReportDialog

    sup = make_main_window("supervisor")
    sup.actions_by_id["audit_trail"].trigger()
    viewer = sup.commands.dialogs["audit_trail"]
    assert isinstance(viewer, AuditViewer)
    arun(until(lambda: viewer.model.rowCount() > 0, what="first page"))
    with hub_env.db.reading() as s:
        newest = s.execute(select(AuditRecord.id).order_by(AuditRecord.id.desc())).first()
    assert newest is not None and viewer.model.rows[0]["id"] == newest[0]
    out = Path(tmp_path) / "audit.csv"
    arun(viewer.export_to(out))
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("at,actor,action")
    sup.actions_by_id["security_report"].trigger()
    dialog = sup.commands.dialogs["security_report"]
    assert isinstance(dialog, SecurityReportDialog)
    dialog.month.setText("2026-13")
    arun(dialog.save_to(Path(tmp_path) / "bad.pdf"))
    assert "not a month" in dialog.status.text()
    dialog.month.setText("2026-11")
    arun(dialog.save_to(Path(tmp_path) / "sec.pdf"))
    assert (Path(tmp_path) / "sec.pdf").read_bytes().startswith(b"%PDF")
    with hub_env.db.reading() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.action.in_(
            ("export", "print_report"))).order_by(AuditRecord.id)).scalars().all()
    assert [(r.action, (r.after or {}).get("kind")) for r in rows] == [
        ("export", "audit_csv"), ("print_report", "security_report")]
    viewer.close()
    dialog.close()
    dispatcher = make_main_window("dispatcher")
    assert not dispatcher.actions_by_id["audit_trail"].isVisible()
    assert dispatcher.commands.audit_trail() is None


def test_a_weekly_report_saved_in_the_window_is_recorded(
    make_main_window: Any, hub_env: Any, arun: Any
) -> None:
    from sqlalchemy import select

    from console.db.models import AuditRecord
    from tests.ui.conftest import until

    sup = make_main_window("supervisor")
    dialog = sup.commands.weekly_report()
    assert dialog is not None
    dialog.delivered.emit("2026-W47", "weekly-2026-W47-en.pdf")  # what save_to announces

    def recorded() -> list[AuditRecord]:
        with hub_env.db.reading() as s:
            return list(s.execute(select(AuditRecord).where(
                AuditRecord.action == "print_report")).scalars())

    rows = arun(until(recorded, what="print_report row"))
    assert rows[0].after == {"kind": "weekly_report", "period": "2026-W47 weekly-2026-W47-en.pdf",
                             "masked": True}
    dialog.close()
