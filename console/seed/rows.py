"""The generated history's rows, shared by the generator and the outcome steps."""

from __future__ import annotations

from dataclasses import dataclass, field

Row = dict[str, object]


@dataclass(slots=True)
class Rows:
    """Everything generated so far; ids are positions in these lists (a fresh database)."""

    customers: list[Row] = field(default_factory=list)
    calls: list[Row] = field(default_factory=list)
    assignments: list[Row] = field(default_factory=list)
    cost_entries: list[Row] = field(default_factory=list)
    call_notes: list[Row] = field(default_factory=list)
    phones: set[str] = field(default_factory=set)
