"""The service area: districts (and the territories drawn from them) as GeoJSON.

The demo city ships in ``resources/maps``; a real centre imports its own with
``dispatch-console map import-area FILE.geojson``, which checks the file and keeps a
normalised copy in the data directory, where the map finds it (or names a file in the
``map/service_area`` setting). Features are Polygons or MultiPolygons in WGS-84
``[lon, lat]``, each with a name (``name_en``/``name_zh``, or ``name``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from console.db.engine import data_dir

FILE_NAME = "service_area.geojson"
MAX_BYTES = 20 << 20


class BadArea(ValueError):
    """A GeoJSON file that cannot be the service area, with the reason."""


def imported_path() -> Path:
    return data_dir() / FILE_NAME


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon" and isinstance(coords, list):
        return list(coords)
    if kind == "MultiPolygon" and isinstance(coords, list):
        return [ring for polygon in coords for ring in polygon]
    raise BadArea(f"geometry must be Polygon or MultiPolygon, not {kind!r}")


def _check_ring(ring: Any, where: str) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise BadArea(f"{where}: a ring needs at least 4 positions")
    for pos in ring:
        if not (isinstance(pos, list) and len(pos) >= 2
                and all(isinstance(v, (int, float)) and math.isfinite(v) for v in pos[:2])):
            raise BadArea(f"{where}: {pos!r} is not a [lon, lat] position")
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BadArea(f"{where}: [{lon}, {lat}] is outside [lon, lat] range (swapped?)")
    if ring[0][:2] != ring[-1][:2]:
        raise BadArea(f"{where}: a ring must end where it starts")


def normalise(data: Any) -> dict[str, Any]:
    """A checked FeatureCollection whose features carry ``name_en`` and ``name_zh``."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BadArea("the file must be a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BadArea("the FeatureCollection has no features")
    out = []
    for index, feature in enumerate(features):
        where = f"feature {index + 1}"
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            raise BadArea(f"{where}: not a Feature with a geometry")
        props = feature.get("properties") or {}
        name_en = props.get("name_en") or props.get("name") or props.get("name_zh")
        if not isinstance(name_en, str) or not name_en.strip():
            raise BadArea(f"{where}: needs a name (name_en, name_zh or name)")
        for ring in _rings(feature["geometry"]):
            _check_ring(ring, f"{where} ({name_en})")
        kept = {"name_en": name_en.strip(), "name_zh": props.get("name_zh") or name_en.strip()}
        if isinstance(props.get("label"), list):
            kept["label"] = props["label"]
        out.append({"type": "Feature", "properties": kept, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "name": "service_area", "features": out}


def import_file(source: Path, target: Path | None = None) -> tuple[Path, int]:
    """Check ``source`` and keep it as the service area; returns where and how many areas.
    Nothing is written when the file is refused."""
    if source.stat().st_size > MAX_BYTES:
        raise BadArea(f"{source} is over {MAX_BYTES >> 20} MB; simplify the outlines first")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as exc:
        raise BadArea(f"{source} is not valid JSON: {exc}") from None
    clean = normalise(data)
    target = target or imported_path()
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(clean, ensure_ascii=False), encoding="utf-8")
    tmp.replace(target)
    return target, len(clean["features"])


def bounds(data: dict[str, Any]) -> tuple[float, float, float, float]:
    """south, west, north, east around every ring."""
    lons, lats = [], []
    for feature in data["features"]:
        for ring in _rings(feature["geometry"]):
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
    return min(lats), min(lons), max(lats), max(lons)
