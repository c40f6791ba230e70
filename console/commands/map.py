"""``dispatch-console map``: fill the tile cache before an outage, import the service area.

    dispatch-console map cache [--bbox W,S,E,N] --zoom 10-16 [--source amap] [--yes]
    dispatch-console map import-area FILE.geojson

``map cache`` uses the tile source of the config file (``[map]``) unless told otherwise,
prints how many tiles and roughly how many megabytes first, asks (``--yes`` skips the
question), then downloads with a progress bar into the same MBTiles file the map reads.
Tiles already cached are skipped, so an interrupted run resumes.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from console.config import BadConfig, load
from console.geo import area
from console.geo.coords import CRS, wgs84_to_gcj02
from console.geo.tile_service import TileService, cache_dir
from console.geo.tiles import (
    BadTileSource,
    TileSource,
    count_in_bbox,
    make_source,
    tiles_in_bbox,
)

#: Bigger jobs are refused: tile servers forbid bulk scraping, and disks fill.
MAX_TILES = 200_000
#: Assumed size of a tile not seen yet (a street tile PNG is typically 10-30 KB).
DEFAULT_TILE_BYTES = 20_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="map_action", metavar="ACTION", required=True)
    cache = sub.add_parser("cache", help="download tiles for an area and zoom range")
    cache.add_argument("--bbox", metavar="W,S,E,N",
                       help="WGS-84 box: west,south,east,north (default: the service area)")
    cache.add_argument("--zoom", default="10-16", help="zoom range, e.g. 10-16 (default)")
    cache.add_argument("--source", help="none, osm, amap, tencent, tianditu or custom")
    cache.add_argument("--url", help="URL template for a custom source")
    cache.add_argument("--crs", choices=["wgs84", "gcj02"], help="the custom source's system")
    cache.add_argument("--key", help="API key (Tianditu)")
    cache.add_argument("--config", metavar="FILE", help="config file to take the source from")
    cache.add_argument("--yes", action="store_true", help="do not ask before downloading")
    cache.add_argument("--dry-run", action="store_true", help="only print the estimate")
    cache.add_argument("--workers", type=int, default=4, help="parallel downloads (1-8)")
    imp = sub.add_parser("import-area", help="use a GeoJSON file as the service area")
    imp.add_argument("file", type=Path)


def run(args: argparse.Namespace) -> int:
    try:
        if args.map_action == "import-area":
            where, count = area.import_file(args.file)
            print(f"service area: {count} areas from {args.file} kept in {where}")
            return 0
        return _cache(args)
    except (area.BadArea, BadTileSource, BadConfig, ValueError) as exc:
        print(f"dispatch-console map: {exc}", file=sys.stderr)
        return 2


def parse_zoom(text: str) -> range:
    lo, _, hi = text.partition("-")
    try:
        start, stop = int(lo), int(hi or lo)
    except ValueError:
        raise ValueError(f"--zoom must look like 10-16, not {text!r}") from None
    if not 0 <= start <= stop <= 22:
        raise ValueError(f"--zoom must be within 0-22 and low-high, not {text!r}")
    return range(start, stop + 1)


def parse_bbox(text: str | None) -> tuple[float, float, float, float]:
    """south, west, north, east from ``W,S,E,N`` (or the service area's bounds)."""
    if not text:
        return area.bounds(_service_area())
    try:
        w, s, e, n = (float(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"--bbox must be W,S,E,N in degrees, not {text!r}") from None
    if not (-180 <= w < e <= 180 and -85 <= s < n <= 85):
        raise ValueError(f"--bbox {text!r}: need west < east and south < north, in range")
    return s, w, n, e


def _service_area() -> dict[str, Any]:
    path = area.imported_path()
    if not path.is_file():
        path = Path(str(importlib.resources.files("resources") / "maps"
                        / "shanghai_districts.geojson"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _source(args: argparse.Namespace) -> TileSource:
    conf, _ = load(args.config)
    source = make_source(
        args.source or conf.get("map/tile_source", "osm"),
        url=args.url or conf.get("map/tile_url", ""),
        attribution=conf.get("map/tile_attribution", ""),
        max_zoom=conf.get("map/tile_max_zoom") or None,
        crs=args.crs or conf.get("map/tile_crs", ""),
        key=args.key or conf.get("map/tile_key", ""),
    )
    if source is None:
        raise ValueError("the tile source is 'none': nothing to cache (choose --source)")
    return source


def _cache(args: argparse.Namespace) -> int:
    zooms = parse_zoom(args.zoom)
    s, w, n, e = parse_bbox(args.bbox)
    source = _source(args)
    if source.name == "osm":
        print("note: OpenStreetMap's tile policy forbids bulk downloading from its servers; "
              "pre-fill from your own tile server or a licensed source", file=sys.stderr)
    if source.crs is CRS.GCJ02:  # the box is WGS-84; the tile grid is GCJ-02
        s, w = wgs84_to_gcj02(s, w)
        n, e = wgs84_to_gcj02(n, e)
    zooms = range(zooms.start, min(zooms.stop, source.max_zoom + 1))
    count = count_in_bbox(s, w, n, e, zooms)
    if count > MAX_TILES:
        raise ValueError(f"{count:,} tiles is over the limit of {MAX_TILES:,}; "
                         "narrow the box or the zoom range")
    tiles = tiles_in_bbox(s, w, n, e, zooms)
    service = TileService(source, cache_dir(), retry_after=3600)
    try:
        todo = [t for t in tiles if not service.cache.has(*t)]
        count, size = service.cache.stats()
        per_tile = size // count if count else DEFAULT_TILE_BYTES
        print(f"{source.name}: {len(tiles):,} tiles at zoom {zooms.start}-{zooms.stop - 1}, "
              f"{len(tiles) - len(todo):,} already cached; {len(todo):,} to download, "
              f"about {len(todo) * per_tile / 1e6:.1f} MB -> {service.cache.path}")
        if args.dry_run or not todo:
            return 0
        if not args.yes and not _confirm():
            print("nothing downloaded (add --yes to skip the question)")
            return 1
        return _download(service, todo, max(1, min(8, args.workers)))
    finally:
        service.close()


def _confirm() -> bool:
    if not sys.stdin.isatty():
        return False
    return input("download them? [y/N] ").strip().lower() in ("y", "yes")


def _download(service: TileService, todo: list[tuple[int, int, int]], workers: int) -> int:
    done = got = size = 0
    with ThreadPoolExecutor(workers) as pool:
        for data in pool.map(lambda t: service.fetch(*t), todo):
            done += 1
            if data is not None:
                got += 1
                size += len(data)
            if service.counters.failures:
                pool.shutdown(cancel_futures=True)
                break
            if done % 10 == 0 or done == len(todo):
                _progress(done, len(todo), size)
    print(file=sys.stderr)
    if service.counters.failures:
        print(f"the tile server is unreachable: {got:,} of {len(todo):,} tiles kept; "
              "run again to resume", file=sys.stderr)
        return 1
    missing = len(todo) - got
    print(f"cached {got:,} tiles ({size / 1e6:.1f} MB)"
          + (f"; {missing:,} the server does not have" if missing else ""))
    return 0


def _progress(done: int, total: int, size: int, width: int = 30) -> None:
    filled = width * done // total
    bar = "#" * filled + "-" * (width - filled)
    print(f"\r[{bar}] {done:,}/{total:,} tiles {size / 1e6:.1f} MB", end="",
          file=sys.stderr, flush=True)
