"""The board and queue at holiday-peak shape, in miniature: incremental updates (no resets,
coalesced repaints, single-row moves) must leave exactly the rows and the order a fresh
sort and filter would give. No database: a SyntheticNight feeds LiveState the hub's way."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from console.domain import Position, TechStatus
from console.live_state import LiveState, with_position
from console.wire import technician_to_wire
from ui.hub_bridge import HubBridge
from ui.models.call_filter import CallFilterProxy
from ui.models.call_queue_model import COL as QCOL
from ui.models.call_queue_model import CallIdRole, CallQueueModel, group_of
from ui.models.technician_model import (
    COL,
    STATUS_RANK,
    TechIdRole,
    TechnicianFilterProxy,
    TechnicianModel,
)
from ui.synthetic import SyntheticNight

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def _night(techs: int = 120, calls: int = 60) -> tuple[SyntheticNight, LiveState]:
    night = SyntheticNight(techs, calls, seed=7)
    state = LiveState()
    state.apply_snapshot(night.snapshot())
    return night, state


def _board(
    state: LiveState, night: SyntheticNight
) -> tuple[TechnicianModel, TechnicianFilterProxy]:
    model = TechnicianModel(state, night.clock)
    proxy = TechnicianFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def _shown(proxy: TechnicianFilterProxy | CallFilterProxy, role: int) -> list[int]:
    return [proxy.index(r, 0).data(role) for r in range(proxy.rowCount())]


def _status_first(state: LiveState, keep: object = None) -> list[int]:
    techs = [t for t in state.technicians.values() if keep is None or keep(t)]  # type: ignore[operator]
    techs.sort(key=lambda t: (STATUS_RANK.get(t.status.value, 9), t.name.casefold(), t.id))
    return [t.id for t in techs]


def _stream(night: SyntheticNight, state: LiveState, events: int, batches: int) -> None:
    for i in range(events):
        state.apply_event(night.next_event())
        if batches and i % (events // batches or 1) == 0:
            state.apply_positions(night.positions(40))


def test_board_stays_sorted_and_filtered_through_events_and_fixes(
    qtbot: QtBot, qtmodeltester: object
) -> None:
    night, state = _night()
    model, proxy = _board(state, night)
    proxy.sort_status_first()
    resets, sorts = model.resets, proxy.full_sorts
    _stream(night, state, 300, 10)
    assert _shown(proxy, TechIdRole) == _status_first(state)
    assert model.resets == resets  # never a reset per event
    assert proxy.full_sorts - sorts <= 3  # rows moved one by one, not re-sorted per event
    proxy.set_status("available")
    proxy.set_skill("plumbing")
    _stream(night, state, 200, 5)

    def wanted(t: object) -> bool:
        return t.status.value == "available" and "plumbing" in t.skills  # type: ignore[attr-defined]

    assert _shown(proxy, TechIdRole) == _status_first(state, wanted)
    assert 0 < proxy.rowCount() < len(state.technicians)
    proxy.set_status("")
    proxy.set_skill("")
    assert _shown(proxy, TechIdRole) == _status_first(state)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]  # last: it re-checks every change


def test_sorted_by_eta_the_board_follows_each_batch_of_fixes(qtbot: QtBot) -> None:
    night, state = _night()
    model, proxy = _board(state, night)
    proxy.sort(COL["eta"], DESC)
    assert not proxy.status_first

    def by_eta() -> list[int]:
        keyed = [(model.sort_key(t, "eta"), t.id) for t in state.technicians.values()]
        return [tid for _k, tid in sorted(keyed, reverse=True)]

    assert _shown(proxy, TechIdRole) == by_eta()
    for _ in range(4):
        state.apply_positions(night.positions(60))
        assert _shown(proxy, TechIdRole) == by_eta()


def test_a_selected_technician_stays_selected_when_their_row_moves(qtbot: QtBot) -> None:
    night, state = _night(40, 10)
    _model, proxy = _board(state, night)
    proxy.sort_status_first()
    last_row = proxy.index(proxy.rowCount() - 1, 0)
    held = last_row.data(TechIdRole)
    pinned = QPersistentModelIndex(last_row)
    tech = state.technicians[held]
    moved = dataclasses.replace(tech, status=TechStatus.EN_ROUTE, version=tech.version + 1)
    night.techs[held] = moved
    state.apply_event(night._event("technician.status", {"technician": technician_to_wire(moved)}))
    assert pinned.isValid() and pinned.data(TechIdRole) == held
    assert pinned.row() < proxy.rowCount() - 1  # en route: near the top now
    assert _shown(proxy, TechIdRole) == _status_first(state)


def test_table_repaints_are_coalesced_per_frame(qtbot: QtBot) -> None:
    night, state = _night(60, 10)
    model, _proxy = _board(state, night)
    model.flush_changes()
    signals: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, _r=None: signals.append((a.row(), a.column(), b.row(), b.column()))
    )
    ids = sorted(state.technicians)[10:14]  # four adjacent rows (the model keeps id order)
    with qtbot.waitSignal(model.dataChanged):
        for _ in range(3):
            for tech_id in ids:
                model._emit_row(tech_id)  # what a technician event does, three times over
        assert signals == []
    last = len(model.columns) - 1
    assert signals == [(model.row_of(ids[0]), 0, model.row_of(ids[-1]), last)]


def test_queue_keeps_waiting_calls_first_in_either_order(
    qtbot: QtBot, qtmodeltester: object
) -> None:
    night, state = _night(80, 60)
    model = CallQueueModel(state, night.clock)
    proxy = CallFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(QCOL["sla"], DESC)

    def expected() -> list[int]:
        calls = [c for c in state.calls.values() if c.status.is_open]
        calls.sort(key=lambda c: (c.sla_deadline.timestamp(), c.id), reverse=True)
        calls.sort(key=group_of)
        return [c.id for c in calls]

    _stream(night, state, 250, 0)
    assert _shown(proxy, CallIdRole) == expected()
    model.tick()  # the countdown repaint moves text, never the order
    assert _shown(proxy, CallIdRole) == expected()
    proxy.set_search("#" + str(expected()[0]))
    assert _shown(proxy, CallIdRole) == expected()[:1]
    proxy.set_search("")
    assert proxy.rowCount() == len(expected())
    assert proxy.mapFromSource(QModelIndex()).isValid() is False
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]  # last: it re-checks every change


def test_snapshot_is_built_off_thread_and_held_events_follow_in_order(qtbot: QtBot) -> None:
    night = SyntheticNight(50, 20, seed=3)
    state = LiveState()
    bridge = HubBridge(None, state)
    try:
        snap = night.snapshot()
        follow = [night.next_event() for _ in range(5)]
        positions = night.positions(10)
        with qtbot.waitSignal(bridge.snapshot_loaded, timeout=10_000):
            bridge.deliver_snapshot(snap)
            for ev in follow:
                bridge.deliver_event(ev)  # arrive while the worker builds: held
            bridge.deliver_positions(positions)
            assert bridge.preparing or state.last_seq == follow[-1].seq
        qtbot.waitUntil(lambda: state.last_seq == follow[-1].seq, timeout=5000)
        assert not bridge.preparing and bridge.events_seen == 5
        assert bridge.snapshot_ui_ms > 0 and bridge.snapshot_total_ms >= bridge.snapshot_ui_ms
        assert state.technicians == night.techs  # every event and fix applied, in order
    finally:
        bridge.stop()


def test_with_position_is_replace() -> None:
    _unused, state = _night(3, 1)
    tech = state.technicians[1]
    pos = Position(31.2, 121.4, heading_deg=90.0, at=datetime(2026, 11, 26, 15, 1))
    assert with_position(tech, pos) == dataclasses.replace(tech, position=pos)
