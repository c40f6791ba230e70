"""The replay bar: play/pause, speed ×1–×120, the scrubber with its marks, previous/next
mark, jump to a call, and the replayed moment. A timer drives the ``ReplaySource``: each
tick plays the events between the last moment and the new one.

Keys: Ctrl+Space play/pause, Alt+Right / Alt+Left next/previous mark, Ctrl+G jump to a call.

Signals: moment_changed(object datetime).
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel, QToolBar, QWidget

from console.replay.source import ReplaySource
from ui.replay.scrubber import Scrubber

SPEEDS = (1, 2, 5, 10, 30, 60, 120)
TICK_MS = 100


class ReplayBar(QToolBar):
    moment_changed = Signal(object)

    def __init__(self, source: ReplaySource, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ReplayBar", "Replay"), parent)
        self.setObjectName("replayBar")
        self.setMovable(False)
        self.source = source
        timeline = source.timeline
        self.zone = ZoneInfo(timeline.tz)
        self.speed = 60.0
        self.events_played = 0
        self._last_tick = 0.0
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.play_action = self._action(
            QCoreApplication.translate("ReplayBar", "Play"),
            ("Ctrl+Space",),
            self.toggle,
            "replayPlay",
        )
        self.prev_action = self._action(
            QCoreApplication.translate("ReplayBar", "Previous mark"),
            ("Alt+Left",),
            self.previous_mark,
            "replayPrevMark",
        )
        self.next_action = self._action(
            QCoreApplication.translate("ReplayBar", "Next mark"),
            ("Alt+Right",),
            self.next_mark,
            "replayNextMark",
        )
        self.speed_box = QComboBox(self)
        self.speed_box.setObjectName("replaySpeed")
        for s in SPEEDS:
            self.speed_box.addItem(f"×{s}", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(60))
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.set_speed(float(self.speed_box.itemData(i)))
        )
        self.addWidget(self.speed_box)
        self.scrubber = Scrubber(timeline.duration_s, self)
        self.scrubber.set_marks(
            [((m.at - timeline.start).total_seconds(), m.kind) for m in timeline.marks]
        )
        self.scrubber.seek_requested.connect(
            lambda s: self.seek(timeline.start + timedelta(seconds=s))
        )
        self.addWidget(self.scrubber)
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("replayClock")
        self.addWidget(self.clock_label)
        self._action(
            QCoreApplication.translate("ReplayBar", "Jump to call…"),
            ("Ctrl+G",),
            self.ask_call,
            "replayJumpCall",
        )
        self._mark_times = [m.at for m in timeline.marks]
        self._show()

    def _action(self, text: str, keys: tuple[str, ...], slot: object, name: str) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setToolTip(f"{text} ({', '.join(keys)})")
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    # --- controls ---------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def play(self) -> None:
        if self.source.finished:
            self.seek(self.source.timeline.start)
        self._last_tick = time.monotonic()
        self.timer.start()
        self.play_action.setText(QCoreApplication.translate("ReplayBar", "Pause"))

    def pause(self) -> None:
        self.timer.stop()
        self.play_action.setText(QCoreApplication.translate("ReplayBar", "Play"))

    def set_speed(self, speed: float) -> None:
        self.speed = min(max(speed, 1.0), 120.0)

    def seek(self, at: datetime) -> None:
        self.source.seek(at)
        self._show()

    def advance(self, seconds: float) -> int:
        """Play ``seconds`` of the night (the timer's step; tests and the bench call it)."""
        played = self.source.advance_to(self.source.now + timedelta(seconds=seconds))
        self.events_played += played
        self._show()
        if self.source.finished:
            self.pause()
        return played

    def next_mark(self) -> bool:
        i = bisect_right(self._mark_times, self.source.now)
        if i >= len(self._mark_times):
            return False
        self.seek(self._mark_times[i])
        return True

    def previous_mark(self) -> bool:
        i = bisect_left(self._mark_times, self.source.now) - 1
        if i < 0:
            return False
        self.seek(self._mark_times[i])
        return True

    def jump_to_call(self, call_id: int) -> bool:
        """Go to the call's creation (False: not a call of this range)."""
        at = self.source.timeline.call_created_at(call_id)
        if at is None:
            return False
        self.seek(max(at, self.source.timeline.start))
        return True

    def ask_call(self) -> None:
        value, ok = QInputDialog.getInt(
            self,
            QCoreApplication.translate("ReplayBar", "Jump to call"),
            QCoreApplication.translate("ReplayBar", "Call number:"),
            1,
            1,
        )
        if ok and not self.jump_to_call(value):
            self.clock_label.setText(
                QCoreApplication.translate("ReplayBar", "Call {n} is not in this replay").format(
                    n=value
                )
            )

    # --- internals --------------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        self.advance(elapsed * self.speed)

    def _show(self) -> None:
        source = self.source
        self.scrubber.set_position((source.now - source.timeline.start).total_seconds())
        local = source.now.astimezone(self.zone)
        self.clock_label.setText(
            QCoreApplication.translate("ReplayBar", "Replay {time}").format(
                time=f"{local:%a %d %b %H:%M:%S}"
            )
        )
        self.moment_changed.emit(source.now)
