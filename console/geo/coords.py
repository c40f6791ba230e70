"""WGS-84 ↔ GCJ-02, the one place the console converts coordinates.

Phones report WGS-84 (GPS). Map tiles from AMap (高德) and Tencent are drawn in GCJ-02, the
obfuscated system Chinese law requires for published maps; drawn on them unconverted, a van
sits 100–700 m off its street. The forward transform is the public, widely reimplemented
formula (Krasovsky ellipsoid parameters); it has no closed-form inverse, so a point picked on
a GCJ-02 map is brought back to WGS-84 by fixed-point iteration to well under a centimetre.
Outside mainland China GCJ-02 equals WGS-84.

Everything the console stores is WGS-84. ``to_display``/``from_display`` are what the map's
display boundary calls; nothing else should convert.
"""

from __future__ import annotations

import math
from enum import StrEnum

LatLon = tuple[float, float]

_A = 6378245.0  # semi-major axis the GCJ-02 formula uses (Krasovsky 1940)
_EE = 0.00669342162296594323  # first eccentricity squared, same ellipsoid
#: The inverse stops when the forward image of its guess is this close (degrees, ~1 mm).
_INVERSE_TOLERANCE = 1e-8
_INVERSE_MAX_STEPS = 30


class CRS(StrEnum):
    """The coordinate system a tile source draws in."""

    WGS84 = "wgs84"
    GCJ02 = "gcj02"


def out_of_china(lat: float, lon: float) -> bool:
    """The rough box the formula applies to; outside it GCJ-02 is WGS-84."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift(x: float, y: float) -> LatLon:
    """The formula's offsets in metres-ish units, for x = lon-105, y = lat-35."""
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    lat += common
    lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    lon += common
    lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return lat, lon


def _delta(lat: float, lon: float) -> LatLon:
    """GCJ-02 minus WGS-84 at a WGS-84 point, in degrees."""
    d_lat, d_lon = _shift(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat: float, lon: float) -> LatLon:
    """A GPS position as AMap or Tencent tiles draw it."""
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _delta(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> LatLon:
    """The WGS-84 point whose GCJ-02 image is (lat, lon), by fixed-point iteration.

    The offset changes slowly (well under 1e-3 per degree), so each step shrinks the error
    about a thousandfold: two or three steps reach the tolerance.
    """
    if out_of_china(lat, lon):
        return lat, lon
    w_lat, w_lon = lat, lon
    for _ in range(_INVERSE_MAX_STEPS):
        g_lat, g_lon = wgs84_to_gcj02(w_lat, w_lon)
        e_lat, e_lon = g_lat - lat, g_lon - lon
        if abs(e_lat) < _INVERSE_TOLERANCE and abs(e_lon) < _INVERSE_TOLERANCE:
            break
        w_lat, w_lon = w_lat - e_lat, w_lon - e_lon
    return w_lat, w_lon


def to_display(crs: CRS, lat: float, lon: float) -> LatLon:
    """A stored (WGS-84) position in the map's coordinate system."""
    return wgs84_to_gcj02(lat, lon) if crs is CRS.GCJ02 else (lat, lon)


def from_display(crs: CRS, lat: float, lon: float) -> LatLon:
    """A point picked on the map, back in WGS-84 for storing."""
    return gcj02_to_wgs84(lat, lon) if crs is CRS.GCJ02 else (lat, lon)


def distance_m(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in metres (for tests and the size of an offset)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(h)))
