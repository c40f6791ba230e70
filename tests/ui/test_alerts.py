"""Soft alerts: which chime at which SLA state, escalation intervals, volume and mute."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from console.domain import CallStatus, Priority
from console.live_state import LiveState
from ui import alerts
from ui.alerts import AlertController, escalation
from ui.synthetic import Snapshot, SyntheticNight

T0 = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def _call(priority: Priority, *, status: CallStatus = CallStatus.NEW):
    night = SyntheticNight(technicians=2, calls=1, start=T0)
    base = night.calls[1]
    minutes = {Priority.EMERGENCY: 45, Priority.URGENT: 90, Priority.NORMAL: 240}[priority]
    return replace(
        base,
        priority=priority,
        status=status,
        created_at=T0,
        sla_deadline=T0 + timedelta(minutes=minutes),
        technician_ids=(),
    )


@pytest.mark.parametrize(
    ("priority", "after_min", "level"),
    [
        (Priority.URGENT, 0, alerts.GENTLE),  # new urgent call: one gentle chime
        (Priority.EMERGENCY, 0, alerts.GENTLE),
        (Priority.NORMAL, 0, alerts.NONE),  # normal calls arrive quietly
        (Priority.NORMAL, 150, alerts.NONE),  # 90 min left of 240: not yet at risk
        (Priority.NORMAL, 170, alerts.ATTENTION),  # under a third left
        (Priority.NORMAL, 220, alerts.URGENT),  # under a tenth left
        (Priority.URGENT, 61, alerts.ATTENTION),  # under a third of 90 min left
        (Priority.URGENT, 86, alerts.URGENT),  # under 5 min left
        (Priority.EMERGENCY, 41, alerts.URGENT),
        (Priority.EMERGENCY, 50, alerts.URGENT),  # breached
    ],
)
def test_level_follows_the_sla(priority: Priority, after_min: int, level: int) -> None:
    step = escalation(_call(priority), T0 + timedelta(minutes=after_min))
    assert step.level == level


def test_escalation_only_gets_more_insistent_never_louder_than_the_user_volume() -> None:
    call = _call(Priority.URGENT)
    steps = [escalation(call, T0 + timedelta(minutes=m)) for m in range(0, 120, 1)]
    levels = [s.level for s in steps]
    assert levels == sorted(levels)  # monotonic: it never calms down on its own
    volumes = [s.volume for s in steps]
    assert volumes == sorted(volumes) and max(volumes) <= 1.0
    repeats = [s.repeat_s for s in steps if s.repeat_s]
    assert repeats == sorted(repeats, reverse=True) and min(repeats) >= 60  # never nagging
    assert escalation(call, T0 + timedelta(minutes=95)) == alerts.BREACHED


def test_assigned_calls_are_quiet() -> None:
    call = _call(Priority.EMERGENCY, status=CallStatus.ASSIGNED)
    assert escalation(call, T0 + timedelta(minutes=60)) == alerts.QUIET


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _controller(qtbot, fresh_settings):
    state = LiveState()
    state.apply_snapshot(Snapshot(0, {}, {}))
    clock = Clock()
    ctl = AlertController(state, fresh_settings, clock=clock)
    chimes: list[tuple[int, float]] = []
    pulses: list[tuple[int, int]] = []
    ctl.chimed.connect(lambda level, vol: chimes.append((level, vol)))
    ctl.pulse_requested.connect(lambda cid, level: pulses.append((cid, level)))
    return state, clock, ctl, chimes, pulses


def _event(seq: int, type_: str, call):
    from console.domain import EventView
    from console.wire import call_to_wire

    return EventView(seq, type_, T0, {"call": call_to_wire(call), "actor": {}})


def test_a_new_urgent_call_chimes_once_and_pulses_then_escalates(qtbot, fresh_settings):
    state, clock, ctl, chimes, pulses = _controller(qtbot, fresh_settings)
    fresh_settings.set("alerts/volume", 50)
    call = _call(Priority.URGENT)
    state.apply_event(_event(1, "call.created", call))
    assert chimes == [(alerts.GENTLE, 0.275)]  # 50 % x 0.55
    assert pulses == [(call.id, alerts.GENTLE)]

    clock.now = T0 + timedelta(minutes=10)
    assert ctl.check(clock.now) == alerts.NONE  # arrival chimes once, no repeats
    clock.now = T0 + timedelta(minutes=61)
    assert ctl.check(clock.now) == alerts.ATTENTION
    assert ctl.check(clock.now + timedelta(seconds=60)) == alerts.NONE  # waits 180 s
    assert ctl.check(clock.now + timedelta(seconds=181)) == alerts.ATTENTION
    clock.now = T0 + timedelta(minutes=91)
    assert ctl.check(clock.now) == alerts.URGENT
    assert pulses[-1] == (call.id, alerts.URGENT)
    ctl.stop()


def test_mute_silences_chimes_but_rows_still_pulse(qtbot, fresh_settings):
    state, _clock, ctl, chimes, pulses = _controller(qtbot, fresh_settings)
    fresh_settings.set("alerts/muted", True)
    call = _call(Priority.EMERGENCY)
    state.apply_event(_event(1, "call.created", call))
    assert chimes == [(alerts.GENTLE, 0.0)]
    assert pulses == [(call.id, alerts.GENTLE)]
    ctl.stop()


def test_assignment_stops_the_pulse(qtbot, fresh_settings):
    state, clock, ctl, _chimes, _pulses = _controller(qtbot, fresh_settings)
    stopped: list[int] = []
    ctl.pulse_stopped.connect(stopped.append)
    call = _call(Priority.URGENT)
    state.apply_event(_event(1, "call.created", call))
    assigned = replace(call, status=CallStatus.ASSIGNED, technician_ids=(1,), version=2)
    state.apply_event(_event(2, "call.assigned", assigned))
    assert stopped == [call.id]
    assert ctl.pulsing() == {}
    clock.now = T0 + timedelta(minutes=89)
    assert ctl.check(clock.now) == alerts.NONE
    ctl.stop()


def test_reconnect_snapshot_does_not_chime_for_known_calls(qtbot, fresh_settings):
    state, _clock, ctl, chimes, pulses = _controller(qtbot, fresh_settings)
    call = _call(Priority.EMERGENCY)
    state.apply_snapshot(Snapshot(5, {}, {call.id: call}))
    assert chimes == [] and pulses == []
    ctl.stop()


def test_shipped_chimes_are_short_low_and_soft() -> None:
    import wave
    from array import array
    from importlib import resources

    for level in (1, 2, 3):
        path = resources.files("resources.sounds").joinpath(f"chime_{level}.wav")
        with wave.open(str(path)) as w:
            seconds = w.getnframes() / w.getframerate()
            samples = array("h", w.readframes(w.getnframes()))
        assert seconds < 2.0
        assert max(abs(s) for s in samples) < 0.4 * 32767  # headroom: never harsh
        assert abs(samples[0]) < 200  # fades in, no click
