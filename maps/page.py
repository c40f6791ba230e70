"""Builds the map page with folium and writes it to a file the view loads by URL.

Every script and stylesheet is a local file: folium's CDN defaults are replaced per
instance, folium's vendored Leaflet.heat is used from disk, and qwebchannel.js comes from
Qt's resource system. The offline basemap (districts, roads, rivers) sits in a pane *under*
the tile pane: loaded tiles cover it, failed tiles are invisible, so the map is never blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.plugins import HeatMap
from folium.template import Template

from console.geo.coords import CRS, to_display
from maps import assets, basemap, batch, theme

#: OpenStreetMap's standard tiles, the default when the console is online.
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
BASEMAP_ATTRIBUTION = "Offline basemap: approximate demo outlines"
NO_TILES = ("", "none", "off")


@dataclass(frozen=True, slots=True)
class TileLayer:
    """The tile layer as the page draws it: URL template (``ndctile:`` for cached sources),
    attribution, the deepest zoom the source has, and its coordinate system."""

    url: str
    attribution: str
    max_native_zoom: int = 19
    crs: CRS = CRS.WGS84


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
            <script src="{{ this.routes_url }}"></script>
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
        self.routes_url = assets.url(assets.plan_routes_js())
        self.qwebchannel_url = assets.QWEBCHANNEL_JS


def tiles_source(tiles_url: str | None) -> str | None:
    """None means OpenStreetMap; "", "none" or "off" mean no tiles at all."""
    if tiles_url is None:
        return OSM_TILES
    if tiles_url.strip().lower() in NO_TILES:
        return None
    return tiles_url


def legacy_layer(tiles_url: str | None) -> TileLayer | None:
    """A plain URL (or None for OpenStreetMap) fetched by the page itself (bench, bare page)."""
    source = tiles_source(tiles_url)
    if source is None:
        return None
    attr = OSM_ATTRIBUTION if source == OSM_TILES else "Tiles: company server"
    return TileLayer(source, attr)


def build_map(
    *, tiles_url: str | None = None, night: bool = True, layer: TileLayer | None = None
) -> folium.Map:
    """The folium map with basemap, optional tiles, heat and territory layers.

    With ``layer`` the tiles come from it (and ``tiles_url`` is ignored). Everything drawn
    from stored data — outlines, labels, the start view — goes through ``to_display`` for
    the layer's coordinate system; live markers do the same in ``maps.batch``.
    """
    if layer is None:
        layer = legacy_layer(tiles_url)
    crs = layer.crs if layer is not None else CRS.WGS84
    start = theme.theme(night)
    fmap = folium.Map(
        location=list(to_display(crs, *basemap.centre())),
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
        "districts": _geojson("districts", start["land"], "ndcBase", crs).add_to(fmap),
        "water": _geojson("water", {}, "ndcBase", crs).add_to(fmap),
        "roads": _geojson("roads", {}, "ndcBase", crs).add_to(fmap),
        "tiles": None,
    }
    if layer is not None:
        layers["tiles"] = folium.TileLayer(
            tiles=layer.url,
            attr=layer.attribution,
            name="tiles",
            max_zoom=19,
            max_native_zoom=min(19, layer.max_native_zoom),
        ).add_to(fmap)
    folium.map.CustomPane("ndcOverlay", z_index=300, pointer_events=False).add_to(fmap)
    layers["territories"] = _territories(crs).add_to(fmap)
    layers["heat"] = _heat().add_to(fmap)
    config = {
        "rows": batch.row_fields(),
        "leaflet_version": assets.LEAFLET_VERSION,
        "night": night,
        "themes": {"night": theme.NIGHT, "day": theme.DAY},
        "territory_colours": list(theme.TERRITORY_COLOURS),
        "labels": [
            {"name_en": d.name_en, "name_zh": d.name_zh, "at": list(to_display(crs, *d.label))}
            for d in basemap.districts()
        ],
    }
    _LiveLayers(fmap, config, layers).add_to(fmap)
    head = (
        f"<title>Night Dispatch map</title><style>body{{background:{start['background']}}}</style>"
    )
    fmap.get_root().header.add_child(Element(head), name="ndc_head")  # type: ignore[attr-defined]
    return fmap


def display_geojson(data: dict[str, Any], crs: CRS) -> dict[str, Any]:
    """The FeatureCollection with every [lon, lat] moved into the display system."""
    if crs is CRS.WGS84:
        return data

    def move(coords: Any) -> Any:
        if coords and isinstance(coords[0], (int, float)):
            lat, lon = to_display(crs, coords[1], coords[0])
            return [lon, lat, *coords[2:]]
        return [move(c) for c in coords]

    for feature in data["features"]:
        geometry = feature.get("geometry") or {}
        if "coordinates" in geometry:
            geometry["coordinates"] = move(geometry["coordinates"])
    return data


def _geojson(name: str, style: dict[str, Any], pane: str, crs: CRS) -> folium.GeoJson:
    data = display_geojson(basemap.load_geojson(name), crs)
    return folium.GeoJson(
        data,
        name=f"basemap-{name}",
        style_function=(lambda _f: style) if style else None,
        control=False,
        pane=pane,
        interactive=False,
        attribution=BASEMAP_ATTRIBUTION if name == "districts" else None,
    )


def _territories(crs: CRS) -> folium.GeoJson:
    """Service territories; in the demo city each district is one territory. Hidden at start."""
    data = display_geojson(basemap.load_geojson("districts"), crs)
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


def write_page(
    path: Path,
    *,
    tiles_url: str | None = None,
    night: bool = True,
    layer: TileLayer | None = None,
) -> Path:
    """Renders the page to ``path`` (load it by URL: setHtml stops at 2 MB)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fmap = build_map(tiles_url=tiles_url, night=night, layer=layer)
    path.write_text(fmap.get_root().render(), encoding="utf-8")
    return path
