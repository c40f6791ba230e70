"""The technician board as a table model over LiveState's technicians, plus its filter proxy.

A batch of positions repaints only the ETA column, as one dataChanged over the rows that
moved; a status or job change repaints that technician's row. The row is also a drop target:
a call dropped on it asks the ``assign`` callable (DispatchActions.assign) to send them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from console.domain import TechnicianView
from console.live_state import LiveState
from console.shifts import minutes_left
from console.timezone import CENTER_TZ
from console.travel import GreatCircleTravel, TravelModel
from ui.mime import CALL_MIME, call_id_from_mime
from ui.models.keyed_proxy import KeyedSortProxy
from ui.models.keyed_table import KeyedTableModel
from ui.models.labels import label
from ui.models.palette import color

Index = QModelIndex | QPersistentModelIndex
TechIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
TechRole = Qt.ItemDataRole.UserRole + 3
# The board's default order: working technicians first, then by name (one string per row,
# so the proxy compares in C++ however many technicians there are).
StatusFirstRole = Qt.ItemDataRole.UserRole + 4
STATUS_RANK = {"en_route": 0, "on_site": 1, "available": 2, "on_break": 3, "off_duty": 4}

COLUMNS = ("name", "status", "skills", "job", "eta", "shift_left", "jobs")
COL = {name: i for i, name in enumerate(COLUMNS)}
AssignFn = Callable[[int, int], None]


class TechnicianModel(KeyedTableModel):
    """Every technician, one row each, in id order (the proxy sorts and filters)."""

    columns = COLUMNS
    row_flags = Qt.ItemFlag.ItemIsDropEnabled

    def __init__(
        self,
        state: LiveState,
        clock: Callable[[], datetime],
        *,
        travel: TravelModel | None = None,
        tz: str = CENTER_TZ,
        assign: AssignFn | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = {
            "name": self.tr("Technician"),
            "status": self.tr("Status"),
            "skills": self.tr("Skills"),
            "job": self.tr("Current job"),
            "eta": self.tr("ETA"),
            "shift_left": self.tr("Shift left"),
            "jobs": self.tr("Jobs tonight"),
        }
        self._state = state
        self._clock = clock
        self._travel = travel or GreatCircleTravel(tz=tz)
        self._tz = tz
        self.assign = assign
        self._ticker = QTimer(self)
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self.tick)
        state.on_reset(self._on_state_reset)
        state.on_technician_changed(self._on_technician_changed)
        state.on_positions(self._on_positions_moved)
        self._on_state_reset()

    def tech_at(self, row: int) -> TechnicianView:
        return self._state.technicians[self._ids[row]]

    # --- data ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid_row(index):
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """``data()`` by row and column (the sorting proxy calls it without an index)."""
        tech = self.tech_at(row)
        col = COLUMNS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(tech, col)
        if role == TechIdRole:
            return tech.id
        if role == TechRole:
            return tech
        if role == SortRole:
            return self._sort_key(tech, col)
        if role == StatusFirstRole:
            return f"{STATUS_RANK.get(tech.status.value, 9)}\t{tech.name.casefold()}\t{tech.id:09d}"
        if role == Qt.ItemDataRole.ForegroundRole and col == "status":
            return color(f"tech_{tech.status.value}")
        return None

    def _display(self, tech: TechnicianView, col: str) -> str:
        if col == "name":
            return tech.name
        if col == "status":
            return {
                "off_duty": self.tr("Off duty"),
                "available": self.tr("Available"),
                "en_route": self.tr("En route"),
                "on_site": self.tr("On site"),
                "on_break": self.tr("On break"),
            }.get(tech.status.value, tech.status.value)
        if col == "skills":
            return ", ".join(label(s) for s in tech.skills)
        if col == "job":
            job = self._state.current_job(tech.id)
            return "" if job is None else f"#{job.id} {label(job.category)}"
        if col == "eta":
            eta = self.eta_minutes(tech)
            return "" if eta is None else self.tr("%n min", "", round(eta))
        if col == "shift_left":
            left = self.shift_left(tech)
            return (
                self.tr("off shift") if left is None else f"{int(left) // 60}:{int(left) % 60:02d}"
            )
        return str(self._state.jobs_tonight(tech.id))

    def sort_key(self, tech: TechnicianView, col: str) -> Any:
        """What the board sorts ``col`` by (the proxy caches it per row)."""
        return self._sort_key(tech, col)

    def _sort_key(self, tech: TechnicianView, col: str) -> Any:
        if col == "eta":
            eta = self.eta_minutes(tech)
            return 1e9 if eta is None else eta
        if col == "shift_left":
            left = self.shift_left(tech)
            return -1.0 if left is None else left
        if col == "jobs":
            return self._state.jobs_tonight(tech.id)
        return self._display(tech, col).casefold()

    def eta_minutes(self, tech: TechnicianView) -> float | None:
        """Minutes from the last fix (or home base) to the current job; None without a job."""
        job = self._state.current_job(tech.id)
        if job is None:
            return None
        here = (
            (tech.position.lat, tech.position.lon)
            if tech.position
            else (tech.home_lat, tech.home_lon)
        )
        return self._travel.travel_minutes(here, (job.lat, job.lon), self._clock())

    def shift_left(self, tech: TechnicianView) -> float | None:
        return minutes_left(tech.shifts, self._clock(), self._tz)

    # --- drop target -----------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CALL_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._drop_target(row, parent) is not None and call_id_from_mime(data) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """A call dropped on a technician's row: ask to assign it (the hub decides)."""
        tech_id = self._drop_target(row, parent)
        call_id = call_id_from_mime(data)
        if tech_id is None or call_id is None or self.assign is None:
            return False
        if call_id not in self._state.calls:
            return False
        self.assign(call_id, tech_id)
        return True

    def _drop_target(self, row: int, parent: Index) -> int | None:
        # Dropped onto a row: Qt passes row=-1 and the row as ``parent``.
        target = parent.row() if parent.isValid() else row
        return self._ids[target] if 0 <= target < len(self._ids) else None

    # --- updates ---------------------------------------------------------------------------

    def tick(self) -> None:
        """Shift-left and ETA drift with the clock: repaint those columns only."""
        self._emit_all(COL["eta"], COL["shift_left"])

    def start_timers(self) -> None:
        self._ticker.start()

    def stop_timers(self) -> None:
        self._ticker.stop()

    def _on_state_reset(self) -> None:
        self._reset_ids(self._state.technicians)

    def _on_technician_changed(self, tech_id: int, tech: TechnicianView | None) -> None:
        if tech is None:
            self._remove_id(tech_id)
        else:
            self._upsert_id(tech_id)

    def _on_positions_moved(self, tech_ids: list[int]) -> None:
        self._emit_column(tech_ids, COL["eta"])


class TechnicianFilterProxy(KeyedSortProxy):
    """Filter by skill, status and name; sort by any column, or (the default) working
    technicians first: en route, on site, available, on break, off duty, then by name.

    Sorting and filtering run on cached Python keys (KeyedSortProxy): a status change moves
    one row; a position batch re-keys only when the board is sorted by ETA."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status_first = False
        self._skill = ""
        self._status = ""
        self._text = ""

    def _model(self) -> TechnicianModel:
        model = self.sourceModel()
        assert isinstance(model, TechnicianModel)
        return model

    def sort_key(self, source_row: int, column: int) -> Any:
        model = self._model()
        tech = model.tech_at(source_row)
        if self.status_first:
            return (STATUS_RANK.get(tech.status.value, 9), tech.name.casefold(), tech.id)
        return (model.sort_key(tech, COLUMNS[column]), tech.id)

    def key_columns(self) -> frozenset[int] | None:
        if self.status_first:
            return frozenset({COL["status"], COL["name"]})
        return super().key_columns()

    def filter_columns(self) -> frozenset[int] | None:
        return frozenset({COL["name"], COL["status"], COL["skills"]})

    def accepts(self, source_row: int) -> bool:
        if not (self._skill or self._status or self._text):
            return True
        tech = self._model().tech_at(source_row)
        if self._skill and self._skill not in tech.skills:
            return False
        if self._status and tech.status.value != self._status:
            return False
        return not self._text or self._text in tech.name.casefold()

    def sort_status_first(self) -> None:
        """The default order (until a header is clicked: :meth:`sort_by_column`)."""
        self.status_first = True
        super().sort(COL["name"], Qt.SortOrder.AscendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The view's header asks: that column's own order from now on."""
        if column < 0:
            return
        if not self.status_first and (column, order) == (self.sortColumn(), self.sortOrder()):
            return  # the header and the panel both ask for the same sort
        self.status_first = False
        super().sort(column, order)

    def sort_by_column(self, column: int, order: Qt.SortOrder) -> None:
        """A header was clicked: that column's own order from now on."""
        self.sort(column, order)

    def set_skill(self, value: str) -> None:
        self._skill = value
        self.invalidate_filter()

    def set_status(self, value: str) -> None:
        self._status = value
        self.invalidate_filter()

    def set_search(self, text: str) -> None:
        self._text = text.strip().casefold()
        self.invalidate_filter()
