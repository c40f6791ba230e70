/* Night Dispatch Console: the call heat layer's points (Leaflet.heat draws them).
 *
 * Keeps one weighted point per call and hands them to the basemap's heat layer only when it
 * is shown and something changed. Registered on window.NDC_PARTS.
 */
(function () {
  "use strict";

  const HEAT_WEIGHT = { emergency: 1.0, urgent: 0.7, normal: 0.45 };

  function Heat(page) {
    const points = new Map(); // call id -> [lat, lon, weight]
    let dirty = false;

    function layer() {
      return page.base.heat || null;
    }

    function refresh() {
      layer().setLatLngs(Array.from(points.values()));
      dirty = false;
    }

    return {
      /** Call ``id`` at (lat, lon) with this priority; marks the layer dirty if it moved. */
      set: function (id, lat, lon, priority) {
        const w = HEAT_WEIGHT[priority] || 0.5;
        const h = points.get(id);
        if (!h || h[0] !== lat || h[1] !== lon || h[2] !== w) {
          points.set(id, [lat, lon, w]);
          dirty = true;
        }
      },
      /** After a batch: redraw if anything changed and the layer is on the map. */
      flush: function () {
        const heat = layer();
        if (dirty && heat && page.map.hasLayer(heat)) refresh();
      },
      /** The layer was just shown: bring it up to date. */
      refresh: refresh,
      restyle: function (theme) {
        const heat = layer();
        if (heat) heat.setOptions({ gradient: theme.heat_gradient, max: 2.5 });
      },
      size: function () {
        return points.size;
      },
    };
  }

  window.NDC_PARTS = window.NDC_PARTS || {};
  window.NDC_PARTS.Heat = Heat;
})();
