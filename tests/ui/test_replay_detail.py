"""Job details in a replay come from the replayed night, as they stood at the moment: the
notes written by then (not later ones), the customer's calls made by then, and never a
complaint about a missing hub client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import Event
from console.replay import Timeline
from console.services.actors import Actor
from console.services.calls import create_call
from console.services.progress import add_note
from tests.helpers.replay_support import simulated_night, timeline_of
from ui.panels.job_detail import JobDetailPanel
from ui.replay.replay_bar import ReplayBar
from ui.replay.window import build_replay_window
from ui.settings import Settings
from ui.shell.main_window import MainWindow

ANN = Actor("user", 1, "Ann", "dispatcher")


@dataclass(frozen=True)
class NotedNight:
    timeline: Timeline
    call_id: int
    first_note: datetime  # "gate code 4711"
    second_note: datetime  # "leak is worse" (written later)
    revisit: int  # the same customer's next call, made after both notes
    revisit_at: datetime


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NotedNight]:
    """A simulated night, then two notes on call 1 and a second call from its customer,
    written after the night's last event (seq and time stay in the same order)."""
    url = simulated_night(tmp_path_factory.mktemp("replaydetail"), hours=0.5)
    now = [datetime.min]
    db = Database(url, clock=lambda: now[0])
    try:
        with db.reading() as session:
            last = session.execute(select(func.max(Event.at))).scalar_one()
        call = db_call(db, 1)
        moments = [last + timedelta(minutes=m) for m in (10, 30, 40)]
        now[0] = moments[0]
        add_note(db, actor=ANN, call_id=call["id"], text="gate code 4711")
        now[0] = moments[1]
        add_note(db, actor=ANN, call_id=call["id"], text="leak is worse")
        now[0] = moments[2]
        revisit = create_call(
            db,
            actor=ANN,
            customer_name=call["name"],
            phone=call["phone"],
            address=call["address"],
            lat=call["lat"],
            lon=call["lon"],
            category="leak",
        )
    finally:
        db.dispose()
    yield NotedNight(timeline_of(url), call["id"], moments[0], moments[1], revisit.id, moments[2])


def db_call(db: Database, call_id: int) -> dict[str, Any]:
    from console.db.models import Call

    with db.reading() as session:
        row = session.get(Call, call_id)
        assert row is not None
        return {
            "id": row.id,
            "name": row.customer.name,
            "phone": row.customer.phone,
            "address": row.customer.address,
            "lat": row.lat,
            "lon": row.lon,
        }


def _open(qtbot: QtBot, timeline: Timeline, settings: Settings) -> Any:
    window = build_replay_window(timeline, settings, window_class=MainWindow, with_map=False)
    qtbot.addWidget(window)
    return window


def _shown(qtbot: QtBot, panel: JobDetailPanel, *, has: str, lacks: str = "") -> str:
    """Wait until the panel's details say ``has`` (and not ``lacks``); return its text."""
    qtbot.waitUntil(
        lambda: (
            panel.detail is not None
            and has in panel.text()
            and not (lacks and lacks in panel.text())
        ),
        timeout=5000,
    )
    return panel.text()


def test_a_replayed_call_shows_its_notes_as_they_stood(
    qtbot: QtBot, qloop: Any, night: NotedNight, fresh_settings: Settings
) -> None:
    window = _open(qtbot, night.timeline, fresh_settings)
    bar: ReplayBar = window.ctx.extras["replay_bar"]
    panel: JobDetailPanel = window.panel_set.detail
    bar.seek(night.first_note + timedelta(minutes=5))
    assert window.panel_set.queue.select_call(night.call_id)  # as a reviewer clicks it
    assert panel.call_id == night.call_id
    text = _shown(qtbot, panel, has="gate code 4711")
    assert "leak is worse" not in text  # written 20 minutes later
    assert "Ann" in text
    # the customer's next call is not made yet; older calls are said to be outside
    assert f"#{night.revisit}" not in text
    assert "are not part of this replay" in text
    assert panel.message.text() == ""  # never "no hub client"

    bar.seek(night.revisit_at + timedelta(minutes=1))  # playing on: the second note, the call
    text = _shown(qtbot, panel, has="leak is worse")
    assert "gate code 4711" in text
    qtbot.waitUntil(lambda: f"#{night.revisit}" in panel.text(), timeout=5000)

    bar.seek(night.second_note - timedelta(minutes=1))  # and back: the later note is gone
    _shown(qtbot, panel, has="gate code 4711", lacks="leak is worse")
    assert panel.message.text() == ""


def test_notes_cannot_be_added_in_a_replay_and_the_panel_says_why(
    qtbot: QtBot, qloop: Any, night: NotedNight, fresh_settings: Settings
) -> None:
    window = _open(qtbot, night.timeline, fresh_settings)
    panel: JobDetailPanel = window.panel_set.detail
    window.ctx.extras["replay_bar"].seek(night.first_note)
    panel.show_call(night.call_id)
    assert not panel.note.isEnabled() and not panel.note_button.isEnabled()
    panel.note.setText("typed anyway")
    assert not panel.add_note()
    assert "replay" in panel.message.text()
    assert "hub client" not in panel.message.text()
