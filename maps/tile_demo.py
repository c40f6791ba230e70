"""Screenshots of the map drawing cached tiles with vans on their streets (docs, review).

    python -m maps.tile_demo docs/

Draws street-like tiles (``maps.tile_art``) as a GCJ-02 source would, fills the MBTiles
cache with them (no network at all: the source's URL points at a closed local port), then
photographs the real map page with demo vans standing on street corners — once with the
tile source declared GCJ-02 (vans on their streets) and once wrongly declared WGS-84 (vans
some 500 m off, what happens without conversion).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m maps.tile_demo", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1100x760")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("DISPATCH_DATA_DIR", tempfile.mkdtemp(prefix="ndc-tiles-"))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    from maps.tile_scheme import register_scheme

    register_scheme()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from console.domain import TechStatus
    from console.geo.coords import CRS, wgs84_to_gcj02
    from console.geo.mbtiles import MBTiles
    from console.geo.tile_service import cache_dir
    from console.geo.tiles import TileSource, tiles_in_bbox
    from maps import basemap, demo, tile_art
    from maps.view import MapView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    width, height = (int(v) for v in args.size.split("x"))
    url = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # closed port: everything from the cache
    gcj = TileSource("demo-streets", url, "Demo streets (drawn offline, GCJ-02)", 17, CRS.GCJ02)
    cache = MBTiles(cache_dir() / gcj.cache_name, name=gcj.name)
    centre = (31.228, 121.470)  # People's Square, Huangpu
    s, w = wgs84_to_gcj02(centre[0] - 0.03, centre[1] - 0.04)
    n, e = wgs84_to_gcj02(centre[0] + 0.03, centre[1] + 0.04)
    tiles = tiles_in_bbox(s, w, n, e, range(14, 17))
    (cs, cw), (cn, ce) = basemap.bounds()  # the whole city for the night overview
    tiles += tiles_in_bbox(*wgs84_to_gcj02(cs, cw), *wgs84_to_gcj02(cn, ce), range(11, 14))
    for z, x, y in tiles:
        if not cache.has(z, x, y):
            cache.put(z, x, y, tile_art.render(z, x, y, CRS.GCJ02))
    cache.close()
    print(f"{len(tiles)} tiles drawn into {cache.path}")
    corners = [tile_art.street_corner(centre[0] + dy * 0.006, centre[1] + dx * 0.006)
               for dy in (-2, -1, 0, 1, 2) for dx in (-3, -1, 1, 3)]
    statuses = list(TechStatus)
    rng = random.Random(16)
    city = [tile_art.street_corner(*demo.random_point(rng)) for _ in range(150)]
    wrong = TileSource(gcj.name, url, gcj.attribution, 17, CRS.WGS84)
    shots = [  # file, source, night, centre, zoom, vans
        ("map-tiles-gcj02.png", gcj, False, centre, 15, corners),
        ("map-tiles-unconverted.png", wrong, False, centre, 15, corners),
        ("map-tiles-night.png", gcj, True, basemap.centre(), 12.5, city),
    ]
    views: list[MapView] = []

    def shoot(index: int) -> None:
        if index == len(shots):
            app.quit()
            return
        name, source, night, middle, zoom, vans = shots[index]
        view = MapView(tile_source=source, night=night)
        views.append(view)
        view.resize(width, height)

        def populate() -> None:
            for i, (lat, lon) in enumerate(vans):
                view.upsert_technician(demo.technician(i + 1, lat, lon, statuses[i % 3 + 1]))
            view.flush()
            lat, lon = wgs84_to_gcj02(*middle) if source.crs is CRS.GCJ02 else middle
            view.page().runJavaScript(
                f"(function(){{var m=document.querySelector('.folium-map');"
                f"var map=window[m.id];map.setView([{lat},{lon}],{zoom},{{animate:false}});}})()")
            QTimer.singleShot(2500, lambda: save(view, name, index))

        view.page_ready.connect(populate)
        view.show()

    def save(view: MapView, name: str, index: int) -> None:
        args.out.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(args.out / name))
        print(f"saved {args.out / name}")
        view.close()
        shoot(index + 1)

    shoot(0)
    app.exec()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
