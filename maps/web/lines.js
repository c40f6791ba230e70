/* Night Dispatch Console: the assignment lines layer (technician -> call), one canvas path.
 *
 * Reads the live page's maps (pairs, technician and call markers) it is built with; draws,
 * never changes them. Registered on window.NDC_PARTS for live_map.js.
 */
(function () {
  "use strict";

  // Every assignment line is drawn by one layer as one path with one stroke: no
  // per-line Leaflet objects to project, clip and simplify when 2,000 technicians move.
  var EVERYWHERE = L.bounds([-1e7, -1e7], [1e7, 1e7]);
  var AssignmentLines = L.Path.extend({
    // Solid, opaque, butt-capped: dashed or translucent strokes over thousands of long
    // segments cost the software rasteriser tens of ms per frame.
    options: { interactive: false, fill: false, weight: 1.3, opacity: 1, lineCap: "butt" },
    _project: function () {
      this._pxBounds = EVERYWHERE;
    },
    _update: function () {},
    initialize: function (pairs, techs, calls) {
      this._pairs = pairs; // "call:tech" -> {c, t}, both ends on the map
      this._techs = techs;
      this._calls = calls;
    },
    _empty: function () {
      return !this._pairs.size;
    },
    _containsPoint: function () {
      return false;
    },
    _updatePath: function () {
      var rd = this._renderer;
      var techs = this._techs;
      var calls = this._calls;
      if (!rd._drawing || !this._pairs.size) return;
      var ctx = rd._ctx;
      var m = this._map;
      ctx.beginPath();
      this._pairs.forEach(function (pair) {
        var a = m.latLngToLayerPoint(techs.get(pair.t)._latlng);
        var b = m.latLngToLayerPoint(calls.get(pair.c)._latlng);
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
      });
      rd._fillStroke(ctx, this);
    },
  });

  window.NDC_PARTS = window.NDC_PARTS || {};
  window.NDC_PARTS.AssignmentLines = AssignmentLines;
})();
