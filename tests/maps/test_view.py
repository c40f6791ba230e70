"""MapView on a real QtWebEngine page, offscreen: offline loading, basemap, live markers,
clicks, right-clicks and drops coming back as signals."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from console.domain import Position, Priority, TechStatus
from maps import demo, theme
from maps.drop import call_mime_data
from maps.view import MapView

Js = Callable[[MapView, str], Any]
MakeMap = Callable[..., MapView]


def _flush_and_count(view: MapView, js: Js) -> dict[str, Any]:
    view.flush()
    counts: dict[str, Any] = js(view, "NDC.counts()")
    return counts


def _point(view: MapView, js: Js, kind: str, obj_id: int) -> QPoint:
    x, y = js(view, f"NDC_TEST.pointOf({kind!r}, {obj_id})")
    return QPoint(round(x), round(y))


def test_page_loads_without_network(make_map: MakeMap, requests_log: Any, js: Js) -> None:
    view = make_map()
    assert requests_log.urls, "the interceptor saw nothing"
    assert requests_log.remote() == []
    schemes = {u.split(":", 1)[0] for u in requests_log.urls}
    assert schemes <= {"file", "qrc", "data"}
    assert js(view, "typeof L.heatLayer") == "function"  # folium's vendored plugin, from disk


def test_basemap_is_drawn(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = make_map()
    counts = js(view, "NDC.counts()")
    assert (counts["districts"], counts["labels"], counts["tiles"]) == (8, 8, False)
    assert counts["roads"] >= 5 and counts["water"] >= 1
    land = theme.NIGHT["land"]["fillColor"]
    qtbot.waitUntil(lambda: _share_of(view.grab().toImage(), land) > 0.2, timeout=5_000)
    image = view.grab().toImage()
    assert _share_of(image, "#dddddd") < 0.01  # no Leaflet grey void


def test_counts_follow_a_stream_of_updates(make_map: MakeMap, js: Js) -> None:
    view = make_map()
    techs, calls = demo.night(60, 40)
    for tech in techs:
        view.upsert_technician(tech)
    for call, at_risk in calls:
        view.upsert_call(call, sla_at_risk=at_risk)
    for tech in techs[:10]:  # moved
        pos = tech.position
        assert pos is not None
        view.upsert_technician(
            dataclasses.replace(tech, position=Position(pos.lat + 0.001, pos.lon))
        )
    for tech in techs[10:15]:
        view.remove_technician(tech.id)
    view.upsert_technician(dataclasses.replace(techs[15], position=None))  # lost its fix
    for call, _ in calls[:8]:
        view.remove_call(call.id)
    counts = _flush_and_count(view, js)
    assert counts["technicians"] == 60 - 6
    assert counts["calls"] == 40 - 8
    shown = {t.id for t in techs[:10] + techs[16:]}
    expected_lines = sum(
        1 for call, _ in calls[8:] for tech_id in call.technician_ids if tech_id in shown
    )
    assert counts["lines"] == expected_lines
    assert counts["pulsing"] == sum(1 for _, risk in calls[8:] if risk)
    assert js(view, "NDC_TEST.pointOf('technician', 1)[0]") > 0

    # a second stream: everything back, one call closes
    for tech in techs:
        view.upsert_technician(tech)
    first_call, _ = calls[8]
    view.upsert_call(dataclasses.replace(first_call, status=first_call.status.CANCELLED))
    counts = _flush_and_count(view, js)
    assert (counts["technicians"], counts["calls"]) == (60, 40 - 9)


def test_updates_are_coalesced_by_the_timer(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = make_map()
    for step in range(20):
        view.upsert_technician(demo.technician(1, 31.2 + step / 1000, 121.45, TechStatus.EN_ROUTE))
    qtbot.waitUntil(lambda: js(view, "NDC.counts().technicians") == 1, timeout=3_000)
    assert js(view, "NDC_TEST.pointOf('technician', 1) !== null") is True


def _populated(make_map: MakeMap, js: Js) -> MapView:
    view = make_map()
    view.upsert_technician(demo.technician(7, 31.2304, 121.4737, TechStatus.AVAILABLE))
    view.upsert_technician(demo.technician(8, 31.2200, 121.4300, TechStatus.EN_ROUTE, 45.0))
    view.upsert_call(demo.call(501, 31.2500, 121.5100, Priority.EMERGENCY), sla_at_risk=True)
    view.flush()
    assert js(view, "NDC.counts().technicians") == 2
    return view


def _drag(view: MapView, call_id: int, point: QPoint) -> None:
    target = view.focusProxy() or view
    mime = call_mime_data(call_id)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    no_button, no_mod = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, no_mod)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, actions, mime, Qt.MouseButton.LeftButton, no_mod)
    QApplication.sendEvent(target, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(point), actions, mime, no_button, no_mod)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def test_drop_on_a_technician_emits_call_dropped(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = _populated(make_map, js)
    near = _point(view, js, "technician", 8) + QPoint(6, -5)  # a little off the centre
    with qtbot.waitSignal(view.call_dropped, timeout=5_000) as blocker:
        _drag(view, 4711, near)
    assert blocker.args == [4711, 8]


def test_drop_on_empty_map_is_ignored(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = _populated(make_map, js)
    empty = _point(view, js, "technician", 7) + QPoint(60, 60)
    with qtbot.assertNotEmitted(view.call_dropped, wait=300):
        _drag(view, 4711, empty)
        js(view, "1")  # the page has answered the drop's question by now


def test_clicking_a_marker_emits_marker_clicked(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = _populated(make_map, js)
    target = view.focusProxy()
    with qtbot.waitSignal(view.marker_clicked, timeout=5_000) as blocker:
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, pos=_point(view, js, "technician", 7))
    assert blocker.args == ["technician", 7]
    with qtbot.waitSignal(view.marker_clicked, timeout=5_000) as blocker:
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, pos=_point(view, js, "call", 501))
    assert blocker.args == ["call", 501]


def test_hovering_a_technician_shows_their_name(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = _populated(make_map, js)
    QTest.mouseMove(view.focusProxy(), _point(view, js, "technician", 7))
    tip = "(document.querySelector('.ndc-tip') || {}).textContent || ''"
    qtbot.waitUntil(lambda: demo.technician(7, 0, 0, TechStatus.AVAILABLE).name in js(view, tip))
    assert "available" in js(view, tip)


def test_right_click_requests_a_new_call(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = make_map()
    centre = QPoint(view.width() // 2, view.height() // 2)
    expected = js(view, f"NDC_TEST.latLngAt({centre.x()}, {centre.y()})")
    with qtbot.waitSignal(view.new_call_requested, timeout=5_000) as blocker:
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.RightButton, pos=centre)
    lat, lon = blocker.args
    assert lat == pytest.approx(expected[0], abs=1e-6) and lon == pytest.approx(
        expected[1], abs=1e-6
    )
    assert 31.0 < lat < 31.5 and 121.2 < lon < 121.8


def test_highlight_follow_fit_and_layers(make_map: MakeMap, js: Js) -> None:
    view = _populated(make_map, js)
    view.highlight("technician", 8, centre=True)
    assert js(view, "NDC.counts().highlighted") == {"kind": "technician", "id": 8}
    view.follow(8)
    assert js(view, "NDC.counts().following") == 8
    view.follow(None)
    view.fit_all()
    for layer in ("territories", "heat", "lines"):
        view.set_layer_visible(layer, True)
        assert js(view, f"NDC_TEST.isVisible({layer!r})") is True
        view.set_layer_visible(layer, False)
        assert js(view, f"NDC_TEST.isVisible({layer!r})") is False
    with pytest.raises(ValueError, match="unknown map layer"):
        view.set_layer_visible("satellite", True)


def test_day_and_night(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    view = make_map(night=False)
    assert js(view, "NDC.counts().night") is False
    day_land = theme.DAY["land"]["fillColor"]
    qtbot.waitUntil(lambda: _share_of(view.grab().toImage(), day_land) > 0.2, timeout=5_000)
    view.set_night(True)
    assert js(view, "NDC.counts().night") is True
    night_land = theme.NIGHT["land"]["fillColor"]
    qtbot.waitUntil(lambda: _share_of(view.grab().toImage(), night_land) > 0.2, timeout=5_000)


def _share_of(image: QImage, colour: str, step: int = 10) -> float:
    """The share of sampled pixels within a few levels of ``colour``."""
    target = int(colour[1:], 16)
    tr, tg, tb = target >> 16, (target >> 8) & 0xFF, target & 0xFF
    hits = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            total += 1
            if abs(c.red() - tr) + abs(c.green() - tg) + abs(c.blue() - tb) <= 12:
                hits += 1
    return hits / max(total, 1)


def _near(image: QImage, point: QPoint, colour: str, radius: int = 3) -> bool:
    """Whether a pixel within ``radius`` of ``point`` is near ``colour`` (markers are drawn
    at 95 % opacity over the map)."""
    target = int(colour[1:], 16)
    tr, tg, tb = target >> 16, (target >> 8) & 0xFF, target & 0xFF
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            c = image.pixelColor(point.x() + dx, point.y() + dy)
            if abs(c.red() - tr) + abs(c.green() - tg) + abs(c.blue() - tb) <= 30:
                return True
    return False


def test_a_bulk_batch_moves_markers_drawn_and_clickable(
    make_map: MakeMap, js: Js, qtbot: Any
) -> None:
    """A batch of 500 technicians or more moves markers without a dirty rectangle each and
    redraws the canvas whole once: every marker is drawn at its new place, none at its old
    one, and clicks find it there."""
    view = make_map()
    view.resize(800, 600)
    cluster = [
        demo.technician(
            100 + i, 31.30 + (i // 30) * 1e-4, 121.60 + (i % 30) * 1e-4, TechStatus.ON_SITE
        )
        for i in range(600)
    ]
    view.upsert_technician(demo.technician(7, 31.2304, 121.4737, TechStatus.AVAILABLE))
    for tech in cluster:
        view.upsert_technician(tech)
    view.flush()
    assert js(view, "NDC.counts().technicians") == 601
    # the page learns of the resize on its own later (a throttled handler): say it now, so
    # the canvas covers the new size before the view is set (CI once drew too late for 5 s)
    js(view, "NDC.page.map().invalidateSize({animate: false, pan: false}) && 1")
    js(view, "NDC.page.map().setView([31.2252, 121.452], 14, {animate: false}) && 1")
    before = _point(view, js, "technician", 7)
    green = theme.NIGHT["tech"][TechStatus.AVAILABLE.value]
    qtbot.waitUntil(lambda: _near(view.grab().toImage(), before, green), timeout=15_000)
    # one batch: the cluster shifts a little, technician 7 goes somewhere else
    view.upsert_technician(demo.technician(7, 31.2200, 121.4300, TechStatus.AVAILABLE))
    for tech in cluster:
        pos = tech.position
        assert pos is not None
        view.upsert_technician(
            dataclasses.replace(tech, position=Position(pos.lat + 1e-4, pos.lon))
        )
    view.flush()
    after = _point(view, js, "technician", 7)
    assert (after - before).manhattanLength() > 50
    qtbot.waitUntil(lambda: _near(view.grab().toImage(), after, green), timeout=15_000)
    assert not _near(view.grab().toImage(), before, green)  # nothing left behind
    with qtbot.waitSignal(view.marker_clicked, timeout=5_000) as blocker:
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=after)
    assert blocker.args == ["technician", 7]
