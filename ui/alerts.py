"""Soft alerts: a gentle chime and a pulsing row for new urgent calls, escalating slowly as
an unassigned call's SLA runs out.

The escalation rule is a pure function (``escalation``) so it is tested without sound. The
controller asks it every few seconds, plays at most one chime per check (the highest level
due) and tells panels which rows to pulse. Louder means more notes and shorter intervals,
never a harsh sound: every level is a low sine chime scaled by the dispatcher's volume.

Signals of AlertController:
    chimed(int level, float volume): a chime was due (played when a player is attached).
    pulse_requested(int call_id, int level): panels pulse that row (level 1..3).
    pulse_stopped(int call_id): the call was assigned, closed or is gone.
    call_arrived(int call_id, int level): a new call that alerts on arrival (urgent or
        emergency, or already at risk); emitted muted or not, so it can be seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from console.domain import CallStatus, CallView, Priority
from console.live_state import LiveState
from ui.settings import Settings

NONE, GENTLE, ATTENTION, URGENT = 0, 1, 2, 3
CHECK_INTERVAL_MS = 5000


@dataclass(frozen=True, slots=True)
class Step:
    """How an unassigned call should alert right now."""

    level: int
    repeat_s: float | None  # None: chime once (on arrival) and then stay quiet
    volume: float  # 0..1 share of the dispatcher's volume


QUIET = Step(NONE, None, 0.0)
#: The ladder, gentlest first. Volume steps are small on purpose.
ARRIVED = Step(GENTLE, None, 0.55)
AT_RISK = Step(ATTENTION, 180.0, 0.7)
IMMINENT = Step(URGENT, 90.0, 0.85)
BREACHED = Step(URGENT, 60.0, 1.0)


def escalation(call: CallView, now: datetime) -> Step:
    """The alert step for ``call`` at ``now``.

    Only calls waiting for a technician alert: once someone is assigned the dispatcher has
    acted. A third of the SLA left (or 20 minutes) is at risk; a tenth (or 5 minutes) is
    imminent; past the deadline is breached. Normal calls start quiet, urgent ones chime on
    arrival.
    """
    if call.status is not CallStatus.NEW:
        return QUIET
    total = (call.sla_deadline - call.created_at).total_seconds()
    left = (call.sla_deadline - now).total_seconds()
    if left <= 0:
        return BREACHED
    if left <= max(300.0, total * 0.10):
        return IMMINENT
    if left <= max(1200.0, total / 3):
        return AT_RISK
    if call.priority in (Priority.EMERGENCY, Priority.URGENT):
        return ARRIVED
    return QUIET


class ChimePlayer:
    """Plays the shipped WAV chimes with QSoundEffect; silent when audio is unavailable."""

    def __init__(self) -> None:
        self._effects: dict[int, object] = {}
        self.available = True

    def play(self, level: int, volume: float) -> None:
        effect = self._effect(level)
        if effect is not None:
            effect.setVolume(max(0.0, min(1.0, volume)))  # type: ignore[attr-defined]
            effect.play()  # type: ignore[attr-defined]

    def _effect(self, level: int) -> object | None:
        if not self.available:
            return None
        if level not in self._effects:
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except ImportError:  # no audio libraries on this machine: alerts stay visual
                self.available = False
                return None
            effect = QSoundEffect()
            path = resources.files("resources.sounds").joinpath(f"chime_{level}.wav")
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[level] = effect
        return self._effects[level]


class AlertController(QObject):
    chimed = Signal(int, float)
    pulse_requested = Signal(int, int)
    pulse_stopped = Signal(int)
    call_arrived = Signal(int, int)

    def __init__(
        self,
        state: LiveState,
        settings: Settings,
        *,
        clock: Callable[[], datetime],
        player: ChimePlayer | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._settings = settings
        self.clock = clock
        self._player = player
        self._last_chime: dict[int, tuple[int, datetime]] = {}  # call id -> (level, when)
        self._pulsing: dict[int, int] = {}
        state.on_call_changed(self._on_call_changed)
        state.on_reset(self._on_reset)
        self._timer = QTimer(self, interval=CHECK_INTERVAL_MS)
        self._timer.timeout.connect(lambda: self.check(self.clock()))
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def volume(self) -> float:
        if self._settings.get("alerts/muted"):
            return 0.0
        return float(self._settings.get("alerts/volume")) / 100.0

    def check(self, now: datetime) -> int:
        """Chime for the most pressing due call and update pulses; returns the level played."""
        due = NONE
        due_volume = 0.0
        for call in self._state.open_calls():
            step = escalation(call, now)
            self._pulse(call.id, step.level)
            if step.repeat_s is None:
                continue
            last = self._last_chime.get(call.id)
            fresh = last is None or last[0] < step.level
            if fresh or now - last[1] >= timedelta(seconds=step.repeat_s):  # type: ignore[index]
                self._last_chime[call.id] = (step.level, now)
                if step.level > due or (step.level == due and step.volume > due_volume):
                    due, due_volume = step.level, step.volume
        if due:
            self._chime(due, due_volume)
        return due

    def _on_call_changed(self, call_id: int, call: CallView | None) -> None:
        if call is None or not call.status.is_open or call.status is not CallStatus.NEW:
            self._last_chime.pop(call_id, None)
            self._pulse(call_id, NONE)
            return
        if call_id in self._last_chime:
            return
        step = escalation(call, self.clock())
        if step.level >= GENTLE:
            self._last_chime[call_id] = (step.level, self.clock())
            self._pulse(call_id, step.level)
            self._chime(step.level, step.volume)
            self.call_arrived.emit(call_id, step.level)

    def _on_reset(self) -> None:
        """After a (re)connect, known calls do not chime as if new; stale pulses stop."""
        now = self.clock()
        for call_id in list(self._pulsing):
            if call_id not in self._state.calls:
                self._pulse(call_id, NONE)
        for call in self._state.open_calls():
            level = escalation(call, now).level
            self._last_chime.setdefault(call.id, (level, now))
            if level and call.id not in self._pulsing:
                self._pulsing[call.id] = level  # known already: pulse again only if it escalates

    def _pulse(self, call_id: int, level: int) -> None:
        if self._pulsing.get(call_id, NONE) == level:
            return
        if level == NONE:
            self._pulsing.pop(call_id, None)
            self.pulse_stopped.emit(call_id)
        else:
            self._pulsing[call_id] = level
            self.pulse_requested.emit(call_id, level)

    def _chime(self, level: int, share: float) -> None:
        volume = round(self.volume() * share, 3)
        self.chimed.emit(level, volume)
        if self._player is not None and volume > 0:
            self._player.play(level, volume)

    def pulsing(self) -> dict[int, int]:
        return dict(self._pulsing)
