"""Builds the map page with folium and writes it to a file the view loads by URL.

Every script and stylesheet is a local file: folium's CDN defaults are replaced per
instance, folium's vendored Leaflet.heat is used from disk, and qwebchannel.js comes from
Qt's resource system. The offline basemap (districts, roads, rivers) sits in a pane *under*
the tile pane: loaded tiles cover it, failed tiles are invisible, so the map is never blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.plugins import HeatMap
from folium.template import Template

from maps import assets, basemap, batch, theme

#: OpenStreetMap's standard tiles, the default when the console is online.
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
BASEMAP_ATTRIBUTION = "Offline basemap: approximate demo outlines"
NO_TILES = ("", "none", "off")


class _LiveLayers(MacroElement):
    """Loads live_map.js and hands it the map, the basemap layers and the config."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <link rel="stylesheet" href="{{ this.css_url }}"/>
            <script src="{{ this.qwebchannel_url }}"></script>
            {%- for script in this.layer_urls %}
            <script src="{{ script }}"></script>
            {%- endfor %}
            <script src="{{ this.js_url }}"></script>
            <script src="{{ this.hooks_url }}"></script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            NDC.init({{ this.map.get_name() }}, {{ this.config|tojson }}, {
                {%- for key, layer in this.layers.items() %}
                {{ key }}: {{ layer.get_name() if layer else "null" }},
                {%- endfor %}
            });
        {% endmacro %}
        """
    )

    def __init__(self, fmap: folium.Map, config: dict[str, Any], layers: dict[str, Any]):
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "NdcLiveLayers"
        self.map = fmap
        self.config = config
        self.layers = layers
        self.css_url = assets.url(assets.live_css())
        self.layer_urls = [assets.url(path) for path in assets.layer_js()]
        self.js_url = assets.url(assets.live_js())
        self.hooks_url = assets.url(assets.test_hooks_js())
        self.qwebchannel_url = assets.QWEBCHANNEL_JS


def tiles_source(tiles_url: str | None) -> str | None:
    """None means OpenStreetMap; "", "none" or "off" mean no tiles at all."""
    if tiles_url is None:
        return OSM_TILES
    if tiles_url.strip().lower() in NO_TILES:
        return None
    return tiles_url


def build_map(*, tiles_url: str | None = None, night: bool = True) -> folium.Map:
    """The folium map with basemap, optional tiles, heat and territory layers."""
    start = theme.theme(night)
    fmap = folium.Map(
        location=list(basemap.centre()),
        zoom_start=12,
        min_zoom=9,
        max_zoom=19,
        tiles=None,
        prefer_canvas=True,
        attribution_control=True,
        # quarter steps: fitting the whole city into a narrow dock must not cut districts
        # off at the next whole zoom level down (live_map.js fits the city until the user
        # pans or zooms)
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    fmap.default_js = [("leaflet", assets.url(assets.leaflet_js()))]
    fmap.default_css = [("leaflet_css", assets.url(assets.leaflet_css()))]
    folium.map.CustomPane("ndcBase", z_index=150, pointer_events=False).add_to(fmap)
    layers: dict[str, Any] = {
        "districts": _geojson("districts", start["land"], "ndcBase").add_to(fmap),
        "water": _geojson("water", {}, "ndcBase").add_to(fmap),
        "roads": _geojson("roads", {}, "ndcBase").add_to(fmap),
        "tiles": None,
    }
    source = tiles_source(tiles_url)
    if source is not None:
        attr = OSM_ATTRIBUTION if source == OSM_TILES else "Tiles: company server"
        layers["tiles"] = folium.TileLayer(
            tiles=source, attr=attr, name="tiles", max_zoom=19, max_native_zoom=19
        ).add_to(fmap)
    folium.map.CustomPane("ndcOverlay", z_index=300, pointer_events=False).add_to(fmap)
    layers["territories"] = _territories().add_to(fmap)
    layers["heat"] = _heat().add_to(fmap)
    config = {
        "rows": batch.row_fields(),
        "leaflet_version": assets.LEAFLET_VERSION,
        "night": night,
        "themes": {"night": theme.NIGHT, "day": theme.DAY},
        "territory_colours": list(theme.TERRITORY_COLOURS),
        "labels": [
            {"name_en": d.name_en, "name_zh": d.name_zh, "at": list(d.label)}
            for d in basemap.districts()
        ],
    }
    _LiveLayers(fmap, config, layers).add_to(fmap)
    head = (
        f"<title>Night Dispatch map</title><style>body{{background:{start['background']}}}</style>"
    )
    fmap.get_root().header.add_child(Element(head), name="ndc_head")  # type: ignore[attr-defined]
    return fmap


def _geojson(name: str, style: dict[str, Any], pane: str) -> folium.GeoJson:
    data = basemap.load_geojson(name)
    return folium.GeoJson(
        data,
        name=f"basemap-{name}",
        style_function=(lambda _f: style) if style else None,
        control=False,
        pane=pane,
        interactive=False,
        attribution=BASEMAP_ATTRIBUTION if name == "districts" else None,
    )


def _territories() -> folium.GeoJson:
    """Service territories; in the demo city each district is one territory. Hidden at start."""
    data = basemap.load_geojson("districts")
    for index, feature in enumerate(data["features"]):
        feature["properties"]["index"] = index
    return folium.GeoJson(
        data, name="territories", control=False, show=False, pane="ndcOverlay", interactive=False
    )


def _heat() -> HeatMap:
    heat = HeatMap(  # type: ignore[no-untyped-call]
        [], name="heat", control=False, show=False, radius=22, blur=18, min_opacity=0.25
    )
    heat.default_js = [("leaflet-heat.js", assets.url(assets.heat_js()))]
    return heat


def write_page(path: Path, *, tiles_url: str | None = None, night: bool = True) -> Path:
    """Renders the page to ``path`` (load it by URL: setHtml stops at 2 MB)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fmap = build_map(tiles_url=tiles_url, night=night)
    path.write_text(fmap.get_root().render(), encoding="utf-8")
    return path
