"""The offline basemap: districts from the GeoJSON file, point-in-district lookups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from maps import assets, basemap

DISTRICTS = {
    "Huangpu": "黄浦",
    "Xuhui": "徐汇",
    "Changning": "长宁",
    "Jing'an": "静安",
    "Putuo": "普陀",
    "Hongkou": "虹口",
    "Yangpu": "杨浦",
    "Pudong": "浦东",
}


def test_districts_come_from_the_geojson_file() -> None:
    with assets.geojson("districts").open(encoding="utf-8") as f:
        names = [feat["properties"]["name_en"] for feat in json.load(f)["features"]]
    assert [d.name_en for d in basemap.districts()] == names
    assert {d.name_en: d.name_zh for d in basemap.districts()} == DISTRICTS


def test_polygons_are_closed_and_around_shanghai() -> None:
    for district in basemap.districts():
        assert district.polygon[0] == district.polygon[-1]
        assert len(district.polygon) >= 5
        for lat, lon in district.polygon:
            assert 31.0 < lat < 31.5 and 121.2 < lon < 121.8
        assert district.contains(*district.label), district.name_en


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (31.2304, 121.4737, "Huangpu"),  # People's Square
        (31.2397, 121.4998, "Pudong"),  # Lujiazui
        (31.1950, 121.4370, "Xuhui"),  # Xujiahui
        (31.2200, 121.4240, "Changning"),
        (31.2290, 121.4480, "Jing'an"),
        (31.2500, 121.3970, "Putuo"),
        (31.2650, 121.4900, "Hongkou"),
        (31.2700, 121.5200, "Yangpu"),
        (30.9000, 121.1000, None),  # far outside the centre
    ],
)
def test_district_at(lat: float, lon: float, expected: str | None) -> None:
    assert basemap.district_at(lat, lon) == expected


def test_districts_do_not_overlap_much() -> None:
    """Sample a grid: no point may fall in two districts (shared borders are shared)."""
    (s, w), (n, e) = basemap.bounds()
    for i in range(40):
        for j in range(40):
            lat, lon = s + (n - s) * (i + 0.5) / 40, w + (e - w) * (j + 0.5) / 40
            assert sum(d.contains(lat, lon) for d in basemap.districts()) <= 1, (lat, lon)


def test_roads_and_rivers() -> None:
    roads = {line.name_en for line in basemap.lines("roads")}
    assert {"Inner Ring Road", "Middle Ring Road", "Yan'an Elevated Road"} <= roads
    assert "North-South Elevated Road" in roads
    assert basemap.lines("water")[0].name_en == "Huangpu River"


def test_an_imported_service_area_replaces_the_demo_city(
    tmp_path: Path, make_map: Any, js: Any
) -> None:
    from console.geo.area import import_file

    square = [[121.0, 31.0], [121.1, 31.0], [121.1, 31.1], [121.0, 31.1], [121.0, 31.0]]
    moved = [[x + 0.2, y] for x, y in square]
    src = tmp_path / "area.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "West"},
         "geometry": {"type": "Polygon", "coordinates": [square]}},
        {"type": "Feature", "properties": {"name_en": "East", "name_zh": "东区"},
         "geometry": {"type": "MultiPolygon", "coordinates": [[moved]]}},
    ]}))
    kept, count = import_file(src, tmp_path / "kept.geojson")
    basemap.use_area(kept)
    try:
        assert count == 2 and [d.name_en for d in basemap.districts()] == ["West", "East"]
        assert basemap.district_at(31.05, 121.25) == "East"
        view = make_map()
        assert js(view, "NDC.counts().districts") == 2
    finally:
        basemap.use_area(None)
    assert len(basemap.districts()) == 8
