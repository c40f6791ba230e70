"""The replay window: the real main window over history, read-only, with the replay bar's
scrubber marks, mark-to-mark keys, play and jump to a call keeping the window's state equal
to the timeline's."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence

from console.replay import Timeline
from console.replay.decisions import PlannerProposal
from tests.helpers.replay_support import simulated_night, timeline_of
from ui.replay.decisions_panel import PLANNER_COLUMN, DecisionsPanel
from ui.replay.replay_bar import ReplayBar
from ui.replay.window import DISPATCH_ACTIONS, build_replay_window
from ui.settings import Settings
from ui.shell.main_window import ACTION_CAPS, MainWindow


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    return timeline_of(simulated_night(tmp_path_factory.mktemp("replayui15"), hours=0.75))


def _open(qtbot: QtBot, timeline: Timeline, settings: Settings) -> Any:
    window = build_replay_window(timeline, settings, window_class=MainWindow, with_map=False)
    qtbot.addWidget(window)
    return window


def _calls(window: Any) -> dict[int, Any]:
    return dict(window.ctx.state.calls)


def test_scrubber_marks_and_mark_keys(
    qtbot: QtBot, timeline: Timeline, fresh_settings: Settings
) -> None:
    window = _open(qtbot, timeline, fresh_settings)
    bar: ReplayBar = window.ctx.extras["replay_bar"]
    marks = timeline.marks
    assert len(marks) >= 3
    start = timeline.start
    assert bar.scrubber.marks == [((m.at - start).total_seconds(), m.kind) for m in marks]
    assert QKeySequence("Alt+Right") in bar.next_action.shortcuts()
    bar.next_action.trigger()
    assert bar.source.now == marks[0].at
    assert _calls(window) == dict(timeline.state_at(marks[0].at).calls)
    distinct = sorted({m.at for m in marks})
    bar.next_action.trigger()  # a short step forward plays the events instead of a snapshot
    assert bar.source.now == distinct[1]
    assert _calls(window) == dict(timeline.state_at(distinct[1]).calls)
    bar.prev_action.trigger()
    assert bar.source.now == distinct[0]
    # the handle sits where the moment is
    assert bar.scrubber.position_s == pytest.approx((distinct[0] - start).total_seconds())


def test_play_and_jump_keep_the_window_equal_to_the_timeline(
    qtbot: QtBot, timeline: Timeline, fresh_settings: Settings
) -> None:
    window = _open(qtbot, timeline, fresh_settings)
    bar: ReplayBar = window.ctx.extras["replay_bar"]
    first = timeline.events[0].at  # the simulated night starts at 21:00
    bar.seek(first)
    played = bar.advance(40 * 60)  # forty minutes of the night, as the timer would
    assert played == timeline.index_at(first + timedelta(minutes=40)) - timeline.index_at(first)
    assert played > 10
    assert _calls(window) == dict(timeline.state_at(bar.source.now).calls)
    assert window.ctx.clock() == bar.source.now  # SLA countdowns read the replayed moment
    decisions = window.ctx.extras["decisions"].model
    assert decisions.rowCount() == sum(1 for d in timeline.decisions if d.at <= bar.source.now)
    call_id = max(timeline.history.final_calls)
    assert bar.jump_to_call(call_id)
    assert bar.source.now == timeline.history.final_calls[call_id].created_at
    assert call_id in window.ctx.state.calls
    assert not bar.jump_to_call(10_000)
    assert decisions.rowCount() == sum(1 for d in timeline.decisions if d.at <= bar.source.now)


def test_replay_window_refuses_dispatch_with_the_reason(
    qtbot: QtBot, timeline: Timeline, fresh_settings: Settings
) -> None:
    window = _open(qtbot, timeline, fresh_settings)
    bar: ReplayBar = window.ctx.extras["replay_bar"]
    bar.seek(timeline.events[0].at + timedelta(minutes=30))
    # every action that needs the dispatch capability is off in a replay, whatever the role
    assert set(DISPATCH_ACTIONS) == {a for a, cap in ACTION_CAPS.items() if cap == "dispatch"}
    assert not any(window.actions_by_id[a].isEnabled() for a in DISPATCH_ACTIONS)
    actions = window.ctx.actions
    call = next(iter(window.ctx.state.calls.values()))
    tech = next(iter(window.ctx.state.technicians))
    with qtbot.waitSignal(actions.failed, timeout=1000) as said:
        actions.assign(call.id, tech)
    assert "replay" in said.args[0]
    # the status bar says there is no hub behind the window, not "Connected"
    assert window.status.state_text() == "▶ Replay from history (no hub)"
    assert window.status.latency.isHidden()


def test_review_a_night_from_the_file_menu(make_main_window: Any, arun: Any, qtbot: QtBot) -> None:
    """Supervisors and trainers find File → Review a night…; a night with nothing in it is
    answered in the dialog, which stays open."""
    assert not make_main_window("dispatcher").allowed("review_night")
    window = make_main_window("supervisor")
    action = window.actions_by_id["review_night"]
    assert action in window.menus["file"].actions() and action.isEnabled()
    dialog = window.commands.review_night()
    dialog.date_edit.setDate(QDate(2020, 1, 6))

    async def open_night() -> None:
        dialog.buttons.accepted.emit()
        await window.ctx.extras["replay_task"]

    arun(open_night())
    assert "nothing happened" in dialog.message.text()
    assert dialog.isVisible()
    dialog.close()


def test_an_unreadable_database_is_said_in_the_dialog(
    make_main_window: Any, arun: Any, tmp_path: Path
) -> None:
    """A corrupt database file: the dialog says why and stays open (not "Loading…")."""
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x00junk\xff" * 1000)
    window = make_main_window("supervisor")
    window.ctx.db_url = f"sqlite:///{junk}"  # as if started with --db on that file
    dialog = window.commands.review_night()
    dialog.date_edit.setDate(QDate(2026, 3, 10))

    async def open_night() -> None:
        dialog.buttons.accepted.emit()
        await window.ctx.extras["replay_task"]

    arun(open_night())
    assert dialog.message.text().startswith("cannot read sqlite:///")
    assert "file is not a database" in dialog.message.text()
    assert dialog.isVisible()
    dialog.close()


def test_replay_from_the_command_line_says_an_unreadable_database_in_one_line(
    arun: Any, tmp_path: Path, fresh_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """``dispatch-console --replay DATE --db URL`` on a corrupt file or a server that is
    down: one line on stderr and exit code 2, no traceback, no window."""
    from ui.app import _replay, build_parser

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x00junk\xff" * 1000)
    fresh_settings.set("timezone", "Asia/Shanghai")
    for url, said in (
        (f"sqlite:///{junk}", "file is not a database"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/center", "refused"),
    ):
        args = build_parser().parse_args(["--replay", "2026-03-10", "--db", url])
        assert arun(_replay(args, fresh_settings, asyncio.Event())) == 2
        out = capsys.readouterr()
        lines = out.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dispatch-console --replay: cannot read")
        assert said in lines[0].lower() and "Traceback" not in out.err


def test_review_a_night_is_shown_disabled_on_a_hub_only_desk(make_main_window: Any) -> None:
    """A supervisor on a --hub console sees File → Review a night… greyed, with the reason
    (hover: tooltip and status bar); it opens nothing. A dispatcher still does not see it."""
    window = make_main_window("supervisor", hub_only=True)
    action = window.actions_by_id["review_night"]
    assert action in window.menus["file"].actions()
    assert action.isVisible() and not action.isEnabled()
    assert "needs the center's database" in action.toolTip()
    assert "--db" in action.toolTip() and action.statusTip() == action.toolTip()
    assert window.menus["file"].toolTipsVisible()
    assert window.commands.review_night() is None
    desk = make_main_window("dispatcher", hub_only=True)
    assert not desk.actions_by_id["review_night"].isVisible()
    assert desk.actions_by_id["review_night"] not in desk.menus["file"].actions()


def test_decisions_show_what_the_planner_would_have_proposed(
    qtbot: QtBot, timeline: Timeline, fresh_settings: Settings
) -> None:
    """The newest decision is put to the planner as the replay reaches it, any other when a
    reviewer selects it; the answer comes from a worker process, the window never waits."""
    window = _open(qtbot, timeline, fresh_settings)
    bar: ReplayBar = window.ctx.extras["replay_bar"]
    panel: DecisionsPanel = window.ctx.extras["decisions"]
    model = panel.model
    assert model.headerData(PLANNER_COLUMN, Qt.Orientation.Horizontal) == "Planner proposed"
    bar.seek(timeline.events[0].at)
    bar.advance(40 * 60)
    shown = model.rowCount()
    assert shown >= 2
    newest = shown - 1
    assert model.planner.get(newest, "") is None  # being worked out ...
    assert model.index(newest, PLANNER_COLUMN).data() == "planning…"
    qtbot.waitUntil(lambda: model.planner.get(newest) is not None, timeout=60_000)
    answer = model.planner[newest]
    assert isinstance(answer, PlannerProposal), answer
    assert answer.call_id == model.decisions[newest].call_id
    text = model.index(newest, PLANNER_COLUMN).data()
    assert (answer.names and answer.names[0] in text) or text.startswith("leave waiting")
    # a reviewer selects the first decision: it is asked in turn
    assert 0 not in model.planner
    panel.view.selectRow(0)
    qtbot.waitUntil(lambda: isinstance(model.planner.get(0), PlannerProposal), timeout=60_000)
    first = model.planner[0]
    assert isinstance(first, PlannerProposal) and first.call_id == model.decisions[0].call_id
    assert "solved in" in model.index(0, PLANNER_COLUMN).data(Qt.ItemDataRole.ToolTipRole)


def test_a_review_window_keeps_its_own_layout(
    qtbot: QtBot, timeline: Timeline, fresh_settings: Settings
) -> None:
    """Closing a replay saves its layout apart: the live window's docks stay as they were."""
    fresh_settings.set("window/state", b"live layout")
    window = _open(qtbot, timeline, fresh_settings)
    window.close()
    assert fresh_settings.get("window/state") == b"live layout"
    assert fresh_settings.get("replay_window/state")  # the review window's own
