"""From settings to the page's tile layer: which source, its cache, the ``ndctile:`` URL.

The settings (``map/tile_*``, declared in ``ui.settings`` and settable from the config
file) are read through a plain ``get(name)`` so this module needs nothing from ``ui``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWebEngineCore import QWebEngineProfile

from console.geo.tile_service import cache_dir
from console.geo.tiles import BadTileSource, TileSource, make_source
from maps.page import TileLayer
from maps.tile_scheme import handler_for

_log = logging.getLogger(__name__)


def source_from_settings(get: Callable[[str], Any]) -> TileSource | None:
    """The configured source; a broken configuration logs why and shows no tiles."""
    try:
        return make_source(
            get("map/tile_source"),
            url=get("map/tile_url"),
            attribution=get("map/tile_attribution"),
            max_zoom=get("map/tile_max_zoom") or None,
            crs=get("map/tile_crs"),
            key=get("map/tile_key"),
        )
    except BadTileSource as exc:
        _log.warning("no map tiles: %s", exc)
        return None


def source_from_url(tiles_url: str | None) -> TileSource | None:
    """``None`` is OpenStreetMap, ``"none"`` no tiles, anything else a WGS-84 template."""
    if tiles_url is None:
        return make_source("osm")
    if tiles_url.strip().lower() in ("", "none", "off"):
        return None
    return make_source("custom", url=tiles_url)


def layer_for(
    profile: QWebEngineProfile, source: TileSource, where: Path | None = None
) -> TileLayer:
    """Serve ``source`` through the profile's ``ndctile:`` handler and describe the layer."""
    url = handler_for(profile).add(source, where or cache_dir())
    return TileLayer(url, source.attribution, source.max_zoom, source.crs)
