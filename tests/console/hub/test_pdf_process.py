"""The hub's report process: a PDF is built in another process from the database's URL with
the hub's clock, a refusal crosses back with its details, and a report process that dies
costs one report (with a reason), not the hub's ability to print."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from console.db.engine import Database
from console.errors import InvalidInput
from console.hub import pdf_process
from console.hub.pdf_process import ReportWorkerLost, build_pdf, shareable

TARGET = "tests.helpers.pdf_targets"


@pytest.fixture(autouse=True, scope="module")
def report_process() -> Iterator[None]:
    yield
    pdf_process.shutdown()


def test_the_build_runs_in_another_process_with_the_hubs_clock(db: Database) -> None:
    frozen = datetime(2026, 11, 27, 3, 15, tzinfo=UTC)
    hub_db = Database(db.url, clock=lambda: frozen)
    try:
        answer = build_pdf(hub_db, TARGET + ":where", note="x").decode()
    finally:
        hub_db.dispose()
    pid, now, url, note = answer.split("|")
    assert int(pid) != os.getpid()
    assert datetime.fromisoformat(now) == frozen and url == db.url and note == "x"


def test_a_refusal_keeps_its_details_across_the_process(db: Database) -> None:
    with pytest.raises(InvalidInput) as refused:
        build_pdf(db, TARGET + ":refuse", week="2026-W99")
    assert refused.value.message == "2026-W99 is not an ISO week"
    assert refused.value.to_wire() == {"code": "invalid", "reason": "2026-W99 is not an ISO week",
                                       "field": "week"}


def test_a_dead_report_process_costs_one_report_not_the_next(db: Database) -> None:
    pid = int(build_pdf(db, TARGET + ":where", note="").decode().split("|")[0])
    with pytest.raises(ReportWorkerLost, match="ask for the report again"):
        build_pdf(db, TARGET + ":die", pid=pid, sig=int(signal.SIGKILL))
    again = int(build_pdf(db, TARGET + ":where", note="").decode().split("|")[0])
    assert again not in (pid, os.getpid())


def test_only_a_database_another_process_can_open_goes_to_the_worker() -> None:
    assert not shareable("sqlite:///:memory:") and not shareable("sqlite://")
    assert shareable("sqlite:////var/lib/dispatch/console.db")
    assert shareable("postgresql+psycopg://postgres@127.0.0.1:5432/test")
