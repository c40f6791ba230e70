"""The map rows' field names are declared once (maps/batch.py) and the page reads rows by
those names: Python's tuples and the script cannot drift apart."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

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


def _page_scripts() -> str:
    """live_map.js and every layer file it builds on."""
    paths = [*assets.layer_js(), assets.live_js()]
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


def test_the_page_script_reads_rows_only_by_field_name() -> None:
    script = _page_scripts()
    assert not re.search(r"\brow\[\d+\]", script), "a page script indexes a row by number"
    used = set(re.findall(r"\brow\[T\.(\w+)\]", script))
    assert used and used <= set(batch.TECH_FIELDS)
    used = set(re.findall(r"\brow\[C\.(\w+)\]", script))
    assert used and used <= set(batch.CALL_FIELDS)


def test_test_hooks_are_not_on_the_public_object() -> None:
    script = _page_scripts()
    for hook in ("pointOf", "latLngAt", "isVisible", "fire"):
        assert f"NDC.{hook} =" not in script
        assert f"{hook}:" in assets.test_hooks_js().read_text(encoding="utf-8")


def test_every_page_script_is_loaded_and_block_scoped() -> None:
    """A new layer file is registered in LAYER_SCRIPTS (else the page never loads it), and the
    page's scripts declare with const/let: no function-wide ``var`` to leak between layers."""
    on_disk = {path.name for path in assets.WEB_DIR.glob("*.js")}
    loaded = {
        *assets.LAYER_SCRIPTS,
        assets.live_js().name,
        assets.plan_routes_js().name,  # after the core: it draws through NDC.page
        assets.test_hooks_js().name,
    }
    assert on_disk == loaded
    for name in sorted(on_disk):
        text = (assets.WEB_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"\bvar\s", text), f"{name} declares with var"


def test_the_split_page_draws_a_stream_without_script_errors(
    make_map: Any, js: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The layer files, live_map.js and test_hooks.js load in order and work together:
    a stream with assignment lines is applied and drawn with no error in the page's console."""
    view = make_map()
    techs, calls = demo.night(30, 20)
    with caplog.at_level(logging.ERROR, logger="maps.view"):
        for tech in techs:
            view.upsert_technician(tech)
        for call, at_risk in calls:
            view.upsert_call(call, sla_at_risk=at_risk)
        view.flush()
        counts = js(view, "NDC.counts()")
        drawn = js(view, "NDC.drawNow() >= 0")
    assert counts["technicians"] == 30 and counts["lines"] > 0
    assert drawn is True
    assert js(view, "Object.keys(window.NDC_PARTS).sort().join()") == (
        "AssignmentLines,Assignments,Basemap,CallMarker,Heat,LiveCanvas,Pointer,Pulse,"
        "Selection,TechMarker"
    )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
