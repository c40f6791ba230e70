"""Where the map's local files live: Leaflet, the heat plugin, our scripts and offline data.

Everything the page loads comes from disk, so the map works with the network unplugged.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
from functools import cache
from pathlib import Path

from console.geo import area

#: Qt's own copy of qwebchannel.js, served from the Qt resource system (no network).
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"

WEB_DIR = Path(__file__).with_name("web")

#: The Leaflet release live_map.js is written against (it extends Leaflet's canvas renderer
#: internals); pyproject pins django-js-lib-leaflet to it and the page checks ``L.version``.
LEAFLET_VERSION = "1.9.4"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(f"package {name!r} is not installed")
    return Path(spec.origin).parent


@cache
def resources_dir() -> Path:
    """``resources/maps``: offline basemap data shipped with the app.

    Found through importlib.resources (the installed ``resources`` package); the page loads
    files by file:// URL, so it must be a real directory, as it is for any normal install.
    """
    try:
        candidate = Path(str(importlib.resources.files("resources").joinpath("maps")))
        if (candidate / "shanghai_districts.geojson").is_file():
            return candidate
    except ModuleNotFoundError:
        pass
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "resources" / "maps"
        if (candidate / "shanghai_districts.geojson").is_file():
            return candidate
    raise FileNotFoundError("resources/maps with the offline basemap was not found")


@cache
def leaflet_dir() -> Path:
    """Leaflet 1.9.4 as shipped by the ``django-js-lib-leaflet`` package (no Django needed)."""
    return _package_dir("js_lib_leaflet") / "static" / "js_lib_leaflet"


def leaflet_js() -> Path:
    return leaflet_dir() / "leaflet.js"


def leaflet_css() -> Path:
    return leaflet_dir() / "leaflet.css"


def heat_js() -> Path:
    """Leaflet.heat as vendored inside folium (folium's HeatMap would fetch it from a CDN)."""
    return _package_dir("folium") / "templates" / "leaflet_heat.min.js"


def live_js() -> Path:
    return WEB_DIR / "live_map.js"


#: One file per layer or concern, loaded in this order before live_map.js, the core that
#: builds them (a routes layer adds its file here).
LAYER_SCRIPTS = (
    "markers.js",
    "lines.js",
    "pulse.js",
    "heat.js",
    "selection.js",
    "pointer.js",
    "basemap.js",
)


def layer_js() -> list[Path]:
    return [WEB_DIR / name for name in LAYER_SCRIPTS]


def test_hooks_js() -> Path:
    """Probes for tests and drag previews, kept off the page's public ``NDC`` object."""
    return WEB_DIR / "test_hooks.js"


def plan_routes_js() -> Path:
    return WEB_DIR / "plan_routes.js"


def live_css() -> Path:
    return WEB_DIR / "live_map.css"


_area_file: Path | None = None


def use_area(path: Path | None) -> None:
    """Districts from this GeoJSON file instead (the ``map/service_area`` setting)."""
    global _area_file
    _area_file = path


def geojson(name: str) -> Path:
    """``name`` is one of ``districts``, ``roads``, ``water``.

    Districts come from the configured file, else the one ``dispatch-console map
    import-area`` kept, else the demo city that ships with the app.
    """
    if name == "districts":
        if _area_file is not None:
            return _area_file
        imported = area.imported_path()
        if imported.is_file():
            return imported
    return resources_dir() / f"shanghai_{name}.geojson"


def url(path: Path) -> str:
    """A file:// URL for a local file, checked to exist so a missing asset fails loudly."""
    if not path.is_file():
        raise FileNotFoundError(path)
    return path.resolve().as_uri()
