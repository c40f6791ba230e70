"""A console connected with ``--hub`` only has no database: the hub builds the weekly PDF for
a supervisor (in its report process) and refuses other roles and bad input with a reason."""

from __future__ import annotations

import asyncio
import io

import pytest
from pypdf import PdfReader

from console.client import ConsoleClient
from console.db.engine import Database
from console.errors import Forbidden, InvalidInput
from console.hub import Hub, pdf_process
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.reports_dataset import build


def test_the_hub_builds_the_weekly_report_for_a_supervisor(db: Database) -> None:
    build(db)
    for name, role in (("sue", "supervisor"), ("dan", "dispatcher")):
        create_user(db, actor=SYSTEM, username=name, display_name=name, role=role,
                    password="pw-" + name)

    async def scenario() -> tuple[bytes, list[Exception]]:
        hub = Hub(db)
        await hub.start()
        try:
            sue = ConsoleClient(hub.url, username="sue", password="pw-sue")
            dan = ConsoleClient(hub.url, username="dan", password="pw-dan")
            for c in (sue, dan):
                await c.start()
                await c.wait_ready()
            pdf = await sue.weekly_report(week="2026-W47", lang="zh", paper="letter")
            errors: list[Exception] = []
            for client, week in ((dan, "2026-W47"), (sue, "2026-W99"), (sue, "last week")):
                try:
                    await client.weekly_report(week=week)
                except Exception as exc:  # collected and checked below
                    errors.append(exc)
            for c in (sue, dan):
                await c.close()
            return pdf, errors
        finally:
            await hub.stop()

    pdf, errors = asyncio.run(scenario())
    # built in the hub's report process, never on a thread holding the event loop's GIL
    # (tests/console/hub/test_pdf_process.py shows that process is another one)
    assert pdf_process.running()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "每周成本与绩效报告" in text and "2026-W47" in text
    assert round(float(reader.pages[0].mediabox.width)) == 612  # letter
    assert [type(e) for e in errors] == [Forbidden, InvalidInput, InvalidInput]
    assert "reports" in str(errors[0]) and "2026-W99" in str(errors[1])


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_report_permission_follows_the_role_table(role: str) -> None:
    from console.operations import lookup
    from console.permissions import require

    op = lookup("console", "weekly_report")
    assert op is not None
    require(role, op.type, op.capability)
    with pytest.raises(Forbidden):
        require("dispatcher", op.type, op.capability)
