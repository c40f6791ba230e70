/* Night Dispatch Console: the basemap under the live layers: districts, roads, water and
 * territories (folium draws them; this styles them per theme), the district labels, and
 * keeping the whole city in view until the user pans or zooms.
 *
 * Built by live_map.js with the page's shared parts. Registered on window.NDC_PARTS.
 */
(function () {
  "use strict";

  function lineStyle(table) {
    return function (f) {
      const s = table[f.properties.kind] || ["#888", 1];
      return { color: s[0], weight: s[1], opacity: 1, lineCap: "round", lineJoin: "round" };
    };
  }

  function Basemap(page) {
    let autoFit = true; // keep the whole city in view (first load, resizes) until the user moves

    function territoryStyle(f) {
      const colours = page.cfg.territory_colours;
      const i = (f.properties.index || 0) % colours.length;
      return {
        color: colours[i],
        weight: 1.5,
        opacity: 0.7,
        fillColor: colours[i],
        fillOpacity: page.theme.territory_opacity,
      };
    }

    /** Fits every district (fractional zoom: a narrow dock still shows the whole city). */
    function fitCity() {
      const b = page.base.districts ? page.base.districts.getBounds() : null;
      const size = page.map.getSize();
      if (!b || !b.isValid() || size.x < 50 || size.y < 50) return; // hidden or collapsed
      page.map.fitBounds(b, { padding: [6, 6], animate: false });
    }

    function userMoved() {
      autoFit = false;
    }

    /** Wheel, double-click, box zoom, keyboard and the +/- buttons are the user's own zoom. */
    function watchUserZoom() {
      const box = page.map.getContainer();
      ["wheel", "dblclick", "keydown", "touchstart"].forEach(function (type) {
        box.addEventListener(type, userMoved, { passive: true });
      });
      page.map.on("boxzoomstart", userMoved);
      const zoom = box.querySelector(".leaflet-control-zoom");
      if (zoom) zoom.addEventListener("click", userMoved);
    }

    function addLabels() {
      const labels = L.layerGroup();
      page.G.labels = labels;
      const p = page.map.createPane("ndcLabels");
      p.style.zIndex = "160";
      p.style.pointerEvents = "none";
      page.cfg.labels.forEach(function (lb) {
        const el = document.createElement("div");
        const en = document.createElement("span");
        const zh = document.createElement("span");
        en.textContent = lb.name_en;
        zh.textContent = lb.name_zh;
        zh.className = "zh";
        el.appendChild(en);
        el.appendChild(zh);
        const icon = L.divIcon({ className: "ndc-district-label", html: el, iconSize: null });
        L.marker(lb.at, { icon: icon, pane: "ndcLabels", interactive: false, keyboard: false })
          .addTo(labels);
      });
      labels.addTo(page.map);
    }

    return {
      /** Labels, the user's-zoom watch and refitting on resize (once, at init). */
      bind: function () {
        watchUserZoom();
        page.map.on("resize", function () {
          if (autoFit) fitCity();
        });
        addLabels();
      },

      fitCity: fitCity,

      /** Fit the city now and again on every resize, until the user pans or zooms. */
      keepCityInView: function () {
        autoFit = true;
        fitCity();
      },

      userMoved: userMoved,

      restyle: function (theme) {
        const b = page.base;
        if (b.districts) b.districts.setStyle(theme.land);
        if (b.roads) b.roads.setStyle(lineStyle(theme.roads));
        if (b.water) b.water.setStyle(lineStyle(theme.water));
        if (b.territories) b.territories.setStyle(territoryStyle);
      },

      counts: function () {
        const b = page.base;
        const map = page.map;
        return {
          districts: b.districts ? b.districts.getLayers().length : 0,
          roads: b.roads ? b.roads.getLayers().length : 0,
          water: b.water ? b.water.getLayers().length : 0,
          labels: page.G.labels.getLayers().length,
          tiles: !!(b.tiles && map.hasLayer(b.tiles)),
          autoFit: autoFit,
          cityInView: b.districts
            ? map.getBounds().pad(0.001).contains(b.districts.getBounds())
            : false,
        };
      },
    };
  }

  window.NDC_PARTS = window.NDC_PARTS || {};
  window.NDC_PARTS.Basemap = Basemap;
})();
