"""The offline basemap of the demo city: district polygons, main roads and rivers.

The GeoJSON files in ``resources/maps`` are the single source; the page draws them and this
module answers questions about them without Qt (which district is this point in?).
Coordinates in GeoJSON are ``[lon, lat]``; everything this module returns is ``(lat, lon)``.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from maps import assets

LatLon = tuple[float, float]


@dataclass(frozen=True, slots=True)
class District:
    name_en: str
    name_zh: str
    polygon: tuple[LatLon, ...]  # outer ring, closed (first point repeated last)
    label: LatLon

    def contains(self, lat: float, lon: float) -> bool:
        return _point_in_ring(lat, lon, self.polygon)


@dataclass(frozen=True, slots=True)
class Line:
    name_en: str
    name_zh: str
    kind: str  # "ring", "elevated", "avenue", "river", "creek"
    points: tuple[LatLon, ...]


def load_geojson(name: str) -> dict[str, Any]:
    """The raw FeatureCollection (``districts``, ``roads`` or ``water``)."""
    with assets.geojson(name).open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _latlons(coords: list[list[float]]) -> tuple[LatLon, ...]:
    return tuple((float(lat), float(lon)) for lon, lat in coords)


@cache
def districts() -> tuple[District, ...]:
    """Every district of the demo city, in file order."""
    out = []
    for feature in load_geojson("districts")["features"]:
        props = feature["properties"]
        geometry = feature["geometry"]
        ring = geometry["coordinates"][0]
        if geometry["type"] == "MultiPolygon":  # the first part's outer ring stands for it
            ring = ring[0]
        label = props.get("label")
        polygon = _latlons(ring)
        out.append(
            District(
                name_en=props["name_en"],
                name_zh=props["name_zh"],
                polygon=polygon,
                label=(label[0], label[1]) if label else _mean(polygon),
            )
        )
    return tuple(out)


@cache
def lines(name: str = "roads") -> tuple[Line, ...]:
    """Main roads (``roads``) or rivers (``water``) as polylines."""
    return tuple(
        Line(
            name_en=f["properties"]["name_en"],
            name_zh=f["properties"]["name_zh"],
            kind=f["properties"]["kind"],
            points=_latlons(f["geometry"]["coordinates"]),
        )
        for f in load_geojson(name)["features"]
    )


def use_area(path: Path | None) -> None:
    """Districts from another GeoJSON file (an imported service area) from now on."""
    assets.use_area(path)
    districts.cache_clear()


def district_at(lat: float, lon: float) -> str | None:
    """The English name of the district containing the point, or None outside them all."""
    for district in districts():
        if district.contains(lat, lon):
            return district.name_en
    return None


def bounds() -> tuple[LatLon, LatLon]:
    """South-west and north-east corners around all districts."""
    pts = [p for d in districts() for p in d.polygon]
    return (min(p[0] for p in pts), min(p[1] for p in pts)), (
        max(p[0] for p in pts),
        max(p[1] for p in pts),
    )


def centre() -> LatLon:
    (s, w), (n, e) = bounds()
    return (s + n) / 2, (w + e) / 2


def _mean(points: tuple[LatLon, ...]) -> LatLon:
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def _point_in_ring(lat: float, lon: float, ring: tuple[LatLon, ...]) -> bool:
    """Even-odd ray casting; good enough for small, simple city polygons."""
    inside = False
    for (y1, x1), (y2, x2) in itertools.pairwise(ring):  # the ring is closed
        if (y1 > lat) != (y2 > lat):
            x_cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x_cross:
                inside = not inside
    return inside
