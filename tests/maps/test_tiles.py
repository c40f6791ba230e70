"""Tiles on the real page: served through ``ndctile:`` from the MBTiles cache or a tile
server on 127.0.0.1; offline from the cache; the vector basemap when neither has a tile;
GCJ-02 sources move markers (and picked points back) at the display boundary only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineProfile

from console.domain import TechStatus
from console.geo.coords import CRS, distance_m, wgs84_to_gcj02
from console.geo.tiles import TileSource
from maps import demo, theme, tile_setup
from maps.view import MapView
from tests.tile_server import TileServer, tile_colour

MakeMap = Callable[..., MapView]
Js = Callable[[MapView, str], Any]


def _share_near(image: QImage, colours: set[tuple[int, int, int]], step: int = 7) -> float:
    hits = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            total += 1
            if any(abs(c.red() - r) + abs(c.green() - g) + abs(c.blue() - b) < 12
                   for r, g, b in colours):
                hits += 1
    return hits / max(total, 1)


def _visible_tile_colours(view: MapView, js: Js, zoom: int) -> set[tuple[int, int, int]]:
    from console.geo.tiles import tiles_in_bbox

    (s, w), (n, e) = (js(view, "NDC_TEST.latLngAt(0, 700)"), js(view, "NDC_TEST.latLngAt(1000, 0)"))
    return {tile_colour(*t) for t in tiles_in_bbox(s, w, n, e, range(zoom, zoom + 1))}


def test_tiles_come_from_the_local_server_through_the_cache(
    make_map: MakeMap, requests_log: Any, js: Js, qtbot: Any
) -> None:
    with TileServer().running() as server:
        source = TileSource("local", server.url, "test tiles", 18)
        view = make_map(tile_source=source, night=False)
        assert js(view, "NDC.counts().tiles") is True
        qtbot.waitUntil(lambda: len(server.requests) >= 4, timeout=10_000)
        colours = _visible_tile_colours(view, js, round(js(view, "NDC.counts().zoom")))
        qtbot.waitUntil(lambda: _share_near(view.grab().toImage(), colours) > 0.3, timeout=10_000)
        assert requests_log.remote() == []  # the page itself never went to the network
        assert any(u.startswith("ndctile:") for u in requests_log.urls)
        handler_service = next(
            s for s in tile_setup.handler_for(QWebEngineProfile.defaultProfile()).services.values()
            if s.source == source
        )
        assert handler_service.cache.stats()[0] == handler_service.counters.fetched > 0


def test_offline_the_map_draws_from_the_cache(make_map: MakeMap, js: Js, qtbot: Any) -> None:
    with TileServer().running() as server:
        source = TileSource("offline", server.url, "test tiles", 18)
        first = make_map(tile_source=source, night=False)
        zoom = round(js(first, "NDC.counts().zoom"))
        colours = _visible_tile_colours(first, js, zoom)
        qtbot.waitUntil(lambda: _share_near(first.grab().toImage(), colours) > 0.3,
                        timeout=10_000)
        first.close()
        server.down = True  # the line is cut
        before = len(server.requests)
        second = make_map(tile_source=source, night=False)
        qtbot.waitUntil(lambda: _share_near(second.grab().toImage(), colours) > 0.3,
                        timeout=10_000)
        assert len(server.requests) == before  # every tile came from the cache


def test_neither_network_nor_cache_shows_the_vector_basemap(
    make_map: MakeMap, js: Js, qtbot: Any
) -> None:
    with TileServer().running() as server:
        server.down = True
        view = make_map(tile_source=TileSource("dead", server.url, "test", 18))
        assert js(view, "NDC.counts().tiles") is True
        land = QColor(theme.NIGHT["land"]["fillColor"])
        qtbot.waitUntil(
            lambda: _share_near(view.grab().toImage(), {(land.red(), land.green(), land.blue())})
            > 0.2,
            timeout=10_000,
        )


@pytest.mark.parametrize("crs", [CRS.GCJ02, CRS.WGS84])
def test_markers_sit_where_the_tiles_draw_them(
    make_map: MakeMap, js: Js, qtbot: Any, crs: CRS
) -> None:
    with TileServer().running() as server:
        server.down = True  # positions only: no tiles needed
        view = make_map(tile_source=TileSource("crs", server.url, "test", 18, crs))
        gps = (31.2304, 121.4737)  # a phone's WGS-84 fix in Huangpu
        view.upsert_technician(demo.technician(1, *gps, TechStatus.AVAILABLE))
        view.flush()
        qtbot.waitUntil(lambda: js(view, "NDC_TEST.pointOf('technician', 1)") is not None)
        js(view, "NDC.fitAll()")
        x, y = js(view, "NDC_TEST.pointOf('technician', 1)")
        shown = tuple(js(view, f"NDC_TEST.latLngAt({x}, {y})"))
        expected = wgs84_to_gcj02(*gps) if crs is CRS.GCJ02 else gps
        assert distance_m(shown, expected) < 5  # within a pixel or two
        if crs is CRS.GCJ02:
            assert distance_m(shown, gps) > 300  # unconverted it would be off its street
        with qtbot.waitSignal(view.new_call_requested, timeout=5_000) as picked:
            QTest.mouseClick(view.focusProxy(), Qt.MouseButton.RightButton,
                             pos=QPoint(round(x), round(y)))
        assert distance_m(tuple(picked.args), gps) < 5  # back in WGS-84, converted once
        # an unchanged technician sent again is not moved (no second conversion)
        view.upsert_technician(demo.technician(1, *gps, TechStatus.AVAILABLE))
        view.flush()
        assert js(view, "NDC_TEST.pointOf('technician', 1)") == [x, y]


def test_the_window_settings_choose_the_source(make_map: MakeMap, tmp_path: Any) -> None:
    from ui.settings import Settings

    settings = Settings.in_file(tmp_path / "desk.ini")
    settings.apply_config({"map/tile_source": "custom", "map/tile_crs": "gcj02",
                           "map/tile_url": "http://127.0.0.1:9/{z}/{x}/{y}.png"})
    view = make_map(settings=settings, tiles_url=None)
    assert view.crs is CRS.GCJ02 and view.tile_source is not None
    assert view.tile_source.url == "http://127.0.0.1:9/{z}/{x}/{y}.png"
    settings.set("map/tile_source", "tianditu")  # no key: no tiles, and the log says why
    assert make_map(settings=settings, tiles_url=None).tile_source is None
