"""Auto-dispatched jobs on the shift timeline: a call the real hub assigned under an auto
policy draws an "A" badge and says so in its tooltip, live and after a fresh snapshot; a
dispatcher's assignment does not, in the night and the day theme."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from console.db.engine import Database
from console.services import Actor
from console.services.policy import AUTO_ACTOR, set_policy
from console.timezone import CENTER_TZ
from tests.helpers.panels_support import (
    Clock,
    HubRig,
    add_call,
    add_tech,
    collect_qt_garbage,  # noqa: F401 - autouse: collect garbage on the Qt thread
    hub_rig_fixture,  # noqa: F401 - the hub_rig fixture
    next_night_hour,
)
from ui import theme
from ui.panels.timeline import Bar, TimelinePanel
from ui.panels.timeline_marks import badge_rect

ADMIN = Actor("user", 9, "Ada", role="admin")


def _night_clock(db: Database) -> None:
    """Move the hub's clock (still ticking) to 22:00 local, so the bars sit mid-night."""
    offset = next_night_hour(datetime.now(UTC)) - datetime.now(UTC)
    db.clock = lambda: datetime.now(UTC) + offset


def _badge_pixel(panel: TimelinePanel, bar: Bar) -> QColor:
    image: QImage = panel.view.viewport().grab().toImage()
    if shots := os.environ.get("TIMELINE_SHOTS"):  # a folder: keep what was probed, to look at
        image.save(f"{shots}/timeline-auto-{theme.current_name()}.png")
    badge = badge_rect(bar.rect)
    return image.pixelColor(badge.left() + 1, badge.center().y())  # the badge, left of the "A"


def test_auto_dispatched_jobs_are_marked_and_manual_ones_are_not(
    db: Database, hub_rig: HubRig, qtbot: QtBot
) -> None:
    _night_clock(db)
    plumber = add_tech(db, "Zhang Min", ("plumbing",), lat=31.236, lon=121.481)
    locksmith = add_tech(db, "Wang Wei", ("locksmith",), lat=31.11, lon=121.31)
    set_policy(
        db, actor=ADMIN, mode="auto", start="00:00", end="00:00", category="leak", hold_seconds=0
    )
    desk = hub_rig.desk()
    hub_rig.caught_up(desk)
    leak = add_call(db, category="leak")  # the hub's auto-dispatcher takes this one
    lock = add_call(db, phone="+8613900000002", category="lockout", lat=31.11, lon=121.31)
    with qtbot.waitSignal(desk.actions.assigned, timeout=10_000):
        desk.actions.assign(lock.id, locksmith.id)  # a dispatcher's, through the same hub
    hub_rig.until(lambda: bool(desk.state.call_assignments(leak.id)), what="auto-dispatch")
    (auto,) = desk.state.call_assignments(leak.id)
    assert (auto.technician_id, auto.assigned_by) == (plumber.id, AUTO_ACTOR.label)

    clock = Clock(auto.assigned_at + timedelta(hours=1))
    panel = TimelinePanel(desk.state, clock=clock)
    qtbot.addWidget(panel)
    panel.resize(900, 200)
    panel.show()
    qtbot.waitExposed(panel)
    (auto_bar,) = panel.view.bars(plumber.id)
    (manual_bar,) = panel.view.bars(locksmith.id)
    assert auto_bar.auto and not manual_bar.auto
    tip = panel.view.tooltip_at(auto_bar.rect.center())
    local = auto.assigned_at.astimezone(ZoneInfo(CENTER_TZ))
    assert tip == f"Assigned automatically by policy (auto-dispatch) at {local:%H:%M}"
    assert panel.view.tooltip_at(manual_bar.rect.center()) == ""
    viewport, centre = panel.view.viewport(), auto_bar.rect.center()  # as a hover does it
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, centre, viewport.mapToGlobal(centre))
    )
    assert QToolTip.text() == tip
    QToolTip.hideText()

    app = QApplication.instance()
    try:
        for name in ("night", "day"):
            theme.apply(app, name)
            fg = QColor(theme.palette().fg)
            (auto_bar,) = panel.view.bars(plumber.id)  # the theme may resize the scrollbar
            (manual_bar,) = panel.view.bars(locksmith.id)
            assert _badge_pixel(panel, auto_bar) == fg  # the badge, in the text colour
            assert _badge_pixel(panel, manual_bar) != fg  # a plain bar: no badge
            colours = theme.palette()  # the "A" (lane colour) on the badge (text colour)
            assert theme.contrast_ratio(colours.fg, colours.surface) >= 4.5
    finally:
        theme.apply(app, "night")

    # A console that connects later learns it from the snapshot, not from the event.
    fresh = hub_rig.desk("bob")
    hub_rig.caught_up(fresh)
    panel2 = TimelinePanel(fresh.state, clock=clock)
    qtbot.addWidget(panel2)
    panel2.resize(900, 200)
    assert [b.auto for b in panel2.view.bars(plumber.id)] == [True]
    assert [b.auto for b in panel2.view.bars(locksmith.id)] == [False]
