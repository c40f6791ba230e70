"""The centre's service area as a box, for the planner: a call outside it is reported
(``outside_area``) instead of sending someone across the country to a mistyped location.

Which area: a file named in the configuration (``map/service_area``, the one the console's
map draws), else the one ``dispatch-console map import-area`` kept in the data directory,
else the demo city that ships with the app — the same order as the map's districts.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from console.geo import area

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]  # south, west, north, east
SHIPPED = "shanghai_districts.geojson"


def area_file(configured: str | Path | None = None) -> Path:
    """The GeoJSON the centre's service area comes from."""
    if configured:
        return Path(configured)
    imported = area.imported_path()
    if imported.is_file():
        return imported
    return Path(str(files("resources.maps").joinpath(SHIPPED)))


def service_bounds(configured: str | Path | None = None) -> Box | None:
    """South, west, north, east around every district; None (no area check) when the file
    cannot be read, which is logged — a planner without a box still plans every call."""
    path = area_file(configured)
    try:
        return _bounds(path, path.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        log.warning("service area %s unusable for planning: %s", path, exc)
        return None


@lru_cache(maxsize=4)
def _bounds(path: Path, _mtime_ns: int) -> Box:
    """Read once per file version (a re-import changes the mtime)."""
    return area.bounds(json.loads(path.read_text(encoding="utf-8")))
