"""The shift timeline: one lane per technician across the night (18:00 → 08:00 local), job
bars from assignment to completion (or to now), a "now" line. A job auto-dispatch assigned
under a policy carries an "A" badge and says so in its tooltip.

Painting reads LiveState directly and draws only the lanes in view, so 2,000 technicians
scroll as smoothly as 20. Drag a bar to another lane to reassign; drop a call from the queue
on a lane to assign.

Signals (TimelineView and TimelinePanel):
    call_selected(int)    a bar was clicked (a planned, hollow one too)
    call_activated(int)   a bar was double-clicked
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QVBoxLayout, QWidget

from console.domain import AssignmentView, TechnicianView, TechStatus
from console.live_state import LiveState
from console.services.policy import assigned_automatically
from console.timezone import CENTER_TZ
from ui import theme
from ui.mime import (
    ASSIGNMENT_MIME,
    CALL_MIME,
    assignment_from_mime,
    assignment_mime,
    call_id_from_mime,
)
from ui.models.palette import color
from ui.models.shifts import NIGHT_HOURS, night_window
from ui.panels.timeline_marks import auto_tooltip, paint_auto_badge
from ui.shell.undo_toast import UndoToast, override

LABEL_WIDTH = 150
HEADER_HEIGHT = 22
LANE_HEIGHTS = {"comfortable": 26, "compact": 18}
_ENDED_COLOUR = {
    "completed": "call_completed",
    "failed": "call_failed",
    "cancelled": "call_cancelled",
}


@dataclass(frozen=True, slots=True)
class Bar:
    call_id: int
    tech_id: int
    rect: QRect
    active: bool
    auto: bool = False  # assigned by auto-dispatch under a policy: drawn with an "A" badge
    assigned_at: datetime | None = None


class TimelineView(QAbstractScrollArea):
    """The painted lanes; see the module docstring."""

    call_selected = Signal(int)
    call_activated = Signal(int)
    technician_selected = Signal(int)
    assign_requested = Signal(int, int)  # call id, technician id (a call dropped on a lane)
    reassign_requested = Signal(int, int, int)  # call id, to technician, from technician

    def __init__(
        self,
        state: LiveState,
        *,
        clock: Callable[[], datetime],
        tz: str = CENTER_TZ,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._clock = clock
        self._tz = tz
        self.lane_height = LANE_HEIGHTS["comfortable"]
        self.lanes: list[int] = []
        self._lane_of: dict[int, int] = {}
        self.painted_lanes: tuple[int, int] = (0, -1)  # first/last lane drawn last time
        self._press: QPoint | None = None
        self.highlighted = 0  # call whose bars are outlined (the queue's selection)
        self.planned: dict[int, list[tuple[int, datetime, datetime]]] = {}
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setMouseTracking(False)
        self.setAccessibleName(self.tr("Shift timeline"))
        self._ticker = QTimer(self)
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self.viewport().update)
        state.on_reset(self._on_state_reset)
        state.on_technician_changed(self._on_technician_changed)
        state.on_call_changed(self._on_call_changed)
        self._on_state_reset()

    # --- geometry --------------------------------------------------------------------------

    def set_lane_height(self, height: int) -> None:
        self.lane_height = height
        self._update_scrollbar()
        self.viewport().update()

    def window(self) -> tuple[datetime, datetime]:  # type: ignore[override]
        return night_window(self._clock(), self._tz)

    def x_of(self, at: datetime) -> int:
        start, _end = self.window()
        width = max(1, self.viewport().width() - LABEL_WIDTH)
        frac = (at - start).total_seconds() / (NIGHT_HOURS * 3600)
        return LABEL_WIDTH + round(max(0.0, min(1.0, frac)) * width)

    def lane_top(self, lane: int) -> int:
        return HEADER_HEIGHT + lane * self.lane_height - self.verticalScrollBar().value()

    def lane_at(self, y: int) -> int | None:
        """The technician whose lane is at viewport ``y``, or None (header, past the end)."""
        if y < HEADER_HEIGHT:
            return None
        lane = (y - HEADER_HEIGHT + self.verticalScrollBar().value()) // self.lane_height
        return self.lanes[lane] if 0 <= lane < len(self.lanes) else None

    def scroll_to_technician(self, tech_id: int) -> None:
        lane = self._lane_of.get(tech_id)
        if lane is not None:
            self.verticalScrollBar().setValue(lane * self.lane_height)

    def select_call(self, call_id: int | None) -> None:
        """Outline the call's bars and bring its (current) technician's lane into view."""
        self.highlighted = call_id or 0
        assignments = self._state.call_assignments(self.highlighted)
        active = [a for a in assignments if a.active] or assignments
        if active:
            lane = self._lane_of.get(active[-1].technician_id)
            top = self.verticalScrollBar().value()
            page = self.viewport().height() - HEADER_HEIGHT
            if lane is not None and not top <= lane * self.lane_height < top + page:
                self.scroll_to_technician(active[-1].technician_id)
        self.viewport().update()

    def bars(self, tech_id: int) -> list[Bar]:
        lane = self._lane_of.get(tech_id)
        if lane is None:
            return []
        now = self._clock()
        top = self.lane_top(lane) + 3
        out = []
        for a in self._state.assignments_for(tech_id):
            x0 = self.x_of(a.assigned_at)
            x1 = max(x0 + 4, self.x_of(a.ended_at or now))
            rect = QRect(x0, top, x1 - x0, self.lane_height - 6)
            auto = assigned_automatically(a.assigned_by)
            out.append(Bar(a.call_id, tech_id, rect, a.active, auto, a.assigned_at))
        return out

    def bar_at(self, pos: QPoint) -> Bar | None:
        tech_id = self.lane_at(pos.y())
        if tech_id is None:
            return None
        hits = [b for b in self.bars(tech_id) if b.rect.contains(pos)]
        active = [b for b in hits if b.active]
        chosen = active or hits
        return chosen[-1] if chosen else None

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        rect = self.viewport().rect()
        p.fillRect(rect, color("lane"))
        first = max(0, self.verticalScrollBar().value() // self.lane_height)
        visible = rect.height() // self.lane_height + 2
        last = min(len(self.lanes) - 1, first + visible)
        self.painted_lanes = (first, last)
        for lane in range(first, last + 1):
            self._paint_lane(p, lane, rect.width())
        self._paint_header(p, rect.width())
        now_x = self.x_of(self._clock())
        p.setPen(color("now"))
        p.drawLine(now_x, 0, now_x, rect.height())
        p.end()

    def _paint_lane(self, p: QPainter, lane: int, width: int) -> None:
        tech = self._state.technicians.get(self.lanes[lane])
        if tech is None:
            return
        top = self.lane_top(lane)
        if lane % 2:
            p.fillRect(0, top, width, self.lane_height, color("lane_alt"))
        p.setPen(color(f"tech_{tech.status.value}"))
        p.drawText(
            QRect(6, top, LABEL_WIDTH - 10, self.lane_height),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            tech.name,
        )
        for a, bar in zip(self._state.assignments_for(tech.id), self.bars(tech.id), strict=True):
            p.fillRect(bar.rect, self._bar_colour(a))
            if a.call_id == self.highlighted:
                p.setPen(color("selection_fg"))
                p.drawRect(bar.rect.adjusted(0, 0, -1, -1))
            text = bar.rect.adjusted(3, 0, 0, 0)
            if bar.auto:
                text.setRight(paint_auto_badge(p, bar.rect).left() - 2)
            p.setPen(color("lane_text"))
            p.drawText(text, Qt.AlignmentFlag.AlignVCenter, f"#{a.call_id}")
        if self.planned:
            self._paint_planned(p, tech.id)

    def set_planned(self, planned: dict[int, list[tuple[int, datetime, datetime]]]) -> None:
        """The planner's proposed jobs (technician -> (call, on site, done)): hollow bars."""
        self.planned = planned
        self.viewport().update()

    def planned_rects(self, tech_id: int) -> list[tuple[int, QRect]]:
        top = self.lane_top(self.lanes.index(tech_id)) if tech_id in self.lanes else None
        if top is None:
            return []
        return [
            (
                call_id,
                QRect(
                    self.x_of(a), top + 4, max(4, self.x_of(b) - self.x_of(a)), self.lane_height - 8
                ),
            )
            for call_id, a, b in self.planned.get(tech_id, [])
        ]

    def planned_at(self, pos: QPoint) -> int | None:
        """The call of the planned (hollow) bar under ``pos``, if any."""
        tech_id = self.lane_at(pos.y())
        if tech_id is None:
            return None
        return next((c for c, rect in self.planned_rects(tech_id) if rect.contains(pos)), None)

    def _paint_planned(self, p: QPainter, tech_id: int) -> None:
        pen = QPen(color("lane_text"), 1, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for call_id, rect in self.planned_rects(tech_id):
            p.drawRect(rect.adjusted(0, 0, -1, -1))
            p.drawText(rect.adjusted(3, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, f"#{call_id}")

    def _bar_colour(self, a: AssignmentView) -> Any:
        if a.active:
            call = self._state.calls.get(a.call_id)
            return color(f"call_{call.status.value}") if call else color("muted")
        return color(_ENDED_COLOUR.get(a.end_reason or "", "muted"))

    def _paint_header(self, p: QPainter, width: int) -> None:
        p.fillRect(0, 0, width, HEADER_HEIGHT, color("lane_alt"))
        start, _end = self.window()
        p.setPen(color("grid"))
        for hour in range(NIGHT_HOURS + 1):
            x = LABEL_WIDTH + round(hour / NIGHT_HOURS * max(1, width - LABEL_WIDTH))
            p.drawLine(x, HEADER_HEIGHT - 4, x, HEADER_HEIGHT)
            label = f"{(start.hour + hour) % 24:02d}"
            p.drawText(QRect(x - 12, 0, 24, HEADER_HEIGHT - 4), Qt.AlignmentFlag.AlignCenter, label)

    def tooltip_at(self, pos: QPoint) -> str:
        """The tooltip for viewport ``pos``: only an auto-dispatched bar has one."""
        bar = self.bar_at(pos)
        if bar is None or not bar.auto or bar.assigned_at is None:
            return ""
        return auto_tooltip(bar.assigned_at, self._tz)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # --- mouse: select and drag bars -------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        bar = self.bar_at(pos)
        self._press = pos if bar and bar.active else None
        planned = self.planned_at(pos) if bar is None else None
        if bar is not None:
            self.call_selected.emit(bar.call_id)
        elif planned is not None:
            self.call_selected.emit(planned)  # a hollow bar: the planned call, not yet sent
        elif pos.x() < LABEL_WIDTH and (tech_id := self.lane_at(pos.y())) is not None:
            self.technician_selected.emit(tech_id)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        if (event.position().toPoint() - self._press).manhattanLength() < 8:
            return
        bar = self.bar_at(self._press)
        self._press = None
        if bar is not None:
            drag = QDrag(self)
            drag.setMimeData(self.mime_for(bar))
            drag.exec(Qt.DropAction.MoveAction)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        bar = self.bar_at(pos)
        call_id = bar.call_id if bar is not None else self.planned_at(pos)
        if call_id is not None:
            self.call_activated.emit(call_id)

    def mime_for(self, bar: Bar) -> QMimeData:
        return assignment_mime(bar.call_id, bar.tech_id)

    # --- drops -----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CALL_MIME) or event.mimeData().hasFormat(ASSIGNMENT_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.lane_at(event.position().toPoint().y()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.drop(event.mimeData(), event.position().toPoint()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, data: QMimeData, pos: QPoint) -> bool:
        """A bar moved to another lane reassigns; a call from the queue assigns."""
        tech_id = self.lane_at(pos.y())
        if tech_id is None:
            return False
        moved = assignment_from_mime(data)
        if moved is not None:
            call_id, from_tech = moved
            if from_tech == tech_id:
                return False
            self.reassign_requested.emit(call_id, tech_id, from_tech)
            return True
        dropped = call_id_from_mime(data)
        if dropped is None or dropped not in self._state.calls:
            return False
        self.assign_requested.emit(dropped, tech_id)
        return True

    # --- LiveState listeners ---------------------------------------------------------------

    def _on_state_reset(self) -> None:
        self.lanes = sorted(self._state.technicians, key=self._lane_order)
        self._lane_of = {t: i for i, t in enumerate(self.lanes)}
        self._update_scrollbar()
        self.viewport().update()

    def _lane_order(self, tech_id: int) -> tuple[int, str, int]:
        """Lanes with work tonight on top, then on-shift, then off-duty; by name within.
        Fixed at each snapshot: lanes never jump while the dispatcher is looking."""
        tech = self._state.technicians[tech_id]
        if self._state.assignments_for(tech_id):
            rank = 0
        elif tech.status is not TechStatus.OFF_DUTY:
            rank = 1
        else:
            rank = 2
        return rank, tech.name.casefold(), tech_id

    def _on_technician_changed(self, tech_id: int, tech: TechnicianView | None) -> None:
        if tech is not None and tech_id not in self._lane_of:
            self._lane_of[tech_id] = len(self.lanes)
            self.lanes.append(tech_id)
            self._update_scrollbar()
        self._update_lane(tech_id)

    def _on_call_changed(self, call_id: int, _call: object) -> None:
        for a in self._state.call_assignments(call_id):
            self._update_lane(a.technician_id)

    def _update_lane(self, tech_id: int) -> None:
        lane = self._lane_of.get(tech_id)
        if lane is None:
            return
        top = self.lane_top(lane)
        if top + self.lane_height >= 0 and top <= self.viewport().height():
            self.viewport().update(0, top, self.viewport().width(), self.lane_height)

    def _update_scrollbar(self) -> None:
        total = len(self.lanes) * self.lane_height
        page = max(1, self.viewport().height() - HEADER_HEIGHT)
        bar = self.verticalScrollBar()
        bar.setPageStep(page)
        bar.setSingleStep(self.lane_height)
        bar.setRange(0, max(0, total - page))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbar()

    def start_timers(self) -> None:
        self._ticker.start()

    def stop_timers(self) -> None:
        self._ticker.stop()


class TimelinePanel(QWidget):
    """The timeline plus its inline refusal banner, wired to DispatchActions."""

    call_selected = Signal(int)
    call_activated = Signal(int)
    technician_selected = Signal(int)

    def __init__(
        self,
        state: LiveState,
        *,
        clock: Callable[[], datetime],
        actions: Any = None,
        tz: str = CENTER_TZ,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shiftTimeline")
        self._state = state
        self._actions = actions
        self._pending: set[tuple[int, int]] = set()
        self.toast = UndoToast(self)
        self.view = TimelineView(state, clock=clock, tz=tz, parent=self)
        self.view.assign_requested.connect(self._assign)
        self.view.reassign_requested.connect(self._reassign)
        self.view.call_selected.connect(self.call_selected)
        self.view.call_activated.connect(self.call_activated)
        self.view.technician_selected.connect(self.technician_selected)
        self.toast.override_requested.connect(
            lambda c, t, reason: (
                override(self._actions, self._state, c, t, reason)
                if self._actions is not None
                else None
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toast)
        layout.addWidget(self.view)
        if actions is not None:
            actions.refused.connect(self._on_refused)
        theme.notifier().changed.connect(self._on_theme_changed)

    def _on_theme_changed(self, _name: str) -> None:
        self.view.viewport().update()  # colours come from the theme at paint time

    def set_density(self, density: str) -> None:
        if density not in LANE_HEIGHTS:
            raise ValueError(f"density must be one of {tuple(LANE_HEIGHTS)}, not {density!r}")
        self.view.set_lane_height(LANE_HEIGHTS[density])

    def show_plan(self, plan: Any) -> None:
        """Draw a console.planning Plan's jobs as hollow bars (not yet accepted)."""
        self.view.set_planned(
            {
                r.technician_id: [(st.call_id, st.eta, st.depart) for st in r.stops]
                for r in plan.routes
            }
        )

    def scroll_to_technician(self, tech_id: int) -> None:
        self.view.scroll_to_technician(tech_id)

    def select_call(self, call_id: int | None) -> None:
        """Outline a call's bars (the shell calls this when the queue selection changes)."""
        self.view.select_call(call_id)

    def show_call(self, call_id: int | None) -> None:
        """ShowsCall (ui.shell.contracts): follow the selected call."""
        self.select_call(call_id)

    def showEvent(self, event: QShowEvent) -> None:
        self.view.start_timers()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.view.stop_timers()
        super().hideEvent(event)

    def _assign(self, call_id: int, tech_id: int) -> None:
        if self._actions is not None:
            self._pending.add((call_id, tech_id))
            self._actions.assign(call_id, tech_id)

    def _reassign(self, call_id: int, tech_id: int, from_tech: int) -> None:
        if self._actions is not None:
            self._pending.add((call_id, tech_id))
            self._actions.reassign(call_id, tech_id, from_technician_id=from_tech)

    def _on_refused(self, call_id: int, tech_id: int, message: str, problems: Any) -> None:
        if (call_id, tech_id) in self._pending:
            self._pending.discard((call_id, tech_id))
            self.toast.show_refusal(call_id, tech_id, message, problems)
