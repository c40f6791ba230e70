"""A console window fed from history: ``dispatch-console --replay DATE`` and File → Review a
night…. The real main window over a ``ReplaySource``, read-only (dispatch actions disabled
with the reason), with the replay bar and a Decisions dock."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from console import permissions
from console.errors import InvalidInput
from console.live_state import LiveState
from console.permissions import FULL
from console.replay import ReplaySource, Timeline, night_range, read_night
from console.replay.detail import ReplayDetails
from ui.dispatch_actions import DispatchActions
from ui.hub_bridge import HubBridge
from ui.replay.decisions_panel import DecisionsPanel
from ui.replay.replay_bar import ReplayBar
from ui.settings import Settings
from ui.shell.context import ConsoleContext

log = logging.getLogger(__name__)


def load_timeline(
    db_url: str, start: datetime, end: datetime, tz: str, visibility: str = FULL
) -> Timeline:
    """Blocking: read the range (read-only) and build the timeline; run it off the UI.
    ``visibility``: the viewer's customer-data class (console.permissions). A database that
    cannot be read is a ``ReplayError`` saying why."""
    return Timeline(read_night(db_url, start, end, tz, visibility=visibility))


async def load_timeline_async(
    db_url: str, start: datetime, end: datetime, tz: str, visibility: str = FULL
) -> Timeline:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, load_timeline, db_url, start, end, tz, visibility)


#: The window's actions that need the dispatch capability (ui.shell.main_window.ACTION_CAPS;
#: a test checks the two agree): disabled in a replay, with the reason.
DISPATCH_ACTIONS = ("new_call", "assign_top", "plan", "pin_call", "undo")

#: ``ui.shell.main_window.MainWindow`` (passed in: the shell's commands open replays, so
#: this module cannot import the window module).
WindowClass = Callable[[ConsoleContext], Any]


def build_replay_window(
    timeline: Timeline,
    settings: Settings,
    *,
    window_class: WindowClass,
    user: dict[str, Any] | None = None,
    with_map: bool = True,
) -> Any:
    source = ReplaySource(timeline, user)
    state = LiveState()
    # a seek is already built off the UI thread (the timeline); its state is swapped in at
    # once, so the window shows the moment the scrubber names
    bridge = HubBridge(source, state, prepare_off_thread=False)
    actions = DispatchActions(None, state, read_only=True)
    actions.clock = source.clock
    ctx = ConsoleContext(
        state=state,
        bridge=bridge,
        actions=actions,
        settings=settings,
        user=dict(source.user or {}),
        clock=source.clock,
        client=None,
        tz=timeline.tz,
        db_url=None,
        with_map=with_map,
        sound=False,
    )
    ctx.extras["layout_key"] = "replay_window"  # the live window's layout stays its own
    window = window_class(ctx)
    bridge.setParent(window)
    actions.setParent(window)
    reason = QCoreApplication.translate(
        "Replay", "This is a replay of a past night: nothing can be dispatched from it."
    )
    actions.read_only = True
    actions.read_only_reason = reason
    for action_id in DISPATCH_ACTIONS:
        act = window.actions_by_id.get(action_id)
        if act is not None:
            act.setEnabled(False)
            act.setToolTip(reason)
            act.setStatusTip(reason)
    local = timeline.start.astimezone(ZoneInfo(timeline.tz))
    window.setWindowTitle(
        QCoreApplication.translate(
            "Replay", "Night Dispatch Console — review of {start} to {end}"
        ).format(
            start=f"{local:%Y-%m-%d %H:%M}",
            end=f"{timeline.end.astimezone(local.tzinfo):%Y-%m-%d %H:%M}",
        )
    )
    window.status.show_replay()
    bar = ReplayBar(source, parent=window)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    decisions = DecisionsPanel(timeline.decisions, timeline.tz)
    window.add_panel(
        "decisions",
        QCoreApplication.translate("Replay", "Decisions"),
        decisions,
        Qt.DockWidgetArea.BottomDockWidgetArea,
    )
    bar.moment_changed.connect(decisions.show_until)
    # job details as they stood at the moment, from the night itself: there is no hub here
    detail = window.panel_set.detail
    detail.use_details(
        ReplayDetails(source, state),
        notes_closed=QCoreApplication.translate(
            "Replay", "This is a replay of a past night: notes cannot be added to it."
        ),
    )
    bar.moment_changed.connect(detail.refresh)
    ctx.extras["replay_bar"] = bar
    ctx.extras["decisions"] = decisions
    ctx.extras["timeline"] = timeline
    for text in timeline.history.warnings:
        window.toast.show_message(text)
    bar.seek(timeline.start)
    return window


class ReviewNightDialog(QDialog):
    """File → Review a night…: pick the night; the window opens beside this one."""

    def __init__(self, tz: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewNightDialog")
        self.setWindowTitle(QCoreApplication.translate("Replay", "Review a night"))
        self.date_edit = QDateEdit(QDate.currentDate().addDays(-1), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.rejected.connect(self.reject)  # Open loads first (review_night)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(
            QCoreApplication.translate("Replay", "Night starting (18:00–08:00):"), self.date_edit
        )
        form.addRow(self.message)
        form.addRow(buttons)
        self.tz = tz

    def night(self) -> date:
        value = self.date_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def range(self) -> tuple[datetime, datetime]:
        return night_range(self.night(), self.tz)


def review_night(parent: Any, window_class: WindowClass) -> QDialog:
    """Ask for the night, then load it off the UI thread and open its window; a night that
    cannot be replayed is said in the dialog, which stays open."""
    db_url = parent.ctx.db_url or ""
    dialog = ReviewNightDialog(parent.ctx.tz, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    user = dict(parent.ctx.user)
    windows: list[Any] = parent.ctx.extras.setdefault("replay_windows", [])

    async def load() -> None:
        start, end = dialog.range()
        dialog.message.setText(QCoreApplication.translate("Replay", "Loading the night…"))
        try:
            # the signed-in viewer sees customers as on their live console
            shown = permissions.visibility(str(user.get("role", "")))
            timeline = await load_timeline_async(db_url, start, end, parent.ctx.tz, shown)
        except InvalidInput as exc:  # bad range, empty night, old schema, unreadable database
            dialog.message.setText(str(exc))
            return
        except Exception as exc:  # a bug must not leave the dialog on "Loading the night…"
            log.exception("the night could not be loaded")
            dialog.message.setText(
                QCoreApplication.translate("Replay", "The night could not be loaded: {reason}")
                .format(reason=exc)
            )
            return
        window = build_replay_window(
            timeline,
            parent.ctx.settings,
            window_class=window_class,
            user=user,
            with_map=parent.ctx.with_map,
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        windows.append(window)
        window.destroyed.connect(lambda *_: windows.remove(window) if window in windows else None)
        window.show()
        dialog.done(QDialog.DialogCode.Accepted)

    def accepted() -> None:
        task = asyncio.get_running_loop().create_task(load())
        parent.ctx.extras["replay_task"] = task

    dialog.buttons.accepted.connect(accepted)
    dialog.show()
    return dialog
