/* Night Dispatch Console: the assignment lines layer (technician -> call), one canvas path.
 *
 * AssignmentLines reads the live page's maps (pairs, technician and call markers) it is built
 * with; draws, never changes them. Assignments keeps the pairs in step with the batches
 * (which technicians each call has, both ends on the map). Registered on window.NDC_PARTS.
 */
(function () {
  "use strict";

  // Every assignment line is drawn by one layer as one path with one stroke: no
  // per-line Leaflet objects to project, clip and simplify when 2,000 technicians move.
  const EVERYWHERE = L.bounds([-1e7, -1e7], [1e7, 1e7]);
  const AssignmentLines = L.Path.extend({
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
      const rd = this._renderer;
      const techs = this._techs;
      const calls = this._calls;
      if (!rd._drawing || !this._pairs.size) return;
      const ctx = rd._ctx;
      const m = this._map;
      ctx.beginPath();
      this._pairs.forEach(function (pair) {
        const a = m.latLngToLayerPoint(techs.get(pair.t)._latlng);
        const b = m.latLngToLayerPoint(calls.get(pair.c)._latlng);
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
      });
      rd._fillStroke(ctx, this);
    },
  });

  /** Which technicians each call has, and the lines layer drawing those pairs whose two
   * markers are both on the map. Redraws once per batch, only if a pair or an end changed. */
  function Assignments(page) {
    const lines = new Map(); // "call:tech" -> {c: call id, t: tech id}, both ends on the map
    const callTechs = new Map(); // call id -> [tech ids]
    const techCalls = new Map(); // tech id -> Set(call ids)
    const layer = new AssignmentLines(lines, page.techs, page.calls);
    let dirty = false;

    function drop(callId, techId) {
      if (lines.delete(callId + ":" + techId)) dirty = true;
    }

    function sync(callId, techId) {
      const key = callId + ":" + techId;
      if (page.calls.has(callId) && page.techs.has(techId)) {
        if (!lines.has(key)) lines.set(key, { c: callId, t: techId });
        dirty = true; // an end may have moved
      } else {
        drop(callId, techId);
      }
    }

    function setCallTechs(callId, ids) {
      const before = callTechs.get(callId) || [];
      before.forEach(function (t) {
        if (ids.indexOf(t) < 0) {
          drop(callId, t);
          const s = techCalls.get(t);
          if (s) {
            s.delete(callId);
            if (!s.size) techCalls.delete(t);
          }
        }
      });
      ids.forEach(function (t) {
        if (!techCalls.has(t)) techCalls.set(t, new Set());
        techCalls.get(t).add(callId);
        sync(callId, t);
      });
      if (ids.length) callTechs.set(callId, ids.slice());
      else callTechs.delete(callId);
    }

    return {
      layer: layer,
      /** Call ``callId`` now has these technicians. */
      setCallTechs: setCallTechs,
      /** The call is gone from the map: its pairs go too. */
      removeCall: function (callId) {
        setCallTechs(callId, []);
        callTechs.delete(callId);
      },
      /** Technician ``techId`` moved, arrived or left: its lines follow. */
      syncTech: function (techId) {
        const cs = techCalls.get(techId);
        if (cs) cs.forEach(function (callId) { sync(callId, techId); });
      },
      /** A technician on the map moved: its lines need a redraw, nothing else changes. */
      techMoved: function (techId) {
        if (techCalls.has(techId)) dirty = true;
      },
      dropTech: function (techId) {
        const cs = techCalls.get(techId);
        if (cs) cs.forEach(function (callId) { drop(callId, techId); });
      },
      /** After a batch: one redraw if anything changed. */
      flush: function () {
        if (dirty) {
          dirty = false;
          layer.redraw();
        }
      },
      restyle: function (theme) {
        layer.setStyle({ color: theme.line });
      },
      size: function () {
        return lines.size;
      },
    };
  }

  window.NDC_PARTS = window.NDC_PARTS || {};
  window.NDC_PARTS.AssignmentLines = AssignmentLines;
  window.NDC_PARTS.Assignments = Assignments;
})();
