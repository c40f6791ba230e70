"""Tile sources, the MBTiles cache and the tile service: hit, miss, offline.

Tiles come from a server on 127.0.0.1 that draws them; nothing leaves the machine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from console.geo.coords import CRS
from console.geo.mbtiles import MBTiles
from console.geo.tile_service import TileService
from console.geo.tiles import (
    BUILTIN,
    BadTileSource,
    TileSource,
    make_source,
    tile_bounds,
    tile_of,
    tiles_in_bbox,
)
from tests.tile_server import TileServer, png, tile_colour


def test_builtin_sources_declare_their_coordinate_system() -> None:
    assert BUILTIN["amap"].crs is CRS.GCJ02 and BUILTIN["tencent"].crs is CRS.GCJ02
    assert BUILTIN["osm"].crs is CRS.WGS84 and BUILTIN["tianditu"].crs is CRS.WGS84


def test_url_templates_fill_subdomain_tms_row_and_key() -> None:
    tencent = BUILTIN["tencent"]
    assert "z=12&x=3430&y=" + str(4095 - 1673) in tencent.tile_url(12, 3430, 1673)
    tdt = make_source("tianditu", key="abc123")
    assert tdt is not None and tdt.tile_url(3, 1, 2).endswith("x=1&y=2&l=3&tk=abc123")
    assert tdt.tile_url(3, 1, 2).startswith("https://t3.tianditu.gov.cn/")


def test_settings_make_a_source_or_say_why_not() -> None:
    assert make_source("none") is None and make_source("") is None
    custom = make_source("custom", url="http://127.0.0.1:1/{z}/{x}/{y}.png", crs="GCJ-02",
                         max_zoom=16, attribution="ours")
    assert custom is not None
    assert (custom.crs, custom.max_zoom, custom.attribution) == (CRS.GCJ02, 16, "ours")
    for kwargs, why in (
        ({"name": "bing"}, "unknown tile source"),
        ({"name": "custom"}, "needs a URL"),
        ({"name": "custom", "url": "ftp://x/{z}/{x}/{y}"}, "http"),
        ({"name": "custom", "url": "http://x/{z}/{x}.png"}, "{y}"),
        ({"name": "tianditu"}, "API key"),
        ({"name": "custom", "url": "http://x/{z}/{x}/{y}", "crs": "bd09"}, "wgs84 or gcj02"),
        ({"name": "osm", "max_zoom": 30}, "max zoom"),
    ):
        with pytest.raises(BadTileSource, match=why.replace("{", r"\{").replace("}", r"\}")):
            make_source(**kwargs)  # type: ignore[arg-type]


def test_tile_arithmetic() -> None:
    assert tile_of(0.0, 0.0, 1) == (1, 1)
    z, x, y = 14, *tile_of(31.2304, 121.4737, 14)
    s, w, n, e = tile_bounds(z, x, y)
    assert s <= 31.2304 <= n and w <= 121.4737 <= e
    tiles = tiles_in_bbox(31.1, 121.3, 31.3, 121.6, range(10, 13))
    assert len(tiles) == len(set(tiles))
    assert {t[0] for t in tiles} == {10, 11, 12}


def test_mbtiles_round_trip_in_tms_rows(tmp_path: Path) -> None:
    cache = MBTiles(tmp_path / "t.mbtiles", name="test", attribution="x")
    cache.put(3, 1, 2, b"\x89PNG tile")
    assert cache.get(3, 1, 2) == b"\x89PNG tile" and cache.get(3, 1, 5) is None
    assert cache.stats() == (1, len(b"\x89PNG tile"))
    cache.close()
    with sqlite3.connect(tmp_path / "t.mbtiles") as raw:  # the MBTiles layout, TMS row
        assert raw.execute("SELECT zoom_level, tile_column, tile_row FROM tiles").fetchall() == [
            (3, 1, 5)
        ]
        meta = dict(raw.execute("SELECT name, value FROM metadata").fetchall())
    assert meta["format"] == "png" and meta["name"] == "test"


def test_miss_fetches_and_keeps_then_hits_from_disk(tmp_path: Path) -> None:
    with TileServer().running() as server:
        service = TileService(TileSource("local", server.url, "test"), tmp_path)
        first = service.get(12, 3430, 1673)
        assert first == png(256, 256, tile_colour(12, 3430, 1673))
        assert service.get(12, 3430, 1673) == first
        assert len(server.requests) == 1 and service.counters.hits == 1
        assert service.counters.fetched == 1
        service.close()


def test_outage_serves_the_cache_and_answers_none_for_the_rest(tmp_path: Path) -> None:
    with TileServer().running() as server:
        source = TileSource("local", server.url, "test")
        service = TileService(source, tmp_path, retry_after=60)
        cached = service.get(12, 1, 1)
        server.down = True
        assert service.get(12, 1, 1) == cached  # from disk
        assert service.get(12, 2, 2) is None  # neither has it: the vector basemap shows
        asked = len(server.requests)
        assert service.get(12, 3, 3) is None  # during the back-off the network is not asked
        assert len(server.requests) == asked and service.counters.failures == 1
        service.close()
    # a new process, no server at all: the cache still answers
    reopened = TileService(source, tmp_path, online=False)
    assert reopened.get(12, 1, 1) == cached and reopened.get(12, 2, 2) is None
    reopened.close()


def test_a_404_or_a_non_image_is_not_cached(tmp_path: Path) -> None:
    with TileServer().running() as server:
        server.missing.add((5, 1, 1))
        service = TileService(TileSource("local", server.url, "test"), tmp_path)
        assert service.get(5, 1, 1) is None
        assert service.counters.failures == 0  # the server answered: not an outage
        assert service.get(5, 1, 2) is not None
        assert service.cache.stats()[0] == 1
        service.close()


def test_changing_the_url_uses_another_cache_file() -> None:
    a = TileSource("custom", "http://a/{z}/{x}/{y}.png", "")
    b = TileSource("custom", "http://b/{z}/{x}/{y}.png", "")
    assert a.cache_name != b.cache_name and a.cache_name.endswith(".mbtiles")


def test_a_leftover_custom_url_or_crs_never_changes_a_builtin_source() -> None:
    amap = make_source("amap", url="http://127.0.0.1:1/{z}/{x}/{y}.png", crs="wgs84")
    assert amap == BUILTIN["amap"]
