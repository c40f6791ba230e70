"""The Plan panel: the planner's proposal as a diff against today's assignments — new
assignments, reassignments, calls that stay waiting — each with its reason, the totals
before and after, and accept all / accept selected / reject. Accepting sends ordinary
assignments through DispatchActions (conflicts, undo and audit as for a drag); a crew, or a
change of crew, is a sequence of reassignments and assignments with one undo.

Re-planning runs in a worker process (the solver can take a second on a busy night),
debounced after calls or technicians change and on a timer; a UI-thread timer collects the
result (no callback on the executor's thread). Pinned calls stay as they are: a pin is
kept in the database through the hub (``pin`` / ``unpin``), so every console's plan and the
hub's auto-dispatch keep it; a dispatcher's own assignment is pinned the same way, and
Ctrl+Shift+P or the context menu pins or unpins the selected call. Pinned calls are listed
under the changes, so they can be unpinned here.

It also watches the dispatch policies (through the hub, once a minute): it says whether
auto-dispatch is on for the status bar, and where an admin set ``manual`` (recommendations
only) it proposes nothing for those calls (or at all) unless the dispatcher asks for a plan
anyway. A centre with no policy at all is planned as before.

Signals:
    plan_ready(object)       a new Plan (for the map's routes and the timeline)
    changes_accepted(int)    how many changes were sent to the hub
    auto_dispatch_changed(str)  "Auto-dispatch: on until 22:00" and the like
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.geo.service_bounds import Box, service_bounds
from console.live_state import LiveState
from console.planning import Plan
from console.planning.diff import NEW, REASSIGN, WAIT, Change, plan_diff
from console.planning.live import build_problem, solve
from console.services import policy
from console.timezone import CENTER_TZ
from maps import assets
from ui.models.plan_diff import COLUMNS, PINNED, PlanDiffModel, pinned_rows, totals_text
from ui.models.plan_policy import PlanGate
from ui.models.worker_process import WorkerProcess

__all__ = ["COLUMNS", "PlanDiffModel", "PlanPanel", "totals_text"]

log = logging.getLogger(__name__)
DEBOUNCE_MS = 1500
TIMER_MS = 60_000
POLICY_MS = 60_000
RETRY_MS = 5_000
#: Pin or unpin the selected call (the Plan panel's own key: Ctrl+P plans, P alone would
#: be the table's keyboard search).
PIN_KEY = "Ctrl+Shift+P"
#: An assignment sent by accepting the plan is not pinned when its echo comes this soon.
ACCEPT_ECHO_S = 60.0


def map_service_area() -> Box | None:
    """The box around the districts the map draws (the configured or imported area)."""
    return service_bounds(assets.geojson("districts"))


class PlanPanel(QWidget):
    plan_ready = Signal(object)
    changes_accepted = Signal(int)
    auto_dispatch_changed = Signal(str)

    def __init__(
        self,
        state: LiveState,
        actions: Any = None,
        *,
        client: Any = None,
        clock: Callable[[], datetime] | None = None,
        tz: str = CENTER_TZ,
        parent: QWidget | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        timer_ms: int = TIMER_MS,
        service_area: Callable[[], Box | None] = map_service_area,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.dispatch = actions
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.tz = tz
        self.service_area = service_area
        self.plan: Plan | None = None
        self._worker = WorkerProcess(self)  # solves in its own process (see its module)
        self._generation = 0
        self._again = False
        self._closed = False
        self._stale = True  # no plan for the current state yet
        self._accepting: dict[int, float] = {}  # call id -> until when its echo is ours
        self.gate = PlanGate(self.clock, tz)  # the manual policy, and "plan anyway"
        self._tasks: set[asyncio.Task[None]] = set()
        self.model = PlanDiffModel(self)
        self._build()
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self._auto_replan)
        self._timer = QTimer(self, interval=timer_ms)
        self._timer.timeout.connect(self._auto_replan)
        self._timer.start()
        self.client = client
        self._policy_task: asyncio.Task[None] | None = None
        self._policy_timer = QTimer(self, interval=POLICY_MS)
        self._policy_timer.timeout.connect(self.check_policies)
        if client is not None:
            self._policy_timer.start()
            QTimer.singleShot(0, self.check_policies)
        state.on_call_changed(self._on_call_changed)
        state.on_technician_changed(self._on_technician_changed)
        state.on_reset(self.request_plan)
        if actions is not None and hasattr(actions, "assigned"):
            actions.assigned.connect(self._on_assigned)

    def _build(self) -> None:
        self.totals = QLabel(self.tr("No plan yet: Ctrl+P plans the night"), self)
        self.totals.setWordWrap(True)
        self.notes = QLabel(self)  # the plan's notes, a time-out, a manual policy, a refusal
        self.notes.setObjectName("planNotes")
        self.notes.setWordWrap(True)
        self.notes.hide()
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.plan_button = QPushButton(self.tr("Plan (Ctrl+P)"), self)
        self.plan_anyway_button = QPushButton(self.tr("Plan anyway"), self)
        self.plan_anyway_button.hide()
        self.accept_all_button = QPushButton(self.tr("Accept all"), self)
        self.accept_button = QPushButton(self.tr("Accept selected (Enter)"), self)
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.plan_button.clicked.connect(self.replan)
        self.plan_anyway_button.clicked.connect(self.plan_anyway)
        self.accept_all_button.clicked.connect(self.accept_all)
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (
            self.plan_button,
            self.plan_anyway_button,
            self.accept_all_button,
            self.accept_button,
            self.reject_button,
        ):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.notes)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            accept = QShortcut(QKeySequence(key), self.view)
            accept.setContext(Qt.ShortcutContext.WidgetShortcut)
            accept.activated.connect(self.accept_selected)
        self._build_pin_action()

    def _build_pin_action(self) -> None:
        """Ctrl+Shift+P on the table, and its context menu: pin or unpin the selection."""
        self.pin_action = QAction(self.tr("Pin / unpin the call"), self.view)
        self.pin_action.setObjectName("planPinAction")
        self.pin_action.setShortcut(QKeySequence(PIN_KEY))
        self.pin_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.pin_action.triggered.connect(self.toggle_pin_selected)
        self.view.addAction(self.pin_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)

    def hand_key_to_window(self) -> None:
        """In the main window the key is the window's (ui/shell/shortcuts.py, the one table
        the cheat sheet reads): two actions on one key would make Qt fire neither."""
        self.pin_action.setShortcut(QKeySequence())

    def context_menu(self) -> QMenu:
        """What a right-click on the selected rows offers (built each time: the words say
        whether the selected call is pinned)."""
        menu = QMenu(self.view)
        rows = self.selected_changes()
        pinned = bool(rows) and all(self._pinned(c.call_id) for c in rows)
        self.pin_action.setText(
            self.tr("Unpin: plans may move it again") if pinned
            else self.tr("Pin to its technician: plans keep it")
        )
        self.pin_action.setEnabled(bool(rows))
        menu.addAction(self.pin_action)
        accept = menu.addAction(self.tr("Accept selected"))
        accept.triggered.connect(self.accept_selected)
        return menu

    def _on_context_menu(self, pos: Any) -> None:
        menu = self.context_menu()
        menu.aboutToHide.connect(menu.deleteLater)  # one menu per right-click, not a pile
        menu.popup(self.view.viewport().mapToGlobal(pos))

    # --- planning ------------------------------------------------------------------------

    def on_screen(self) -> bool:
        """Seen by the dispatcher: shown, and not a tab behind another (such a dock still
        reports isVisible(); only its visible region tells)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def request_plan(self) -> None:
        """Plan again soon: a burst of changes (a thousand fixes a second) gives one plan,
        and off screen a change only marks the plan stale (planned when shown)."""
        if not self.on_screen():
            self._stale = True
        elif not self._debounce.isActive():
            self._debounce.start()

    def _on_call_changed(self, _call_id: int, _view: object) -> None:
        self.request_plan()

    def _on_technician_changed(self, _tech_id: int, _view: object) -> None:
        self.request_plan()

    def _on_assigned(self, view: Any) -> None:
        """A dispatcher's own assignment is pinned, through the hub, so every plan (this
        console's, the others', the hub's auto-dispatch) keeps it; one sent by accepting
        the plan is not (the plan may improve on its own proposal later)."""
        call_id = int(view.id)
        if self._accepting.get(call_id, 0.0) >= time.monotonic():
            return
        self._accepting.pop(call_id, None)
        if not getattr(view, "pinned", False) and self.client is not None:
            # the hub has the assignment already; a failure here (the assignment undone
            # first, the hub gone) is not the dispatcher's request, so it is only logged
            self._spawn(self._send_pin(call_id, True, quiet=True))

    def _auto_replan(self) -> None:
        """Changes and the timer plan again only while the panel is on screen: a hidden
        panel does no solver work (a busy night would plan for nobody); it plans when shown."""
        if self.on_screen():
            self.replan()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.brought_forward()

    def brought_forward(self) -> None:
        """Shown or its tab chosen: a plan made stale off screen is made now."""
        if self._stale:
            self._stale = False
            self.request_plan()

    def replan(self) -> None:
        """Solve now in the worker process (one at a time; a request meanwhile runs after).
        Under a manual policy for the whole centre nothing is solved: it says so instead."""
        if self._closed:
            return
        off = self.gate.off()
        if off is not None:
            self._show_planning_off(off)
            return
        if self._worker.busy:
            self._again = True
            return
        problem = build_problem(
            self.state.calls.values(),
            self.state.technicians.values(),
            now=self.clock(),
            tz=self.tz,
            service_area=self.service_area(),
        )
        self._generation += 1
        generation = self._generation
        self._worker.submit(
            solve,
            problem,
            previous=self.plan,
            on_done=lambda result: self._on_solved(result, generation),
        )

    def _on_solved(self, result: object, generation: int) -> None:
        if isinstance(result, Plan) and generation == self._generation:
            self.show_plan(result)
        elif isinstance(result, BaseException):
            self.totals.setText(self.tr("The planner failed: {0}").format(result))
        if self._again:
            self._again = False
            self.request_plan()

    def show_plan(self, plan: Plan) -> None:
        """The diff (without calls under a manual policy), the pinned calls, the totals
        and, under them, what the plan could not do or assumed."""
        self.plan = plan
        names = {t.id: t.name for t in self.state.technicians.values()}
        changes = plan_diff(plan, self.state.calls)
        held = [c for c in changes if self.gate.manual(self._category(c.call_id)) is not None]
        shown = [c for c in changes if c not in held]
        self.model.set_changes(shown + pinned_rows(self.state.calls), names)
        self.totals.setText(totals_text(plan.totals, plan.current))
        self._show_notes(plan, held)
        self.plan_ready.emit(plan)

    def _show_notes(self, plan: Plan, held: list[Change]) -> None:
        lines = list(plan.notes)
        if plan.timed_out:
            lines.append(self.tr("The planner hit its time limit: this is the best plan found"))
        if held:
            kinds = sorted({self._category(c.call_id) for c in held})
            lines.append(
                self.tr("Not proposed, a manual policy is in force for {what} ({n} calls): "
                        "Plan anyway shows them").format(what=", ".join(kinds), n=len(held))
            )
        elif self.gate.plan_anyway:
            lines.append(self.tr("Planned anyway under the manual policy (Reject stops)"))
        self.plan_anyway_button.setVisible(bool(held))
        self._say(lines)

    def _say(self, lines: list[str]) -> None:
        self.notes.setText("\n".join(lines))
        self.notes.setVisible(bool(lines))

    # --- the manual policy -----------------------------------------------------------------

    def _category(self, call_id: int) -> str:
        call = self.state.calls.get(call_id)
        return call.category if call else "?"

    def _show_planning_off(self, mode: policy.ActiveMode) -> None:
        until = ""
        if mode.until is not None:
            until = self.tr(" until {0}").format(f"{mode.until:%H:%M}")
        self.model.set_changes(pinned_rows(self.state.calls), self.model.names)
        self.totals.setText(
            self.tr("Planning is off{0}: the manual policy (recommendations only)").format(until)
        )
        self._say([self.tr("Plan anyway proposes a plan for this window all the same")])
        self.plan_anyway_button.show()

    def plan_anyway(self) -> None:
        """The dispatcher's explicit wish: propose for calls under a manual policy too,
        until Reject."""
        self.gate.plan_anyway = True
        self.plan_anyway_button.hide()
        if self.plan is not None and not self._worker.busy:
            self.show_plan(self.plan)
        self.replan()

    # --- pins ------------------------------------------------------------------------------

    def _pinned(self, call_id: int) -> bool:
        call = self.state.calls.get(call_id)
        return call is not None and call.pinned

    def toggle_pin_selected(self) -> None:
        """Ctrl+Shift+P: pin the selected calls to their technicians, or unpin them when
        they are all pinned already."""
        rows = self.selected_changes()
        if not rows:
            return
        unpin = all(self._pinned(c.call_id) for c in rows)
        for c in rows:
            self.set_pinned(c.call_id, not unpin)

    def set_pinned(self, call_id: int, pinned: bool) -> None:
        """Pin or unpin through the hub (audited; every console sees it from the event)."""
        call = self.state.calls.get(call_id)
        if pinned and (call is None or not call.technician_ids):
            self._say([self.tr("Call #{0} has nobody on it to pin to").format(call_id)])
            return
        if self.client is None:
            self._say([self.tr("Pins are kept by the hub; this console has none")])
            return
        self._spawn(self._send_pin(call_id, pinned))

    async def _send_pin(self, call_id: int, pinned: bool, *, quiet: bool = False) -> None:
        """The hub's event brings the pinned call to every console, this one included (and
        a changed call plans again)."""
        try:
            await (self.client.pin if pinned else self.client.unpin)(call_id)
        except Exception as exc:  # offline, refused, gone: said, nothing else changes
            if quiet:
                log.info("call %s not pinned after its assignment: %s", call_id, exc)
                return
            template = (
                self.tr("Could not pin call #{0}: {1}") if pinned
                else self.tr("Could not unpin call #{0}: {1}")
            )
            self._say([template.format(call_id, exc)])

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run ``coro`` on the Qt loop (qasync); kept so shutdown can cancel it."""
        loop = _loop()
        if loop is None:
            coro.close()
            return
        task = loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- auto-dispatch state ---------------------------------------------------------------

    def check_policies(self) -> None:
        """Ask the hub for the policies (async; the UI thread never waits)."""
        if self.client is None or self._closed or self._policy_task is not None:
            return
        loop = _loop()
        if loop is None:
            return  # no asyncio loop at all (a window without qasync): nothing to ask
        self._policy_task = loop.create_task(self._fetch_policies())

    async def _fetch_policies(self) -> None:
        try:
            got = await self.client.policies()
            mode = self.gate.update(policy.from_wire(got["policies"]), got["timezone"])
            self.auto_dispatch_changed.emit(policy.describe(mode, self.gate.tz))
        except Exception:  # not connected yet, offline, an older hub: say nothing, ask again
            self.auto_dispatch_changed.emit("")
            if not self._closed:
                QTimer.singleShot(RETRY_MS, self, self.check_policies)
        finally:
            self._policy_task = None

    # --- decisions -----------------------------------------------------------------------

    def selected_changes(self) -> list[Change]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if 0 <= r < len(self.model.rows)]

    def accept_all(self) -> int:
        return self.accept(list(self.model.rows))

    def accept_selected(self) -> int:
        return self.accept(self.selected_changes())

    def accept(self, changes: list[Change]) -> int:
        """Send the changes as ordinary assignments; waiting and pinned rows need nothing
        sent. A crew (or a change of crew) goes as one sequence of steps with one undo."""
        if self.dispatch is None:
            return 0
        sent = 0
        changes = [c for c in changes if c.kind not in (WAIT, PINNED)]
        until = time.monotonic() + ACCEPT_ECHO_S
        self._accepting.update({c.call_id: until for c in changes})
        for c in changes:
            if c.kind == NEW and len(c.after) == 1:
                self.dispatch.assign(c.call_id, c.after[0])
            elif c.kind == REASSIGN and len(c.before) == 1 and len(c.after) == 1:
                self.dispatch.reassign(c.call_id, c.after[0], from_technician_id=c.before[0])
            else:
                self.dispatch.change_crew(c.call_id, c.before, c.after)
            sent += 1
        done = {c.call_id for c in changes}
        self.model.set_changes(
            [r for r in self.model.rows if r.call_id not in done], self.model.names
        )
        self.changes_accepted.emit(sent)
        return sent

    def reject(self) -> None:
        """Drop the proposal (and a "plan anyway"); the next change or the timer plans
        again."""
        self.gate.plan_anyway = False
        self.model.set_changes([], self.model.names)
        self.totals.setText(self.tr("Plan rejected; Ctrl+P plans again"))
        self._say([])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self._closed = True
        self._policy_timer.stop()
        if self._policy_task is not None:
            self._policy_task.cancel()
        for task in list(self._tasks):
            task.cancel()
        self._timer.stop()
        self._debounce.stop()
        self._worker.shutdown(wait=True)


def _loop() -> asyncio.AbstractEventLoop | None:
    """The asyncio loop the Qt thread runs (qasync), or None in a window without one."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # a Qt slot under qasync: the loop is set, not "running" here
        try:
            return asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            return None
