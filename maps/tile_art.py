"""Street-like map tiles drawn from the shipped vector data, for demos, screenshots and tests.

A real centre uses a real tile server; this draws plausible tiles offline so the cache, the
``ndctile:`` handler and the GCJ-02 conversion can be shown and checked without the
internet. Roads and rivers come from ``resources/maps``; a grid of minor streets every
``STREET_SPACING`` degrees fills the blocks. With ``crs=GCJ02`` everything is drawn where
AMap would draw it (shifted by the GCJ-02 offset), exactly as a real GCJ-02 source does.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from console.geo.coords import CRS, to_display
from console.geo.tiles import tile_bounds
from maps import basemap

STREET_SPACING = 0.006  # degrees, about 600 m: blocks of a dense city
SIZE = 256
_STYLE = {  # kind -> (casing colour, fill colour, width px at zoom 15)
    "ring": ("#c9a227", "#f7d774", 11.0),
    "elevated": ("#c9a227", "#f7d774", 10.0),
    "avenue": ("#bfb8ad", "#ffffff", 8.0),
    "street": ("#d6d0c4", "#ffffff", 4.5),
}


def _pixel(lat: float, lon: float, z: int, x: int, y: int) -> QPointF:
    n = 1 << z
    px = ((lon + 180.0) / 360.0 * n - x) * SIZE
    rad = math.radians(lat)
    py = ((1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n - y) * SIZE
    return QPointF(px, py)


def _path(points: list[tuple[float, float]], crs: CRS, z: int, x: int, y: int) -> QPainterPath:
    path = QPainterPath()
    for i, (lat, lon) in enumerate(points):
        p = _pixel(*to_display(crs, lat, lon), z, x, y)
        path.moveTo(p) if i == 0 else path.lineTo(p)
    return path


def _streets(s: float, w: float, n: float, e: float) -> list[list[tuple[float, float]]]:
    """Minor streets (WGS-84) crossing the tile, a little beyond its edges."""
    pad = STREET_SPACING
    lines = []
    lat = math.floor((s - pad) / STREET_SPACING) * STREET_SPACING
    while lat <= n + pad:
        lines.append([(lat, w - pad), (lat, e + pad)])
        lat += STREET_SPACING
    lon = math.floor((w - pad) / STREET_SPACING) * STREET_SPACING
    while lon <= e + pad:
        lines.append([(s - pad, lon), (n + pad, lon)])
        lon += STREET_SPACING
    return lines


def render(z: int, x: int, y: int, crs: CRS = CRS.WGS84) -> bytes:
    """One 256 px PNG tile."""
    image = QImage(SIZE, SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("#f2efe9"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = 2 ** (z - 15)
    s, w, n, e = tile_bounds(z, x, y)
    painter.setPen(QPen(QColor("#dcd6c8"), 1.0))
    for district in basemap.districts():  # faint district borders, as real maps have
        painter.drawPath(_path(list(district.polygon), crs, z, x, y))
    for river in basemap.lines("water"):
        width = (60.0 if river.kind == "river" else 18.0) * scale
        painter.setPen(QPen(QColor("#aad3df"), max(2.0, width), Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(_path(list(river.points), crs, z, x, y))
    layers = [("street", line) for line in _streets(s, w, n, e)] if z >= 13 else []
    layers += [(road.kind, list(road.points)) for road in basemap.lines("roads")]
    for pass_ in (0, 1):  # casings under fills, so crossings look joined
        for kind, points in layers:
            casing, fill, width = _STYLE.get(kind, _STYLE["avenue"])
            px = max(1.0, width * scale) + (2.0 if pass_ == 0 else 0.0)
            painter.setPen(QPen(QColor(casing if pass_ == 0 else fill), px, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.drawPath(_path(points, crs, z, x, y))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    return bytes(data.data())


def street_corner(lat: float, lon: float) -> tuple[float, float]:
    """The nearest minor-street crossing (WGS-84): where a demo van can stand on a street."""
    return (round(lat / STREET_SPACING) * STREET_SPACING,
            round(lon / STREET_SPACING) * STREET_SPACING)
