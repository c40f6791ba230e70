"""Point in district, from the outlines that ship with the map (core, no Qt)."""

from __future__ import annotations

import json
from importlib.resources import files

from console.districts import district_at, districts


def test_every_district_contains_its_own_label_point() -> None:
    data = json.loads(files("resources.maps").joinpath("shanghai_districts.geojson").read_text())
    assert len(districts()) == len(data["features"]) == 8
    for feature in data["features"]:
        lat, lon = feature["properties"]["label"]
        found = district_at(lat, lon)
        assert found is not None and found.name_en == feature["properties"]["name_en"]
    assert district_at(39.9, 116.4) is None  # Beijing is not in Shanghai
