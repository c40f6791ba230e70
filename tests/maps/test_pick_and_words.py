"""Pick mode (a left click places a new call) and tooltips in the interface language, on a
real QtWebEngine page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from console.domain import Priority, TechStatus
from maps import demo
from maps.view import MapView

Js = Callable[[MapView, str], Any]
MakeMap = Callable[..., MapView]


def test_a_left_click_in_pick_mode_places_the_call(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = make_map()
    centre = QPoint(view.width() // 2, view.height() // 2)
    with qtbot.assertNotEmitted(view.location_picked, wait=300):
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=centre)
    view.set_pick_mode(True)
    js(view, "1")  # the command has reached the page
    assert view.cursor().shape() == Qt.CursorShape.CrossCursor
    expected = js(view, f"NDC_TEST.latLngAt({centre.x()}, {centre.y()})")
    with qtbot.waitSignal(view.location_picked, timeout=5_000) as blocker:
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=centre)
    lat, lon = blocker.args
    assert lat == pytest.approx(expected[0], abs=1e-6)
    assert lon == pytest.approx(expected[1], abs=1e-6)
    assert not view.picking  # one pick, then the map is a map again
    with qtbot.assertNotEmitted(view.location_picked, wait=300):
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=centre)


def test_tooltips_use_the_words_python_sends(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = make_map()
    view.set_words({"available": "空闲", "burst_pipe": "水管爆裂", "emergency": "紧急"})
    # both in view and well apart, wherever the city fits in this view's size
    mid_x, mid_y = view.width() // 2, view.height() // 2
    t_lat, t_lon = js(view, f"NDC_TEST.latLngAt({mid_x - 60}, {mid_y})")
    view.upsert_technician(demo.technician(7, t_lat, t_lon, TechStatus.AVAILABLE))
    lat, lon = js(view, f"NDC_TEST.latLngAt({mid_x + 60}, {mid_y})")
    call = demo.call(501, lat, lon, Priority.EMERGENCY)
    view.upsert_call(call, sla_at_risk=False)
    view.flush()
    tip = "(document.querySelector('.ndc-tip') || {}).textContent || ''"
    def hover(kind: str, obj_id: int, expected: str) -> None:
        """Move onto the marker until its tooltip shows (the page may drop one move)."""
        x, y = js(view, f"NDC_TEST.pointOf({kind!r}, {obj_id})")
        wiggle = iter(range(1000))

        def shown() -> bool:
            step = next(wiggle) % 3 - 1
            QTest.mouseMove(view.focusProxy(), QPoint(round(x) + step, round(y)))
            return expected in js(view, tip)

        qtbot.waitUntil(shown, timeout=5_000)

    hover("technician", 7, "空闲")
    hover("call", 501, "#501")
    text = js(view, tip)
    assert "紧急" in text and "_" not in text
