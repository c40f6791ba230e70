"""Tile sources: where basemap tiles come from and in which coordinate system they are drawn.

A source is an XYZ URL template (``{z}``, ``{x}``, ``{y}``; ``{-y}`` for TMS row order,
``{s}`` for a subdomain, ``{key}`` for an API key), an attribution, a max zoom and a CRS.
The built-in ones cover the usual choices in China: AMap (高德) and Tencent draw in GCJ-02,
OpenStreetMap and Tianditu (天地图, needs a free key) in WGS-84. Settings or the config file
pick one by name or give a custom template.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, replace

from console.geo.coords import CRS

#: The name that means "no tiles": the offline vector basemap only.
NONE = "none"
CUSTOM = "custom"
USER_AGENT = "NightDispatchConsole/0.1 (+tile cache)"


class BadTileSource(ValueError):
    """A tile source that cannot work, with the reason."""


@dataclass(frozen=True, slots=True)
class TileSource:
    name: str
    url: str
    attribution: str
    max_zoom: int = 18
    crs: CRS = CRS.WGS84
    subdomains: str = ""
    key: str = ""

    def tile_url(self, z: int, x: int, y: int) -> str:
        """The URL of one tile (subdomains rotate by tile so requests spread)."""
        sub = self.subdomains[(x + y) % len(self.subdomains)] if self.subdomains else ""
        return (
            self.url.replace("{s}", sub)
            .replace("{z}", str(z))
            .replace("{x}", str(x))
            .replace("{-y}", str((1 << z) - 1 - y))
            .replace("{y}", str(y))
            .replace("{key}", self.key)
        )

    @property
    def cache_name(self) -> str:
        """The MBTiles file name: the source name plus a hash of its template, so changing
        the URL never serves the old server's tiles."""
        digest = hashlib.sha1(self.url.encode()).hexdigest()[:8]
        safe = re.sub(r"[^A-Za-z0-9_-]", "_", self.name)
        return f"{safe}-{digest}.mbtiles"


BUILTIN: dict[str, TileSource] = {
    s.name: s
    for s in (
        TileSource(
            "osm",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
            19,
        ),
        TileSource(
            "amap",
            "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
            "&x={x}&y={y}&z={z}",
            "&copy; 高德地图 AutoNavi",
            18,
            CRS.GCJ02,
            "1234",
        ),
        TileSource(
            "tencent",
            "https://rt{s}.map.gtimg.com/realtimerender?z={z}&x={x}&y={-y}&type=vector&style=0",
            "&copy; 腾讯地图 Tencent",
            18,
            CRS.GCJ02,
            "0123",
        ),
        TileSource(
            "tianditu",
            "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk={key}",
            "&copy; 天地图 Tianditu",
            18,
            CRS.WGS84,
            "01234567",
        ),
    )
}


def make_source(
    name: str,
    *,
    url: str = "",
    attribution: str = "",
    max_zoom: int | None = None,
    crs: str = "",
    key: str = "",
) -> TileSource | None:
    """The source the settings describe; None for ``none``. Bad settings raise with why.

    ``url`` and ``crs`` describe a ``custom`` source only (a leftover custom URL must not
    turn AMap into something else); attribution, max zoom and key apply to any source."""
    name = name.strip().lower() or NONE
    if name == NONE:
        return None
    if name in BUILTIN:
        base = BUILTIN[name]
        src = replace(base, key=key or base.key)
    elif name == CUSTOM:
        if not url:
            raise BadTileSource("a custom tile source needs a URL template")
        src = TileSource(name, url, attribution or "Tiles: custom server")
        if crs:
            try:
                src = replace(src, crs=CRS(crs.strip().lower().replace("-", "")))
            except ValueError:
                raise BadTileSource(f"crs must be wgs84 or gcj02, not {crs!r}") from None
    else:
        raise BadTileSource(
            f"unknown tile source {name!r}; use one of {', '.join([NONE, *BUILTIN, CUSTOM])}"
        )
    if attribution:
        src = replace(src, attribution=attribution)
    if max_zoom is not None:
        src = replace(src, max_zoom=max_zoom)
    check(src)
    return src


def check(src: TileSource) -> None:
    if not src.url.startswith(("http://", "https://")):
        raise BadTileSource(f"tile URL must start with http:// or https://: {src.url!r}")
    for part in ("{z}", "{x}"):
        if part not in src.url:
            raise BadTileSource(f"tile URL has no {part}: {src.url!r}")
    if "{y}" not in src.url and "{-y}" not in src.url:
        raise BadTileSource(f"tile URL has no {{y}} or {{-y}}: {src.url!r}")
    if "{key}" in src.url and not src.key:
        raise BadTileSource(f"tile source {src.name} needs an API key (map/tile_key)")
    if not 1 <= src.max_zoom <= 22:
        raise BadTileSource(f"max zoom must be 1..22, not {src.max_zoom}")


# ---- tile arithmetic (Web Mercator, the grid every XYZ source uses) -----------------------


def tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The x, y of the tile at zoom ``z`` that contains a point (in the source's CRS)."""
    n = 1 << z
    lat = max(-85.0511, min(85.0511, lat))
    x = int((lon + 180.0) / 360.0 * n)
    rad = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """south, west, north, east of a tile, in degrees."""
    n = 1 << z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return lat(y + 1), x / n * 360.0 - 180.0, lat(y), (x + 1) / n * 360.0 - 180.0


def count_in_bbox(south: float, west: float, north: float, east: float, zooms: range) -> int:
    """How many tiles ``tiles_in_bbox`` would list, without listing them."""
    total = 0
    for z in zooms:
        x0, y0 = tile_of(north, west, z)
        x1, y1 = tile_of(south, east, z)
        total += (x1 - x0 + 1) * (y1 - y0 + 1)
    return total


def tiles_in_bbox(
    south: float, west: float, north: float, east: float, zooms: range
) -> list[tuple[int, int, int]]:
    """Every (z, x, y) covering the box, zoom by zoom."""
    out = []
    for z in zooms:
        x0, y0 = tile_of(north, west, z)
        x1, y1 = tile_of(south, east, z)
        out += [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return out
