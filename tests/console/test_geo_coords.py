"""WGS-84 ↔ GCJ-02 against published reference points.

Vectors: the eviltransform project's test suite (Shanghai, Shenzhen, Beijing; wgs → gcj to
full double precision) and two more published pairs (Beijing Tiananmen, Jiaxing) quoted to
8 decimals by other implementations.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.geo.coords import (
    CRS,
    distance_m,
    from_display,
    gcj02_to_wgs84,
    out_of_china,
    to_display,
    wgs84_to_gcj02,
)

EVILTRANSFORM = [  # wgs lat, lon -> gcj lat, lon
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]
OTHERS = [
    ((39.90734, 116.39089), (39.90874107, 116.39713094)),
    ((30.6107779, 121.0917077), (30.608604331756705, 121.09626935575027)),
]


@pytest.mark.parametrize(("wgs", "gcj"), EVILTRANSFORM)
def test_forward_matches_eviltransform_exactly(wgs: tuple[float, float], gcj: tuple[float, float]):
    assert wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-12)


@pytest.mark.parametrize(("wgs", "gcj"), OTHERS)
def test_forward_matches_other_published_pairs(wgs: tuple[float, float], gcj: tuple[float, float]):
    assert distance_m(wgs84_to_gcj02(*wgs), gcj) < 0.05  # they quote fewer digits


@pytest.mark.parametrize(("wgs", "gcj"), EVILTRANSFORM + OTHERS)
def test_inverse_recovers_the_gps_position(wgs: tuple[float, float], gcj: tuple[float, float]):
    assert distance_m(gcj02_to_wgs84(*gcj), wgs) < 0.05


def test_the_offset_is_hundreds_of_metres_in_china() -> None:
    for wgs, gcj in EVILTRANSFORM:
        assert 100 < distance_m(wgs, gcj) < 700


def test_outside_china_nothing_moves() -> None:
    for point in ((51.5074, -0.1278), (35.6762, 139.6503), (-33.87, 151.21)):
        assert out_of_china(*point)
        assert wgs84_to_gcj02(*point) == point
        assert gcj02_to_wgs84(*point) == point


def test_display_helpers_convert_only_for_gcj02() -> None:
    shanghai = EVILTRANSFORM[0][0]
    assert to_display(CRS.WGS84, *shanghai) == shanghai
    assert from_display(CRS.WGS84, *shanghai) == shanghai
    assert to_display(CRS.GCJ02, *shanghai) == wgs84_to_gcj02(*shanghai)
    back = from_display(CRS.GCJ02, *to_display(CRS.GCJ02, *shanghai))
    assert distance_m(back, shanghai) < 0.001


@given(st.floats(18.0, 53.0), st.floats(74.0, 134.0))
def test_round_trip_everywhere_in_china(lat: float, lon: float) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
    assert distance_m(back, (lat, lon)) < 0.01
