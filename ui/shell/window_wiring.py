"""How the docked panels, the map, alerts and the status bar talk to each other.

Panels never import each other: a selection in the queue reaches job detail,
recommendations and the map through the connections made here, all in ``_connect_signals``
on typed attributes; the map is fed from LiveState's listeners (it coalesces into batches
itself).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer

from console.domain import CallView, TechnicianView
from console.live_state import LiveState
from maps.plan_routes import route_rows
from ui.alerts import ATTENTION, AlertController, escalation
from ui.models.labels import words
from ui.models.lateness import judge, verdict_text
from ui.panels.arrival_notice import ArrivalNotice
from ui.shell.offline_wiring import OfflineDesk
from ui.shell.status_bar import StatusBar
from ui.shell.window_base import ShellWindow

if TYPE_CHECKING:  # the map's module loads QtWebEngine, which is imported only when wanted
    from maps.view import MapView


class MapFeed:
    """Keeps a MapView in step with LiveState: open calls, technicians, positions."""

    def __init__(
        self, map_view: MapView, state: LiveState, clock: Callable[[], datetime]
    ) -> None:
        self.map = map_view
        self.state = state
        self.clock = clock
        self.active = True
        self._calls: set[int] = set()
        map_view.set_technician_lookup(lambda tech_id: self.state.technicians.get(tech_id))
        self.state.on_reset(self._on_reset)
        self.state.on_call_changed(self._on_call)
        self.state.on_technician_changed(self._on_tech)
        self.state.on_positions(self._on_positions)
        self._on_reset()

    def _on_reset(self) -> None:
        if not self.active:
            return
        for call_id in self._calls - set(self.state.calls):
            self.map.remove_call(call_id)
        self._calls.clear()
        self.map.touch_technicians(self.state.technicians)
        for call in self.state.calls.values():
            self._on_call(call.id, call)

    def _on_call(self, call_id: int, call: CallView | None) -> None:
        if not self.active:
            return
        if call is None or not call.status.is_open:
            if call_id in self._calls:
                self._calls.discard(call_id)
                self.map.remove_call(call_id)
            return
        self._calls.add(call_id)
        at_risk = escalation(call, self.clock()).level >= ATTENTION
        self.map.upsert_call(call, sla_at_risk=at_risk)

    def refresh(self, call_id: int) -> None:
        """Re-send one call (its SLA risk changed as time passed)."""
        self._on_call(call_id, self.state.calls.get(call_id))

    def _on_tech(self, tech_id: int, tech: TechnicianView | None) -> None:
        if not self.active:
            return
        if tech is None:
            self.map.remove_technician(tech_id)
        else:
            self.map.touch_technicians((tech_id,))

    def _on_positions(self, tech_ids: list[int]) -> None:
        """Coalesced per technician per map frame: the rows are built at the flush."""
        if self.active:
            self.map.touch_technicians(tech_ids)


class Wiring:
    """Every connection between the window's parts, made once in ``_connect_signals``."""

    def __init__(
        self,
        window: ShellWindow,
        *,
        alerts: AlertController,
        status: StatusBar,
        new_call: Callable[..., Any],
        location_picked: Callable[[float, float], None],
        focus: Callable[[str], None],
    ) -> None:
        self.window = window
        self.panels = window.panel_set
        self.alerts = alerts
        self.status = status
        self.new_call = new_call
        self.location_picked = location_picked
        self.focus = focus
        mapv = self.panels.map
        ctx = window.ctx
        self.map_feed = MapFeed(mapv, ctx.state, ctx.clock) if mapv is not None else None
        self._wire_toast()
        self._connect_signals()

    def _connect_signals(self) -> None:
        p, ctx = self.panels, self.window.ctx
        p.queue.call_selected.connect(self.on_call_selected)
        p.queue.call_activated.connect(self.on_call_activated)
        p.board.technician_selected.connect(self.on_technician_selected)
        p.timeline.call_selected.connect(self.select_call)
        p.timeline.technician_selected.connect(self.on_technician_selected)
        if p.map is not None:
            p.map.marker_clicked.connect(self.on_marker_clicked)
            p.map.call_dropped.connect(self.on_map_drop)
            p.map.set_words(words())  # tooltips in the interface language
            p.map.new_call_requested.connect(self.location_picked)
            p.map.location_picked.connect(self.location_picked)
        self.alerts.pulse_requested.connect(lambda call_id, _level: p.queue.pulse(call_id))
        feed = self.map_feed
        if feed is not None:  # SLA risk grows with time alone, without any event
            self.alerts.pulse_requested.connect(lambda cid, _lv: feed.refresh(cid))
            self.alerts.pulse_stopped.connect(feed.refresh)
        p.plan.plan_ready.connect(p.timeline.show_plan)  # planned jobs as hollow bars
        plan_dock = self.window.docks.get("plan")
        if plan_dock is not None:  # its tab chosen: a plan that went stale behind it is made
            plan_dock.visibilityChanged.connect(
                lambda shown: shown and QTimer.singleShot(0, p.plan.brought_forward)
            )
        p.plan.auto_dispatch_changed.connect(self.status.set_auto_dispatch)
        if p.map is not None:  # the planner's routes on the map
            mapv = p.map
            p.plan.plan_ready.connect(
                lambda plan: mapv.show_plan_routes(
                    route_rows(plan, ctx.state.technicians, ctx.state.calls)
                )
            )
        self.notice = ArrivalNotice(self.window, ctx.state)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.notice)
        self.alerts.call_arrived.connect(self.notice.add)
        self.notice.show_requested.connect(self.on_show_arrival)
        p.queue.call_selected.connect(self.notice.seen)
        ctx.actions.describe_assignment = self.describe_assignment
        ctx.bridge.state_changed.connect(self.on_connection)
        ctx.actions.queued_changed.connect(self.status.set_queued)
        self.offline = (  # the durable outbox's banner, unsent rows, reconcile view
            OfflineDesk(self.window, ctx.actions, ctx.bridge, p.queue.model,
                        tz=ZoneInfo(ctx.tz))
            if ctx.actions.outbox is not None
            else None
        )

    def _wire_toast(self) -> None:
        toast, actions, board = self.window.toast, self.window.ctx.actions, self.panels.board
        toast.attach(actions, refusals=False, state=actions.state)

        def refused(call_id: int, tech_id: int, text: str, problems: Any) -> None:
            # the board shows refusals of its own drops inline; the rest show here
            if not board.owns_refusal(call_id, tech_id):
                toast.show_refusal(call_id, tech_id, text, problems)
                self.window.place_toast()

        actions.refused.connect(refused)
        for signal in (actions.conflict, actions.failed, actions.undo_available):
            signal.connect(lambda *_a: self.window.place_toast())
        actions.undo_started.connect(self._on_undo_started)
        actions.undone.connect(self._on_undone)
        actions.undo_failed.connect(self._on_undo_failed)

    def _on_undo_started(self, what: str) -> None:
        self.window.toast.show_message(
            QCoreApplication.translate("MainWindow", "Undoing: {what}…").format(what=what),
            timeout_ms=0,
        )
        self.window.place_toast()

    def _on_undone(self, what: str) -> None:
        self.window.toast.show_message(
            QCoreApplication.translate("MainWindow", "Undone: {what}").format(what=what)
        )
        self.window.place_toast()

    def _on_undo_failed(self, what: str, reason: str) -> None:
        self.window.toast.show_message(
            QCoreApplication.translate("MainWindow", "NOT undone: {what} — {reason}").format(
                what=what, reason=reason
            ),
            kind="error",
            timeout_ms=15_000,
        )
        self.window.place_toast()

    def select_call(self, call_id: int) -> None:
        self.panels.queue.select_call(call_id)

    def on_call_selected(self, call_id: int) -> None:
        for panel in self.panels.showing_calls():
            panel.show_call(call_id or None)
        if call_id and self.panels.map is not None:
            self.panels.map.highlight("call", call_id)

    def on_call_activated(self, call_id: int) -> None:
        self.on_call_selected(call_id)
        dock = self.window.docks.get("detail")
        if dock is not None:
            dock.show()
            dock.raise_()

    def describe_assignment(self, call: CallView, tech_id: int) -> str:
        """Said with the undo offer after a drop or Ctrl+Enter: the promise at risk."""
        ctx = self.window.ctx
        verdict = judge(
            call,
            tech_id,
            ctx.state.technicians.values(),
            open_calls=ctx.state.open_calls(),
            now=ctx.clock(),
            tz=ctx.tz,
        )
        return verdict_text(verdict)

    def on_show_arrival(self, call_id: int) -> None:
        """The notice's Show: the call selected in the queue, the keyboard on the queue."""
        self.focus("queue")
        self.select_call(call_id)

    def on_technician_selected(self, tech_id: int) -> None:
        if tech_id and self.panels.map is not None:
            self.panels.map.highlight("technician", tech_id)

    def on_marker_clicked(self, kind: str, obj_id: int) -> None:
        if kind == "call":
            self.panels.queue.select_call(obj_id)
        elif kind == "technician":
            self.panels.board.select_technician(obj_id)

    def on_map_drop(self, call_id: int, tech_id: int) -> None:
        actions = self.window.ctx.actions
        call = actions.state.calls.get(call_id)
        if call is not None and call.technician_ids and len(call.technician_ids) >= call.crew_size:
            actions.reassign(call_id, tech_id, from_technician_id=call.technician_ids[0])
        else:
            actions.assign(call_id, tech_id)

    def on_connection(self, state: str) -> None:
        if state == "connected":
            self.window.ctx.actions.flush_queue()

    def stop(self) -> None:
        if self.map_feed is not None:
            self.map_feed.active = False
