"""A console connected with ``--hub`` only has no database: the hub builds the weekly PDF for
a supervisor (off the event loop) and refuses other roles and bad input with a reason."""

from __future__ import annotations

import asyncio
import io

import pytest
from pypdf import PdfReader

from console.client import ConsoleClient
from console.db.engine import Database
from console.errors import Forbidden, InvalidInput
from console.hub import Hub
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.reports_dataset import build


def test_the_hub_builds_the_weekly_report_for_a_supervisor(db: Database) -> None:
    build(db)
    for name, role in (("sue", "supervisor"), ("dan", "dispatcher")):
        create_user(db, actor=SYSTEM, username=name, display_name=name, role=role,
                    password="pw-" + name)

    async def scenario() -> tuple[bytes, list[Exception], float, float]:
        hub = Hub(db)
        await hub.start()
        try:
            sue = ConsoleClient(hub.url, username="sue", password="pw-sue")
            dan = ConsoleClient(hub.url, username="dan", password="pw-dan")
            for c in (sue, dan):
                await c.start()
                await c.wait_ready()
            loop = asyncio.get_running_loop()
            lag = 0.0

            async def watch() -> None:  # the event loop keeps turning while the PDF is built
                nonlocal lag
                while True:
                    t = loop.time()
                    await asyncio.sleep(0.01)
                    lag = max(lag, loop.time() - t - 0.01)

            watcher = asyncio.create_task(watch())
            began = loop.time()
            pdf = await sue.weekly_report(week="2026-W47", lang="zh", paper="letter")
            took = loop.time() - began
            watcher.cancel()
            errors: list[Exception] = []
            for client, week in ((dan, "2026-W47"), (sue, "2026-W99"), (sue, "last week")):
                try:
                    await client.weekly_report(week=week)
                except Exception as exc:  # collected and checked below
                    errors.append(exc)
            for c in (sue, dan):
                await c.close()
            return pdf, errors, lag, took
        finally:
            await hub.stop()

    pdf, errors, lag, took = asyncio.run(scenario())
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "每周成本与绩效报告" in text and "2026-W47" in text
    assert round(float(reader.pages[0].mediabox.width)) == 612  # letter
    assert [type(e) for e in errors] == [Forbidden, InvalidInput, InvalidInput]
    assert "reports" in str(errors[0]) and "2026-W99" in str(errors[1])
    # built off the event loop: the loop's longest pause is a small part of the build (built
    # on the loop, it would be nearly all of it); relative, so a loaded machine slows both
    assert lag < took / 2, f"the event loop stalled {lag:.2f}s of a {took:.2f}s build"


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_report_permission_follows_the_role_table(role: str) -> None:
    from console.operations import lookup
    from console.permissions import require

    op = lookup("console", "weekly_report")
    assert op is not None
    require(role, op.type, op.capability)
    with pytest.raises(Forbidden):
        require("dispatcher", op.type, op.capability)
