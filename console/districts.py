"""Which district a point is in, from the district outlines that ship with the map.

Plain Python (no Qt, no GIS library): the call form fills the district from the location,
and anything else in the core may ask the same. The outlines are small, simple polygons,
so an even-odd ray cast over each ring is exact enough and fast (8 districts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

LatLon = tuple[float, float]
OUTLINES = "shanghai_districts.geojson"


@dataclass(frozen=True, slots=True)
class District:
    name_en: str
    name_zh: str
    rings: tuple[tuple[LatLon, ...], ...]  # outer ring first, then holes (lat, lon)

    def contains(self, lat: float, lon: float) -> bool:
        inside = False
        for ring in self.rings:
            if _in_ring(lat, lon, ring):
                inside = not inside  # a hole flips it back
        return inside


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    data = json.loads(files("resources.maps").joinpath(OUTLINES).read_text(encoding="utf-8"))
    found = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings = tuple(
            tuple((float(lat), float(lon)) for lon, lat, *_ in ring)  # GeoJSON is lon, lat
            for polygon in polygons
            for ring in polygon
        )
        props = feature["properties"]
        found.append(District(str(props["name_en"]), str(props.get("name_zh", "")), rings))
    return tuple(found)


def district_at(lat: float, lon: float) -> District | None:
    """The district containing the point, or None outside every outline."""
    for district in districts():
        if district.contains(lat, lon):
            return district
    return None


def _in_ring(lat: float, lon: float, ring: tuple[LatLon, ...]) -> bool:
    inside = False
    count = len(ring)
    for i in range(count):
        (a_lat, a_lon), (b_lat, b_lon) = ring[i], ring[(i + 1) % count]
        if (a_lat > lat) != (b_lat > lat):
            cross = a_lon + (lat - a_lat) * (b_lon - a_lon) / (b_lat - a_lat)
            if lon < cross:
                inside = not inside
    return inside
