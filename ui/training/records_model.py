"""A table model over the trainees of a ``training_records`` answer: one row per trainee.

A load replaces the whole list (one reset per answer, not per event: the records change
only when a night ends, and the trainer asks for them).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ui.i18n import QT_TRANSLATE_NOOP

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
