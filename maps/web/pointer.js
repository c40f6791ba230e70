/* Night Dispatch Console: the pointer on the map: marker clicks and tooltips, the context
 * menu, pick mode (the next click is a new call's location) and the drop target under a drag.
 *
 * Built by live_map.js with the page's shared parts; what the pointer means goes back to
 * Python through the QWebChannel bridge (page.bridge, none on a page without Qt).
 * Registered on window.NDC_PARTS.
 */
(function () {
  "use strict";

  function Pointer(page) {
    let picking = false;
    let words = {}; // code -> the interface language's word (statuses, priorities, categories)
    let dropRing = null;
    const tip = L.tooltip({ direction: "top", offset: [0, -7], className: "ndc-tip", opacity: 1 });

    /** A code in the interface language (English words when Python sent none). */
    function word(code) {
      const c = String(code || "");
      return words[c] || c.split("_").join(" ");
    }

    function tipText(m) {
      if (m._ndcKind === "technician") return m._name + " \u00b7 " + word(m._status);
      return "#" + m._ndcId + " " + word(m._label) + " \u00b7 " + word(m._priority);
    }

    function onMarkerClick(e) {
      const m = e.propagatedFrom || e.layer;
      if (page.bridge && m) page.bridge.markerClicked(m._ndcKind, m._ndcId);
    }

    function onOver(e) {
      const m = e.propagatedFrom || e.layer;
      const el = document.createElement("div");
      el.textContent = tipText(m);
      tip.setLatLng(m._latlng).setContent(el);
      page.map.openTooltip(tip);
    }

    function onOut() {
      page.map.closeTooltip(tip);
    }

    function setPickMode(on) {
      picking = !!on;
      page.map.getContainer().style.cursor = picking ? "crosshair" : "";
    }

    function techAt(x, y, radius) {
      const map = page.map;
      const rect = map.getContainer().getBoundingClientRect();
      const px = x - rect.left;
      const py = y - rect.top;
      let best = null;
      let bestD = radius * radius;
      page.techs.forEach(function (m, id) {
        const p = map.latLngToContainerPoint(m._latlng);
        const d = (p.x - px) * (p.x - px) + (p.y - py) * (p.y - py);
        if (d <= bestD) {
          bestD = d;
          best = id;
        }
      });
      return best;
    }

    return {
      /** Listens on the marker groups and the map (once, at init). */
      bind: function () {
        const G = page.G;
        G.technicians.on("click", onMarkerClick).on("mouseover", onOver).on("mouseout", onOut);
        G.calls.on("click", onMarkerClick).on("mouseover", onOver).on("mouseout", onOut);
        page.map.on("contextmenu", function (e) {
          if (page.bridge) page.bridge.contextMenu(e.latlng.lat, e.latlng.lng);
        });
        page.map.on("click", function (e) {
          if (!picking) return;
          setPickMode(false);
          if (page.bridge) page.bridge.locationPicked(e.latlng.lat, e.latlng.lng);
        });
      },

      setPickMode: setPickMode,

      setWords: function (table) {
        words = table || {};
      },

      /** The technician id whose marker is nearest the page point (x, y), within radius px. */
      techAt: techAt,

      /** Marks the drop target under a drag; returns its id or null. */
      dropHover: function (x, y, radius) {
        const id = x === null ? null : techAt(x, y, radius);
        const m = id === null ? null : page.techs.get(id);
        if (!m) {
          if (dropRing) page.G.ring.removeLayer(dropRing);
          dropRing = null;
          return null;
        }
        if (!dropRing) {
          dropRing = L.circleMarker(m._latlng, {
            renderer: page.R.ndcRing,
            interactive: false,
            radius: 11,
            weight: 3,
            fill: false,
            color: page.theme.drop_target,
          }).addTo(page.G.ring);
        } else {
          dropRing.setLatLng(m._latlng);
        }
        return id;
      },

      restyle: function (theme) {
        if (dropRing) dropRing.setStyle({ color: theme.drop_target });
      },
    };
  }

  window.NDC_PARTS = window.NDC_PARTS || {};
  window.NDC_PARTS.Pointer = Pointer;
})();
