"""Coalescing of map changes between flushes (no Qt)."""

from __future__ import annotations

import dataclasses
import math

from console.domain import CallStatus, Position, Priority, TechStatus
from maps import batch, demo


def test_last_word_wins_and_unchanged_rows_are_not_resent() -> None:
    pending = batch.PendingBatch()
    a = demo.technician(1, 31.23, 121.47, TechStatus.AVAILABLE)
    moved = dataclasses.replace(a, position=Position(31.24, 121.48))
    pending.put_tech(1, batch.tech_row(a))
    pending.put_tech(1, batch.tech_row(moved))
    first = pending.take()
    assert first == {"t": [(1, 31.24, 121.48, "available", None, a.name)]}
    pending.put_tech(1, batch.tech_row(moved))
    assert pending.take() == {}


def test_remove_after_upsert_and_upsert_after_remove() -> None:
    pending = batch.PendingBatch()
    tech = demo.technician(2, 31.2, 121.4, TechStatus.EN_ROUTE, heading=90.0)
    pending.put_tech(2, batch.tech_row(tech))
    pending.put_tech(2, None)
    assert pending.take() == {}  # never shown, nothing to remove
    pending.put_tech(2, batch.tech_row(tech))
    assert len(pending.take()["t"]) == 1
    pending.put_tech(2, None)
    pending.put_tech(2, batch.tech_row(tech))
    assert pending.take() == {}  # removed and re-added unchanged: no-op
    pending.put_tech(2, None)
    assert pending.take() == {"tr": [2]}


def test_rows_that_cannot_be_drawn_become_removals() -> None:
    tech = demo.technician(3, 31.2, 121.4, TechStatus.AVAILABLE)
    assert batch.tech_row(dataclasses.replace(tech, position=None)) is None
    assert batch.tech_row(dataclasses.replace(tech, position=Position(math.nan, 121.4))) is None
    call = demo.call(9, 31.2, 121.4, Priority.URGENT)
    assert batch.call_row(call, False) is not None
    for status in (CallStatus.COMPLETED, CallStatus.CANCELLED, CallStatus.FAILED):
        assert batch.call_row(dataclasses.replace(call, status=status), False) is None


def test_reset_shown_resends_everything() -> None:
    pending = batch.PendingBatch()
    pending.put_call(9, batch.call_row(demo.call(9, 31.2, 121.4, Priority.NORMAL, (3,)), True))
    assert len(pending.take()["c"]) == 1
    pending.reset_shown()
    assert len(pending.take()["c"]) == 1


def test_script_is_compact_json() -> None:
    assert batch.to_script({"tr": [1, 2]}) == 'NDC.apply({"tr":[1,2]})'
