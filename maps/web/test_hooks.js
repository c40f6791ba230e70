/* Night Dispatch Console: probes for tests (and drag previews), apart from the page's
 * public NDC API. They read the page through NDC.page only, so they can never change it.
 */
(function () {
  "use strict";

  function page() {
    return window.NDC.page;
  }

  function origin(map) {
    return map.getContainer().getBoundingClientRect();
  }

  window.NDC_TEST = Object.freeze({
    /** Page pixel of a marker, or null. */
    pointOf: function (kind, id) {
      const m = page().find(kind, id);
      if (!m) return null;
      const map = page().map();
      const rect = origin(map);
      const p = map.latLngToContainerPoint(m.getLatLng());
      return [p.x + rect.left, p.y + rect.top];
    },

    /** The [lat, lon] under a page point. */
    latLngAt: function (x, y) {
      const map = page().map();
      const rect = origin(map);
      const ll = map.containerPointToLatLng([x - rect.left, y - rect.top]);
      return [ll.lat, ll.lng];
    },

    /** Whether a layer (ours or a basemap one) is on the map. */
    isVisible: function (name) {
      const layer = page().layer(name);
      return !!layer && page().map().hasLayer(layer);
    },

    /** Fire a Leaflet event on a marker, as a pointer would. */
    fire: function (kind, id, type) {
      const m = page().find(kind, id);
      if (!m) return false;
      m.fire(type);
      return true;
    },
  });
})();
