"""A table model over the trainees of a ``training_records`` answer: one row per trainee.

A load replaces the whole list (one reset per answer, not per event: the records change
only when a night ends, and the trainer asks for them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.labels import label

Index = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("TrainingRecords", "Trainee"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Nights"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Abandoned"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Hours"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Last SLA (engine)"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Best SLA"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Trend vs engine"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Qualifying"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Ready"),
)


_YES = QT_TRANSLATE_NOOP("TrainingRecords", "yes")
_NO = QT_TRANSLATE_NOOP("TrainingRecords", "no")


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.0%}"


def cell(row: dict[str, Any], column: int) -> str:
    last, best = row.get("last"), row.get("best")
    if column == 0:
        return str(row["trainee"])
    if column == 1:
        return str(row["nights"])
    if column == 2:
        return str(row["abandoned"])
    if column == 3:
        return f"{row['hours']:.1f}"
    if column == 4:
        return "–" if not last else f"{_pct(last['sla'])} ({_pct(last['engine_sla'])})"
    if column == 5:
        return "–" if not best else _pct(best["sla"])
    if column == 6:
        trend = row.get("trend_pts")
        return "–" if trend is None else f"{trend:+.1f}"
    if column == 7:
        return str(row["qualifying"])
    return QCoreApplication.translate("TrainingRecords", str(_YES if row["ready"] else _NO))


class TraineeModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  # Qt's default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("TrainingRecords", COLUMNS[section])
        return None


NIGHT_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("TrainingRecords", "Ended"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Scenario"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Trainer"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Minutes"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Engine"),
    QT_TRANSLATE_NOOP("TrainingRecords", "SLA (engine)"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Gap (pts)"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Mean / p90 min"),
    QT_TRANSLATE_NOOP("TrainingRecords", "Injections"),
)
_ABANDONED = QT_TRANSLATE_NOOP("TrainingRecords", "abandoned")
#: the engine whose shadow night a night's engine figures come from (the record's code)
_ENGINE_NAMES = {
    "planner": QT_TRANSLATE_NOOP("TrainingRecords", "planner"),
    "recommend": QT_TRANSLATE_NOOP("TrainingRecords", "recommend"),
}


def engine_label(code: str) -> str:
    name = _ENGINE_NAMES.get(code)
    return code if name is None else QCoreApplication.translate("TrainingRecords", str(name))


def night_cell(n: dict[str, Any], column: int) -> str:
    def num(v: float | None) -> str:
        return "–" if v is None else f"{v:.0f}"

    if column == 0:
        return datetime.fromisoformat(str(n["ended"])).astimezone().strftime("%Y-%m-%d %H:%M")
    if column == 1:
        return label(str(n["scenario"]))
    if column == 2:
        return str(n["trainer"] or "–")
    if column == 3:
        return f"{n['wall_seconds'] / 60:.0f}"
    if column == 4:
        return engine_label(str(n["engine"]))
    if n["status"] != "scored":
        return QCoreApplication.translate("TrainingRecords", str(_ABANDONED)) if column == 5 else ""
    if column == 5:
        return f"{_pct(n['sla'])} ({_pct(n['engine_sla'])})"
    if column == 6:
        return "–" if n["gap_pts"] is None else f"{n['gap_pts']:+.1f}"
    if column == 7:
        return f"{num(n['mean_min'])} / {num(n['p90_min'])}"
    return str(len(n["injections"]))


class NightModel(QAbstractTableModel):
    """One trainee's nights, newest first (end times in this desk's local time)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda n: str(n["ended"]), reverse=True)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(NIGHT_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return night_cell(self.rows[index.row()], index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 5, 6, 7, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("TrainingRecords", NIGHT_COLUMNS[section])
        return None
