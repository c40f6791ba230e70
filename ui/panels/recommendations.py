"""The five best technicians for the selected call, with the reasons, one key to assign.

The ranking is console.recommend.recommend(); it is recomputed when the call changes and,
throttled to a few times a second, when technicians or calls move — rows whose technician
stays in place are repainted, only a new ranking resets the five rows.

Signals:
    recommendations_changed(int)   call id whose ranking is now shown (0 = none)
"""

from __future__ import annotations

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
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain import CallView
from console.live_state import LiveState
from console.recommend import Recommendation, recommend
from console.timezone import CENTER_TZ
from console.travel import TravelModel
from ui import theme
from ui.models.labels import label

Index = QModelIndex | QPersistentModelIndex
TechIdRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("rank", "name", "eta", "skills", "workload", "shift_left", "reasons")


class RecommendationModel(QAbstractTableModel):
    """Up to five ranked technicians."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Recommendation] = []
        self._headers = {
            "rank": "#",
            "name": self.tr("Technician"),
            "eta": self.tr("ETA"),
            "skills": self.tr("Skills"),
            "workload": self.tr("Jobs ahead"),
            "shift_left": self.tr("Shift left"),
            "reasons": self.tr("Why"),
        }

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return self._headers[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        rec = self.rows[index.row()]
        if role == TechIdRole:
            return rec.technician_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.reason_text(rec)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = COLUMNS[index.column()]
        if col == "rank":
            return str(index.row() + 1)
        if col == "name":
            return rec.name
        if col == "eta":
            return self.tr("%n min", "", round(rec.eta_minutes))
        if col == "skills":
            return self.tr("match") if rec.skill_match else self.tr("missing")
        if col == "workload":
            return str(rec.workload)
        if col == "shift_left":
            left = rec.shift_left_minutes
            return "—" if left is None else f"{int(left) // 60}:{int(left) % 60:02d}"
        return self.reason_text(rec)

    def reason_text(self, rec: Recommendation) -> str:
        """The engine's reasons in the interface language, from its reason codes (the
        English ``reasons`` only for a ranking that carries no codes)."""
        if not rec.reason_codes:
            return "; ".join(rec.reasons)
        lacking = [label(str(v)) for code, v in rec.reason_codes if code == "lacks"]
        parts: list[str] = []
        for code, value in rec.reason_codes:
            if code != "lacks":
                parts.append(self._reason(code, value))
            elif lacking:  # all missing skills in one phrase, where the first one was
                parts.append(self.tr("lacks %1").replace("%1", ", ".join(lacking)))
                lacking = []
        return self.tr("; ", "between two reasons").join(parts)

    def _reason(self, code: str, value: float | str | None) -> str:
        number = float(value) if isinstance(value, int | float) else 0.0
        if code == "eta":
            return self.tr("ETA %n min", "", round(number))
        if code == "skills_match":
            return self.tr("skills match")
        if code == "jobs_ahead":
            return self.tr("%n job(s) ahead", "", round(number))
        if code == "free_now":
            return self.tr("free now")
        if code == "on_break":
            return self.tr("on break")
        if code == "shift_ends":
            return self.tr("shift ends in %n min", "", round(number))
        if code == "shift_left_h":
            return self.tr("%1 h left in shift").replace("%1", f"{number:.1f}")
        return code.replace("_", " ") if value is None else f"{code.replace('_', ' ')} {value}"

    def set_rows(self, rows: list[Recommendation]) -> None:
        """Same technicians in the same order: repaint; otherwise a new ranking (5 rows)."""
        same = [r.technician_id for r in rows] == [r.technician_id for r in self.rows]
        if same and rows:
            self.rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        elif not same:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()


class RecommendationsPanel(QWidget):
    """Shows the ranking for ``set_call(call_id)``; ``assign_top()`` sends the first."""

    recommendations_changed = Signal(int)

    def __init__(
        self,
        state: LiveState,
        *,
        clock: Callable[[], datetime],
        actions: Any = None,
        travel: TravelModel | None = None,
        tz: str = CENTER_TZ,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recommendations")
        self._state = state
        self._clock = clock
        self._actions = actions
        self._travel = travel
        self._tz = tz
        self.call_id = 0
        self.model = RecommendationModel(self)
        self.title = QLabel(self.tr("Select a call to see who should go"), self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # the short columns as narrow as their text, so "Why" is readable in a narrow dock
        for column in ("rank", "eta", "skills", "workload", "shift_left"):
            header.setSectionResizeMode(
                COLUMNS.index(column), QHeaderView.ResizeMode.ResizeToContents
            )
        header.setSectionResizeMode(COLUMNS.index("reasons"), QHeaderView.ResizeMode.Stretch)
        self.view.setAccessibleName(self.tr("Recommended technicians"))
        self.view.activated.connect(lambda index: self.assign_row(index.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(250)
        self._again.timeout.connect(self.refresh)
        state.on_reset(self._soon)
        state.on_call_changed(self._soon)
        state.on_technician_changed(self._soon)
        state.on_positions(self._soon)
        self.set_density("comfortable")
        theme.notifier().changed.connect(self._on_theme_changed)

    def set_call(self, call_id: int | None) -> None:
        """Show the ranking for ``call_id`` (0, None or an unknown id clears it)."""
        self.call_id = call_id or 0
        self.refresh()

    def refresh(self) -> None:
        call = self._state.calls.get(self.call_id)
        if call is None or not call.status.is_open:
            self.model.set_rows([])
            self.title.setText(self.tr("Select a call to see who should go"))
        else:
            self.model.set_rows(self._rank(call))
            self.title.setText(
                self.tr("Best technicians for call #%1 — Enter assigns").replace("%1", str(call.id))
            )
        self.recommendations_changed.emit(self.call_id if call else 0)

    def _rank(self, call: CallView) -> list[Recommendation]:
        return recommend(
            call,
            self._state.technicians.values(),
            open_calls=self._state.open_calls(),
            now=self._clock(),
            travel=self._travel,
            tz=self._tz,
            limit=5,
        )

    def top(self) -> Recommendation | None:
        return self.model.rows[0] if self.model.rows else None

    @Slot()
    def show_call(self, call_id: int | None) -> None:
        """ShowsCall (ui.shell.contracts): follow the selected call."""
        self.set_call(call_id)

    def assign_top(self) -> bool:
        """Assign the best technician to the shown call (the shell binds a key to this)."""
        return self.assign_row(0)

    def assign_row(self, row: int) -> bool:
        if self._actions is None or not 0 <= row < len(self.model.rows) or not self.call_id:
            return False
        self._actions.assign(self.call_id, self.model.rows[row].technician_id)
        return True

    def _on_theme_changed(self, _name: str) -> None:
        self.view.viewport().update()  # colours come from the theme at paint time

    def set_density(self, density: str) -> None:
        """ "comfortable" or "compact" row height."""
        theme.apply_row_density(self.view, density)

    def _soon(self, *_changed: object) -> None:
        if self.call_id and not self._again.isActive():
            self._again.start()
