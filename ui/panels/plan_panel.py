"""The Plan panel: the planner's proposal as a diff against today's assignments — new
assignments, reassignments, calls that stay waiting — each with its reason, the totals
before and after, and accept all / accept selected / reject. Accepting sends ordinary
assignments through DispatchActions (conflicts, undo and audit as for a drag); a crew, or a
change of crew, is a sequence of reassignments and assignments with one undo.

Re-planning runs in a worker process (the solver can take a second on a busy night),
debounced after calls or technicians change and on a timer; a UI-thread timer collects the
result (no callback on the executor's thread). Calls a dispatcher assigned by hand, or
pinned, stay as they are.

It also watches the dispatch policies (through the hub, once a minute) and says whether
auto-dispatch is on for the status bar.

Signals:
    plan_ready(object)       a new Plan (for the map's routes and the timeline)
    changes_accepted(int)    how many changes were sent to the hub
    auto_dispatch_changed(str)  "Auto-dispatch: on until 22:00" and the like
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.live_state import LiveState
from console.planning import Plan, solve
from console.planning.diff import NEW, REASSIGN, WAIT, Change, plan_diff
from console.planning.live import build_problem
from console.planning.result import Totals
from console.services import policy
from console.timezone import CENTER_TZ
from ui.models.worker_process import WorkerProcess

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("change", "call", "before", "after", "eta", "reason")
DEBOUNCE_MS = 1500
TIMER_MS = 60_000
POLICY_MS = 60_000
RETRY_MS = 5_000


class PlanDiffModel(QAbstractTableModel):
    """One row per proposed change; a new plan replaces the rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Change] = []
        self.names: dict[int, str] = {}
        self._kinds = {
            NEW: self.tr("Assign"),
            REASSIGN: self.tr("Reassign"),
            WAIT: self.tr("Stays waiting"),
        }
        self._headers = (
            self.tr("Change"),
            self.tr("Call"),
            self.tr("Now"),
            self.tr("Plan"),
            self.tr("On site"),
            self.tr("Why"),
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return c.call_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = COLUMNS[index.column()]
        if col == "change":
            return self._kinds[c.kind]
        if col == "call":
            return f"#{c.call_id}"
        if col in ("before", "after"):
            ids = c.before if col == "before" else c.after
            return ", ".join(self.names.get(t, f"#{t}") for t in ids) or "–"
        if col == "eta":
            return "–" if c.eta is None else c.eta.strftime("%H:%M")
        return c.reason

    def set_changes(self, rows: list[Change], names: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows, self.names = rows, names
        self.endResetModel()


def totals_text(after: Totals, before: Totals | None) -> str:
    def line(t: Totals) -> str:
        return (
            f"{t.on_time} on time, {t.late} late ({t.lateness_minutes:.0f} min), "
            f"{t.km:.0f} km, overtime {t.overtime_minutes:.0f} min"
        )

    text = f"Plan: {line(after)}"
    return text if before is None else f"{text}\nNow: {line(before)}"


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
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.dispatch = actions
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.tz = tz
        self.pins: set[int] = set()
        self.plan: Plan | None = None
        self._worker = WorkerProcess(self)  # solves in its own process (see its module)
        self._generation = 0
        self._again = False
        self._closed = False
        self._stale = True  # no plan for the current state yet
        self._accepting: set[int] = set()
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
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.plan_button = QPushButton(self.tr("Plan (Ctrl+P)"), self)
        self.accept_all_button = QPushButton(self.tr("Accept all"), self)
        self.accept_button = QPushButton(self.tr("Accept selected (Enter)"), self)
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.plan_button.clicked.connect(self.replan)
        self.accept_all_button.clicked.connect(self.accept_all)
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.plan_button, self.accept_all_button, self.accept_button, self.reject_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            accept = QShortcut(QKeySequence(key), self.view)
            accept.setContext(Qt.ShortcutContext.WidgetShortcut)
            accept.activated.connect(self.accept_selected)

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
        """A dispatcher's own assignment is pinned: the next plan keeps it."""
        call_id = int(view.id)
        if call_id in self._accepting:
            self._accepting.discard(call_id)
        else:
            self.pins.add(call_id)

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
        """Solve now in the worker process (one at a time; a request meanwhile runs after)."""
        if self._closed:
            return
        if self._worker.busy:
            self._again = True
            return
        problem = build_problem(
            self.state.calls.values(),
            self.state.technicians.values(),
            now=self.clock(),
            tz=self.tz,
            pins=frozenset(self.pins),
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
        self.plan = plan
        names = {t.id: t.name for t in self.state.technicians.values()}
        self.model.set_changes(plan_diff(plan, self.state.calls), names)
        self.totals.setText(totals_text(plan.totals, plan.current))
        self.plan_ready.emit(plan)

    # --- auto-dispatch state ---------------------------------------------------------------

    def check_policies(self) -> None:
        """Ask the hub for the policies (async; the UI thread never waits)."""
        if self.client is None or self._closed or self._policy_task is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a Qt timer under qasync: the loop is set, not "running" here
            try:
                loop = asyncio.get_event_loop_policy().get_event_loop()
            except RuntimeError:
                return  # no asyncio loop at all (a window without qasync): nothing to ask
        self._policy_task = loop.create_task(self._fetch_policies())

    async def _fetch_policies(self) -> None:
        try:
            got = await self.client.policies()
            mode = policy.active_mode(
                policy.from_wire(got["policies"]), None, self.clock(), got["timezone"]
            )
            self.auto_dispatch_changed.emit(policy.describe(mode, got["timezone"]))
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
        """Send the changes as ordinary assignments; waiting rows need nothing sent. A crew
        (or a change of crew) goes as one sequence of steps with one undo."""
        if self.dispatch is None:
            return 0
        sent = 0
        self._accepting |= {c.call_id for c in changes if c.kind != WAIT}
        for c in changes:
            if c.kind == WAIT:
                continue
            if c.kind == NEW and len(c.after) == 1:
                self.dispatch.assign(c.call_id, c.after[0])
            elif c.kind == REASSIGN and len(c.before) == 1 and len(c.after) == 1:
                self.dispatch.reassign(c.call_id, c.after[0], from_technician_id=c.before[0])
            else:
                self.dispatch.change_crew(c.call_id, c.before, c.after)
            sent += 1
        done = {c.call_id for c in changes if c.kind != WAIT}
        self.model.set_changes(
            [r for r in self.model.rows if r.call_id not in done], self.model.names
        )
        self.changes_accepted.emit(sent)
        return sent

    def reject(self) -> None:
        """Drop the proposal; the next change or the timer plans again."""
        self.model.set_changes([], self.model.names)
        self.totals.setText(self.tr("Plan rejected; Ctrl+P plans again"))

    def pin(self, call_id: int) -> None:
        """Keep this call with its current technicians in every later plan."""
        self.pins.add(call_id)
        self.request_plan()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        self._closed = True
        self._policy_timer.stop()
        if self._policy_task is not None:
            self._policy_task.cancel()
        self._timer.stop()
        self._debounce.stop()
        self._worker.shutdown(wait=True)
