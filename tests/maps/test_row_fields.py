"""The map rows' field names are declared once (maps/batch.py) and the page reads rows by
those names: Python's tuples and the script cannot drift apart."""

from __future__ import annotations

import re

from console.domain import CallStatus, Priority, TechStatus
from maps import assets, batch, demo


def test_rows_follow_the_declared_fields() -> None:
    demo_tech = demo.technician(7, 31.2, 121.5, TechStatus.EN_ROUTE, heading=90.0)
    demo_call = demo.call(3, 31.21, 121.49, Priority.URGENT, (7,), CallStatus.ASSIGNED)
    trow = batch.tech_row(demo_tech)
    crow = batch.call_row(demo_call, sla_at_risk=True)
    assert trow is not None and crow is not None
    assert len(trow) == len(batch.TECH_FIELDS) and len(crow) == len(batch.CALL_FIELDS)
    tech = dict(zip(batch.TECH_FIELDS, trow, strict=True))
    call = dict(zip(batch.CALL_FIELDS, crow, strict=True))
    assert tech["id"] == demo_tech.id and tech["name"] == demo_tech.name
    assert call["id"] == demo_call.id and call["sla_at_risk"] == 1
    assert call["technician_ids"] == tuple(demo_call.technician_ids)


def test_the_page_script_reads_rows_only_by_field_name() -> None:
    script = assets.live_js().read_text(encoding="utf-8")
    assert not re.search(r"\brow\[\d+\]", script), "live_map.js indexes a row by number"
    used = set(re.findall(r"\brow\[T\.(\w+)\]", script))
    assert used and used <= set(batch.TECH_FIELDS)
    used = set(re.findall(r"\brow\[C\.(\w+)\]", script))
    assert used and used <= set(batch.CALL_FIELDS)


def test_test_hooks_are_not_on_the_public_object() -> None:
    script = assets.live_js().read_text(encoding="utf-8")
    for hook in ("pointOf", "latLngAt", "isVisible", "fire"):
        assert f"NDC.{hook} =" not in script
        assert f"{hook}:" in assets.test_hooks_js().read_text(encoding="utf-8")
