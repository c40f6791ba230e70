/* Night Dispatch Console: the technician and call marker layers and their canvas renderer.
 *
 * Plain Leaflet extensions with no page state; registered on window.NDC_PARTS for
 * live_map.js. They extend Leaflet 1.9.4's canvas internals (L.version is checked at init).
 */
(function () {
  "use strict";

  // ---- marker classes -------------------------------------------------------------------
  //
  // The live renderer draws technicians batched by colour (one path, one fill, one stroke
  // per status) with their heading ticks, then blits calls as cached sprites. Per-marker
  // draw state (style key, sprite, heading vector) is computed when it changes, not per
  // frame. Hit-testing stays Leaflet's own, per marker.

  const TIP = 5;
  const SHAPE_SCALE = { diamond: 1.35, triangle: 1.45, square: 1.0 };

  const TechMarker = L.CircleMarker.extend({
    _updateBounds: function () {
      const r = this._radius + (this._hx === undefined ? 0 : TIP);
      const w = this._clickTolerance();
      const p = [r + w, r + w];
      this._pxBounds = new L.Bounds(this._point.subtract(p), this._point.add(p));
    },
    /** A move inside a bulk batch: the new position projected, no dirty rectangle and no
     * "move" event per marker; the batch ends with one LiveCanvas.redrawAll(). */
    moveQuietly: function (latlng) {
      this._latlng = latlng;
      if (this._map) this._project();
    },
    setHeading: function (deg) {
      this._heading = deg;
      if (deg === null || deg === undefined) {
        this._hx = this._hy = undefined;
      } else {
        const a = ((deg - 90) * Math.PI) / 180;
        this._hx = Math.cos(a);
        this._hy = Math.sin(a);
      }
    },
  });

  const SPRITES = new Map();
  const SPRITE_SCALE = window.devicePixelRatio > 1 ? 2 : 1;

  function sprite(o, radius) {
    const key = o.shape + o.fillColor + o.color + o.weight + radius;
    let c = SPRITES.get(key);
    if (c) return c;
    const r = radius * (SHAPE_SCALE[o.shape] || 1);
    const half = Math.ceil(r + o.weight + 1);
    c = document.createElement("canvas");
    c.width = c.height = 2 * half * SPRITE_SCALE;
    c._half = half;
    const ctx = c.getContext("2d");
    ctx.scale(SPRITE_SCALE, SPRITE_SCALE);
    ctx.beginPath();
    traceShape(ctx, o.shape, half, half, r);
    ctx.globalAlpha = o.fillOpacity;
    ctx.fillStyle = o.fillColor;
    ctx.fill();
    ctx.globalAlpha = o.opacity;
    ctx.lineWidth = o.weight;
    ctx.lineJoin = "miter";
    ctx.strokeStyle = o.color;
    ctx.stroke();
    SPRITES.set(key, c);
    return c;
  }

  function traceShape(ctx, shape, x, y, r) {
    if (shape === "diamond") {
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
    } else if (shape === "triangle") {
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r * 0.9, y + r * 0.6);
      ctx.lineTo(x - r * 0.9, y + r * 0.6);
    } else {
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
    }
    ctx.closePath();
  }

  const CallMarker = L.CircleMarker.extend({
    _updateBounds: function () {
      const r = this._radius * 1.5 + this._clickTolerance();
      this._pxBounds = new L.Bounds(this._point.subtract([r, r]), this._point.add([r, r]));
    },
    setStyle: function (style) {
      this._sprite = null; // re-resolved on the next draw
      return L.CircleMarker.prototype.setStyle.call(this, style);
    },
    _updatePath: function () {
      const rd = this._renderer;
      if (!rd._drawing || this._empty()) return;
      const c = this._sprite || (this._sprite = sprite(this.options, this._radius));
      const h = c._half;
      const p = this._point;
      rd._ctx.drawImage(c, Math.round(p.x) - h, Math.round(p.y) - h, 2 * h, 2 * h);
    },
  });

  const LiveCanvas = L.Canvas.extend({
    // A batch that moves thousands of markers repaints nearly everything anyway: redrawAll()
    // clears and draws the whole canvas once, instead of growing a dirty rectangle marker by
    // marker (two rectangles and eight points allocated per moved marker).
    redrawAll: function () {
      this._fullRedraw = true;
      this._redrawBounds = null;
      if (this._map && !this._redrawRequest) {
        this._redrawRequest = L.Util.requestAnimFrame(this._redraw, this);
      }
    },
    _extendRedrawBounds: function (layer) {
      if (!this._fullRedraw) L.Canvas.prototype._extendRedrawBounds.call(this, layer);
    },
    _redraw: function () {
      L.Canvas.prototype._redraw.call(this);
      this._fullRedraw = false;
    },
    // Leaflet 1.9.4's Canvas._draw, reorganised: batched technicians and their heading
    // ticks first, then everything else (calls) in drawing order, all inside one clip.
    _draw: function () {
      const bounds = this._redrawBounds;
      const ctx = this._ctx;
      const groups = {};
      const colours = [];
      const singles = [];
      let layer;
      ctx.save();
      if (bounds) {
        const size = bounds.getSize();
        ctx.beginPath();
        ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        ctx.clip();
      }
      this._drawing = true;
      for (let order = this._drawFirst; order; order = order.next) {
        layer = order.layer;
        if (bounds && !(layer._pxBounds && layer._pxBounds.intersects(bounds))) continue;
        if (layer instanceof TechMarker) {
          const c = layer.options.fillColor;
          const g = groups[c];
          if (!g) {
            groups[c] = [layer];
            colours.push(c);
          } else g.push(layer);
        } else singles.push(layer);
      }
      for (let k = 0; k < colours.length; k++) drawTechs(this, ctx, groups[colours[k]]);
      for (let j = 0; j < singles.length; j++) singles[j]._updatePath();
      this._drawing = false;
      ctx.restore();
    },
  });

  function drawTechs(renderer, ctx, list) {
    let i, m, p, r;
    let ticks = false;
    ctx.beginPath();
    for (i = 0; i < list.length; i++) {
      m = list[i];
      p = m._point;
      r = m._radius;
      ctx.moveTo(p.x + r, p.y);
      ctx.arc(p.x, p.y, r, 0, 2 * Math.PI, false);
      if (m._hx !== undefined) ticks = true;
    }
    renderer._fillStroke(ctx, list[0]);
    if (!ticks) return;
    ctx.beginPath();
    for (i = 0; i < list.length; i++) {
      m = list[i];
      if (m._hx === undefined) continue;
      p = m._point;
      r = m._radius;
      ctx.moveTo(p.x + m._hx * (r + 1), p.y + m._hy * (r + 1));
      ctx.lineTo(p.x + m._hx * (r + TIP), p.y + m._hy * (r + TIP));
    }
    ctx.globalAlpha = 1;
    ctx.lineWidth = 2;
    ctx.strokeStyle = list[0].options.fillColor;
    ctx.stroke();
  }

  window.NDC_PARTS = window.NDC_PARTS || {};
  Object.assign(window.NDC_PARTS, {
    TechMarker: TechMarker,
    CallMarker: CallMarker,
    LiveCanvas: LiveCanvas,
  });
})();
