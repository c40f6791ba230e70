"""How the docked panels, the map, alerts and the status bar talk to each other.

Panels never import each other: a selection in the queue reaches job detail,
recommendations and the map through the connections made here; the map is fed from
LiveState's listeners (it coalesces into batches itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from console.domain import CallView, TechnicianView
from maps.plan_routes import route_rows
from ui import docks
from ui.alerts import ATTENTION, escalation

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class MapFeed:
    """Keeps a MapView in step with LiveState: open calls, technicians, positions."""

    def __init__(self, map_view: Any, window: MainWindow) -> None:
        self.map = map_view
        self.window = window
        self.state = window.ctx.state
        self.clock = window.ctx.clock
        self.active = True
        self._calls: set[int] = set()
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
        for tech in self.state.technicians.values():
            self.map.upsert_technician(tech)
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
            self.map.upsert_technician(tech)

    def _on_positions(self, tech_ids: list[int]) -> None:
        if not self.active:
            return
        techs = self.state.technicians
        for tech_id in tech_ids:
            tech = techs.get(tech_id)
            if tech is not None:
                self.map.upsert_technician(tech)


class Wiring:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        ctx = window.ctx
        p: dict[str, Any] = window.panels
        self.map_feed = MapFeed(p["map"], window) if "map" in p else None
        self._wire_toast()
        queue, board = p.get("queue"), p.get("board")
        mapv: Any = p.get("map")
        docks.connect_if(queue, "call_selected", self.on_call_selected)
        docks.connect_if(queue, "call_activated", self.on_call_activated)
        docks.connect_if(board, "technician_selected", self.on_technician_selected)
        docks.connect_if(p.get("timeline"), "call_selected", self.select_call)
        docks.connect_if(p.get("timeline"), "technician_selected", self.on_technician_selected)
        if mapv is not None:
            mapv.marker_clicked.connect(self.on_marker_clicked)
            mapv.call_dropped.connect(self.on_map_drop)
            mapv.new_call_requested.connect(
                lambda lat, lon: window.commands.new_call(lat=lat, lon=lon)
            )
        window.alerts.pulse_requested.connect(
            lambda call_id, _level: docks.call_if(queue, "pulse", call_id)
        )
        if self.map_feed is not None:  # SLA risk grows with time alone, without any event
            window.alerts.pulse_requested.connect(lambda cid, _lv: self.map_feed.refresh(cid))
            window.alerts.pulse_stopped.connect(self.map_feed.refresh)
        docks.connect_if(
            p.get("plan"),
            "plan_ready",
            lambda plan: docks.call_if(p.get("timeline"), "show_plan", plan),
        )  # planned jobs as hollow bars
        if mapv is not None and "plan" in p:  # the planner's routes on the map
            p["plan"].plan_ready.connect(
                lambda plan: mapv.show_plan_routes(
                    route_rows(plan, ctx.state.technicians, ctx.state.calls)
                )
            )
        ctx.bridge.state_changed.connect(self.on_connection)
        ctx.actions.queued_changed.connect(window.status.set_queued)

    def _wire_toast(self) -> None:
        toast, actions, board = (
            self.window.toast,
            self.window.ctx.actions,
            self.window.panels.get("board"),
        )
        toast.attach(actions, refusals=False, state=actions.state)

        def refused(call_id: int, tech_id: int, text: str, problems: Any) -> None:
            # the board shows refusals of its own drops inline; the rest show here
            if (call_id, tech_id) not in getattr(board, "_pending", set()):
                toast.show_refusal(call_id, tech_id, text, problems)
                self.window.place_toast()

        actions.refused.connect(refused)
        for signal in (actions.conflict, actions.failed, actions.undo_available):
            signal.connect(lambda *_a: self.window.place_toast())
        actions.undone.connect(
            lambda what: toast.show_message(
                QCoreApplication.translate("MainWindow", "Undone: {what}").format(what=what)
            )
        )

    def select_call(self, call_id: int) -> None:
        docks.call_if(self.window.panels.get("queue"), "select_call", call_id)

    def on_call_selected(self, call_id: int) -> None:
        p: dict[str, Any] = self.window.panels
        for name in ("detail", "recommendations", "timeline"):
            panel = p.get(name)
            for method in ("set_call", "show_call", "select_call"):
                if callable(getattr(panel, method, None)):
                    getattr(panel, method)(call_id or None)
                    break
        if call_id and "map" in p:
            p["map"].highlight("call", call_id)

    def on_call_activated(self, call_id: int) -> None:
        self.on_call_selected(call_id)
        dock = self.window.docks.get("detail")
        if dock is not None:
            dock.show()
            dock.raise_()

    def on_technician_selected(self, tech_id: int) -> None:
        mapv: Any = self.window.panels.get("map")
        if tech_id and mapv is not None:
            mapv.highlight("technician", tech_id)

    def on_marker_clicked(self, kind: str, obj_id: int) -> None:
        p: dict[str, Any] = self.window.panels
        if kind == "call":
            docks.call_if(p.get("queue"), "select_call", obj_id)
        elif kind == "technician":
            docks.call_if(p.get("board"), "select_technician", obj_id)

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
