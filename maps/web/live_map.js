/* Night Dispatch Console: live layers on the folium page.
 *
 * Python pushes coalesced batches with NDC.apply(batch); clicks and right-clicks go back
 * through the QWebChannel object "ndc". Technicians and calls share one interactive canvas
 * renderer (one hit-test surface); lines, pulses and highlights live on passive canvases.
 *
 * The page's live state (markers, lines, selection) lives here; layer classes that need none
 * of it live in their own files (markers.js, lines.js), loaded before this one without a
 * build step (nothing to break offline).
 *
 * Batch: {t: [tech row], tr: [id], c: [call row], cr: [id]}. Rows are positional; their
 * field names are declared once in Python (maps/batch.py TECH_FIELDS, CALL_FIELDS) and come
 * in config.rows, so this file reads row[T.lat], never a bare index.
 *
 * Other scripts on the page (test_hooks.js; a routes layer to come) use NDC.page, not the
 * state below. Leaflet's version is checked at init: the renderer extends its internals.
 */
(function () {
  "use strict";

  var NDC = (window.NDC = {});
  var map = null;
  var cfg = null;
  var theme = null;
  var bridge = null;
  var R = {}; // canvas renderers by pane name
  var G = {}; // layer groups
  var techs = new Map(); // id -> TechMarker
  var calls = new Map(); // id -> CallMarker
  var callTechs = new Map(); // call id -> [tech ids]
  var techCalls = new Map(); // tech id -> Set(call ids)
  var lines = new Map(); // "call:tech" -> {c: call id, t: tech id}, both ends on the map
  var linesLayer = null;
  var linesDirty = false;
  var pulses = new Map(); // call id -> ring
  var heatPoints = new Map(); // call id -> [lat, lon, weight]
  var heatDirty = false;
  var tip = null;
  var ring = null; // highlight ring
  var highlighted = null; // {kind, id}
  var autoFit = true; // keep the whole city in view (first load, resizes) until the user moves
  var dropRing = null;
  var followId = null;
  var pulseTimer = null;
  var T = null; // tech row field -> index (config.rows.tech)
  var C = null; // call row field -> index (config.rows.call)
  var HEAT_WEIGHT = { emergency: 1.0, urgent: 0.7, normal: 0.45 };

  // Layer classes come from their own files (loaded first, see maps/page.py).
  var parts = window.NDC_PARTS;
  var TechMarker = parts.TechMarker;
  var CallMarker = parts.CallMarker;
  var LiveCanvas = parts.LiveCanvas;
  var AssignmentLines = parts.AssignmentLines;

  var SHAPES = { emergency: "diamond", urgent: "triangle", normal: "square" };

  // ---- setup -----------------------------------------------------------------------------

  function pane(name, z, interactive) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = String(z);
    if (!interactive) p.style.pointerEvents = "none";
    var Renderer = name === "ndcLive" ? LiveCanvas : L.Canvas;
    R[name] = new Renderer({ pane: name, tolerance: 3 });
    return R[name];
  }

  function fieldIndex(names) {
    var index = {};
    names.forEach(function (name, i) {
      index[name] = i;
    });
    return index;
  }

  NDC.init = function (leafletMap, config, base) {
    if (L.version !== config.leaflet_version) {
      console.error(
        "live_map.js is written for Leaflet " + config.leaflet_version + ", found " + L.version
      );
    }
    map = leafletMap;
    cfg = config;
    T = fieldIndex(config.rows.tech);
    C = fieldIndex(config.rows.call);
    NDC.base = base; // {districts, roads, water, tiles, heat, territories}
    pane("ndcLines", 410, false);
    pane("ndcPulse", 420, false);
    pane("ndcLive", 430, true);
    pane("ndcRing", 440, false);
    G.lines = L.layerGroup().addTo(map);
    // Leaflet's Path has no initialize, so the {renderer: R.ndcLines} this call used to pass
    // was never applied: the lines draw on the map's default canvas, as they always have.
    linesLayer = new AssignmentLines(lines, techs, calls).addTo(G.lines);
    G.pulse = L.layerGroup().addTo(map);
    G.technicians = L.featureGroup().addTo(map);
    G.calls = L.featureGroup().addTo(map);
    G.ring = L.layerGroup().addTo(map);
    tip = L.tooltip({ direction: "top", offset: [0, -7], className: "ndc-tip", opacity: 1 });
    G.technicians.on("click", onMarkerClick).on("mouseover", onOver).on("mouseout", onOut);
    G.calls.on("click", onMarkerClick).on("mouseover", onOver).on("mouseout", onOut);
    map.on("contextmenu", function (e) {
      if (bridge) bridge.contextMenu(e.latlng.lat, e.latlng.lng);
    });
    map.on("dragstart", function () {
      userMoved();
      if (followId !== null) {
        followId = null;
        if (bridge) bridge.followStopped();
      }
    });
    watchUserZoom();
    map.on("resize", function () {
      if (autoFit) fitCity();
    });
    addLabels();
    NDC.setTheme(config.night ? "night" : "day");
    fitCity();
    connectBridge();
  };

  // ---- the city in view ---------------------------------------------------------------------

  /** Fits every district (fractional zoom: a narrow dock still shows the whole city). */
  function fitCity() {
    var b = NDC.base.districts ? NDC.base.districts.getBounds() : null;
    var size = map.getSize();
    if (!b || !b.isValid() || size.x < 50 || size.y < 50) return; // hidden or collapsed
    map.fitBounds(b, { padding: [6, 6], animate: false });
  }

  function userMoved() {
    autoFit = false;
  }

  /** Wheel, double-click, box zoom, keyboard and the +/- buttons are the user's own zoom. */
  function watchUserZoom() {
    var box = map.getContainer();
    ["wheel", "dblclick", "keydown", "touchstart"].forEach(function (type) {
      box.addEventListener(type, userMoved, { passive: true });
    });
    map.on("boxzoomstart", userMoved);
    var zoom = box.querySelector(".leaflet-control-zoom");
    if (zoom) zoom.addEventListener("click", userMoved);
  }

  /** Fit the city now and again on every resize, until the user pans or zooms. */
  NDC.fitCity = function () {
    autoFit = true;
    fitCity();
  };

  function connectBridge() {
    if (typeof QWebChannel === "undefined" || typeof qt === "undefined") {
      NDC.ready = true; // a page without Qt (bench, browser): no bridge
      return;
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.ndc;
      NDC.ready = true;
      bridge.pageReady();
    });
  }

  function addLabels() {
    G.labels = L.layerGroup();
    var p = map.createPane("ndcLabels");
    p.style.zIndex = "160";
    p.style.pointerEvents = "none";
    cfg.labels.forEach(function (lb) {
      var el = document.createElement("div");
      var en = document.createElement("span");
      var zh = document.createElement("span");
      en.textContent = lb.name_en;
      zh.textContent = lb.name_zh;
      zh.className = "zh";
      el.appendChild(en);
      el.appendChild(zh);
      var icon = L.divIcon({ className: "ndc-district-label", html: el, iconSize: null });
      L.marker(lb.at, { icon: icon, pane: "ndcLabels", interactive: false, keyboard: false })
        .addTo(G.labels);
    });
    G.labels.addTo(map);
  }

  // ---- theme -----------------------------------------------------------------------------

  NDC.setTheme = function (name) {
    theme = cfg.themes[name];
    var c = map.getContainer();
    c.style.background = theme.background;
    document.body.style.background = theme.background;
    c.classList.toggle("ndc-night", name === "night");
    c.classList.toggle("ndc-day", name !== "night");
    document.documentElement.style.setProperty("--ndc-tiles-filter", theme.tiles_filter);
    document.documentElement.style.setProperty("--ndc-label", theme.label);
    document.documentElement.style.setProperty("--ndc-halo", theme.land.fillColor);
    var b = NDC.base;
    if (b.districts) b.districts.setStyle(theme.land);
    if (b.roads) b.roads.setStyle(lineStyle(theme.roads));
    if (b.water) b.water.setStyle(lineStyle(theme.water));
    if (b.territories) b.territories.setStyle(territoryStyle);
    if (b.heat) b.heat.setOptions({ gradient: theme.heat_gradient, max: 2.5 });
    techs.forEach(styleTech);
    calls.forEach(styleCall);
    linesLayer.setStyle({ color: theme.line });
    pulses.forEach(function (p) {
      p.setStyle({ color: theme.call.emergency });
    });
    if (ring) ring.setStyle({ color: theme.highlight });
    if (dropRing) dropRing.setStyle({ color: theme.drop_target });
    return name;
  };

  function lineStyle(table) {
    return function (f) {
      var s = table[f.properties.kind] || ["#888", 1];
      return { color: s[0], weight: s[1], opacity: 1, lineCap: "round", lineJoin: "round" };
    };
  }

  function territoryStyle(f) {
    var colours = cfg.territory_colours;
    var i = (f.properties.index || 0) % colours.length;
    return {
      color: colours[i],
      weight: 1.5,
      opacity: 0.7,
      fillColor: colours[i],
      fillOpacity: theme.territory_opacity,
    };
  }

  function styleTech(m) {
    m.setStyle({ fillColor: theme.tech[m._status] || "#888", color: theme.tech_stroke });
  }

  function styleCall(m) {
    m.setStyle({ fillColor: theme.call[m._priority] || "#888", color: theme.call_stroke });
  }

  // ---- applying batches --------------------------------------------------------------------

  NDC.apply = function (batch) {
    var t0 = performance.now();
    var i;
    if (batch.tr) for (i = 0; i < batch.tr.length; i++) removeTech(batch.tr[i]);
    if (batch.t) for (i = 0; i < batch.t.length; i++) upsertTech(batch.t[i]);
    if (batch.cr) for (i = 0; i < batch.cr.length; i++) removeCall(batch.cr[i]);
    if (batch.c) for (i = 0; i < batch.c.length; i++) upsertCall(batch.c[i]);
    if (heatDirty && NDC.base.heat && map.hasLayer(NDC.base.heat)) refreshHeat();
    if (linesDirty) {
      linesDirty = false;
      linesLayer.redraw();
    }
    afterBatch();
    return performance.now() - t0;
  };

  function upsertTech(row) {
    var id = row[T.id];
    var ll = [row[T.lat], row[T.lon]];
    var m = techs.get(id);
    if (!m) {
      m = new TechMarker(ll, {
        renderer: R.ndcLive,
        radius: 5,
        weight: 1,
        opacity: 0.9,
        fillOpacity: 0.95,
        fillRule: "nonzero",
      });
      m._ndcKind = "technician";
      m._ndcId = id;
      m._status = row[T.status];
      m.setHeading(row[T.heading]);
      m._name = row[T.name];
      styleTech(m);
      techs.set(id, m);
      G.technicians.addLayer(m);
    } else {
      if (m._status !== row[T.status]) {
        m._status = row[T.status];
        styleTech(m);
      }
      m.setHeading(row[T.heading]);
      m._name = row[T.name];
      var old = m._latlng;
      if (old.lat !== row[T.lat] || old.lng !== row[T.lon]) m.setLatLng(ll);
      else m.redraw();
    }
    var cs = techCalls.get(id);
    if (cs) cs.forEach(function (callId) { syncLine(callId, id); });
  }

  function removeTech(id) {
    var m = techs.get(id);
    if (!m) return;
    G.technicians.removeLayer(m);
    techs.delete(id);
    var cs = techCalls.get(id);
    if (cs) cs.forEach(function (callId) { dropLine(callId, id); });
    if (followId === id) followId = null;
  }

  function upsertCall(row) {
    var id = row[C.id];
    var ll = [row[C.lat], row[C.lon]];
    var m = calls.get(id);
    if (!m) {
      m = new CallMarker(ll, {
        renderer: R.ndcLive,
        radius: 5,
        weight: 1.2,
        fillOpacity: 0.95,
        fillRule: "nonzero",
      });
      m._ndcKind = "call";
      m._ndcId = id;
      calls.set(id, m);
      G.calls.addLayer(m);
    } else if (m._latlng.lat !== row[C.lat] || m._latlng.lng !== row[C.lon]) {
      m.setLatLng(ll);
    }
    if (m._priority !== row[C.priority]) {
      m._priority = row[C.priority];
      m.options.shape = SHAPES[row[C.priority]] || "square";
      styleCall(m);
    }
    m._status = row[C.status];
    m._label = row[C.label];
    setPulse(id, m, !!row[C.sla_at_risk]);
    setCallTechs(id, row[C.technician_ids] || []);
    var w = HEAT_WEIGHT[row[C.priority]] || 0.5;
    var h = heatPoints.get(id);
    if (!h || h[0] !== row[C.lat] || h[1] !== row[C.lon] || h[2] !== w) {
      heatPoints.set(id, [row[C.lat], row[C.lon], w]);
      heatDirty = true;
    }
  }

  function removeCall(id) {
    var m = calls.get(id);
    if (!m) return;
    G.calls.removeLayer(m);
    calls.delete(id);
    setPulse(id, m, false);
    setCallTechs(id, []);
    callTechs.delete(id);
  }

  // ---- assignment lines --------------------------------------------------------------------

  function setCallTechs(callId, ids) {
    var before = callTechs.get(callId) || [];
    before.forEach(function (t) {
      if (ids.indexOf(t) < 0) {
        dropLine(callId, t);
        var s = techCalls.get(t);
        if (s) {
          s.delete(callId);
          if (!s.size) techCalls.delete(t);
        }
      }
    });
    ids.forEach(function (t) {
      if (!techCalls.has(t)) techCalls.set(t, new Set());
      techCalls.get(t).add(callId);
      syncLine(callId, t);
    });
    if (ids.length) callTechs.set(callId, ids.slice());
    else callTechs.delete(callId);
  }

  function syncLine(callId, techId) {
    var key = callId + ":" + techId;
    if (calls.has(callId) && techs.has(techId)) {
      if (!lines.has(key)) lines.set(key, { c: callId, t: techId });
      linesDirty = true; // an end may have moved
    } else {
      dropLine(callId, techId);
    }
  }

  function dropLine(callId, techId) {
    if (lines.delete(callId + ":" + techId)) linesDirty = true;
  }

  // ---- SLA pulse -----------------------------------------------------------------------------

  function setPulse(id, m, on) {
    var p = pulses.get(id);
    if (on && !p) {
      p = L.circleMarker(m._latlng, {
        renderer: R.ndcPulse,
        interactive: false,
        radius: 8,
        weight: 2,
        fill: false,
        color: theme.call.emergency,
      });
      pulses.set(id, p);
      G.pulse.addLayer(p);
      if (!pulseTimer) pulseTimer = setInterval(pulseStep, 200);
    } else if (!on && p) {
      G.pulse.removeLayer(p);
      pulses.delete(id);
      if (!pulses.size && pulseTimer) {
        clearInterval(pulseTimer);
        pulseTimer = null;
      }
    } else if (p) {
      p.setLatLng(m._latlng);
    }
  }

  function pulseStep() {
    var phase = (performance.now() % 1600) / 1600;
    var radius = 7 + 11 * phase;
    var opacity = 0.75 * (1 - phase);
    pulses.forEach(function (p) {
      p.options.radius = radius;
      p.options.opacity = opacity;
      p.setRadius(radius);
    });
  }

  // ---- heat ------------------------------------------------------------------------------------

  function refreshHeat() {
    NDC.base.heat.setLatLngs(Array.from(heatPoints.values()));
    heatDirty = false;
  }

  // ---- selection, follow, fit ---------------------------------------------------------------------

  function afterBatch() {
    if (highlighted) placeRing();
    if (followId !== null) {
      var t = techs.get(followId);
      if (t && !map.getBounds().pad(-0.25).contains(t._latlng)) map.panTo(t._latlng);
    }
  }

  function find(kind, id) {
    return kind === "technician" ? techs.get(id) : calls.get(id);
  }

  function placeRing() {
    var m = find(highlighted.kind, highlighted.id);
    if (!m) {
      if (ring) G.ring.removeLayer(ring);
      ring = null;
      return null;
    }
    if (!ring) {
      ring = L.circleMarker(m._latlng, {
        renderer: R.ndcRing,
        interactive: false,
        radius: 12,
        weight: 2.5,
        fill: false,
        color: theme.highlight,
      }).addTo(G.ring);
    } else {
      ring.setLatLng(m._latlng);
    }
    return m;
  }

  NDC.highlight = function (kind, id, centre) {
    highlighted = kind ? { kind: kind, id: id } : null;
    if (!highlighted) {
      if (ring) G.ring.removeLayer(ring);
      ring = null;
      return false;
    }
    var m = placeRing();
    if (m && centre) {
      userMoved();
      map.panTo(m._latlng);
    }
    return !!m;
  };

  NDC.follow = function (id) {
    if (id !== null) userMoved();
    followId = id;
    var t = id === null ? null : techs.get(id);
    if (t) map.panTo(t._latlng);
    return !!t;
  };

  NDC.fitAll = function () {
    userMoved();
    var b = L.latLngBounds([]);
    if (techs.size) b.extend(G.technicians.getBounds());
    if (calls.size) b.extend(G.calls.getBounds());
    if (!b.isValid()) b = NDC.base.districts.getBounds();
    map.fitBounds(b, { padding: [24, 24], maxZoom: 16 });
  };

  NDC.setLayerVisible = function (name, visible) {
    var layer = G[name] || NDC.base[name];
    if (!layer) return false;
    if (visible && !map.hasLayer(layer)) {
      layer.addTo(map);
      if (name === "heat") refreshHeat();
    } else if (!visible && map.hasLayer(layer)) {
      map.removeLayer(layer);
    }
    return true;
  };

  // ---- pointer: clicks, tooltips, drops -----------------------------------------------------------

  function onMarkerClick(e) {
    var m = e.propagatedFrom || e.layer;
    if (bridge && m) bridge.markerClicked(m._ndcKind, m._ndcId);
  }

  function tipText(m) {
    if (m._ndcKind === "technician")
      return m._name + " \u00b7 " + String(m._status).replace("_", " ");
    return "#" + m._ndcId + " " + (m._label || "") + " \u00b7 " + m._priority;
  }

  function onOver(e) {
    var m = e.propagatedFrom || e.layer;
    var el = document.createElement("div");
    el.textContent = tipText(m);
    tip.setLatLng(m._latlng).setContent(el);
    map.openTooltip(tip);
  }

  function onOut() {
    map.closeTooltip(tip);
  }

  /** The technician id whose marker is nearest the page point (x, y), within radius px. */
  NDC.techAt = function (x, y, radius) {
    var rect = map.getContainer().getBoundingClientRect();
    var px = x - rect.left;
    var py = y - rect.top;
    var best = null;
    var bestD = radius * radius;
    techs.forEach(function (m, id) {
      var p = map.latLngToContainerPoint(m._latlng);
      var d = (p.x - px) * (p.x - px) + (p.y - py) * (p.y - py);
      if (d <= bestD) {
        bestD = d;
        best = id;
      }
    });
    return best;
  };

  /** Marks the drop target under a drag; returns its id or null. */
  NDC.dropHover = function (x, y, radius) {
    var id = x === null ? null : NDC.techAt(x, y, radius);
    var m = id === null ? null : techs.get(id);
    if (!m) {
      if (dropRing) G.ring.removeLayer(dropRing);
      dropRing = null;
      return null;
    }
    if (!dropRing) {
      dropRing = L.circleMarker(m._latlng, {
        renderer: R.ndcRing,
        interactive: false,
        radius: 11,
        weight: 3,
        fill: false,
        color: theme.drop_target,
      }).addTo(G.ring);
    } else {
      dropRing.setLatLng(m._latlng);
    }
    return id;
  };

  /** The page's parts for other scripts on it (test_hooks.js; a routes layer to come):
   * the Leaflet map, a marker by kind and id, a layer (ours or a basemap one) by name, a
   * canvas renderer by pane name, and a new pane. Live state changes go through NDC only. */
  NDC.page = Object.freeze({
    map: function () {
      return map;
    },
    find: find,
    layer: function (name) {
      return G[name] || (NDC.base && NDC.base[name]) || null;
    },
    renderer: function (name) {
      return R[name] || null;
    },
    pane: pane,
  });

  // ---- introspection and benchmarking ----------------------------------------------------------

  NDC.counts = function () {
    var b = NDC.base;
    return {
      technicians: techs.size,
      calls: calls.size,
      lines: lines.size,
      pulsing: pulses.size,
      heat: heatPoints.size,
      districts: b.districts ? b.districts.getLayers().length : 0,
      roads: b.roads ? b.roads.getLayers().length : 0,
      water: b.water ? b.water.getLayers().length : 0,
      labels: G.labels.getLayers().length,
      tiles: !!(b.tiles && map.hasLayer(b.tiles)),
      night: theme.name === "night",
      following: followId,
      highlighted: highlighted,
      zoom: map.getZoom(),
      autoFit: autoFit,
      cityInView: NDC.base.districts
        ? map.getBounds().pad(0.001).contains(NDC.base.districts.getBounds())
        : false,
    };
  };

  /** Applies a batch and draws it at once (benchmark): JSON {apply_ms, draw_ms, start}, where
   * start is the epoch ms at which the page began (the sender works out the queueing). */
  NDC.applyTimed = function (batch) {
    var start = performance.timeOrigin + performance.now();
    var applyMs = NDC.apply(batch);
    var drawMs = NDC.drawNow();
    return JSON.stringify({ apply_ms: applyMs, draw_ms: drawMs, start: start });
  };

  /** Draws every pending canvas frame now (the benchmark times apply + draw). */
  NDC.drawNow = function () {
    var t0 = performance.now();
    Object.keys(R).forEach(function (k) {
      var r = R[k];
      if (r._redrawRequest) {
        L.Util.cancelAnimFrame(r._redrawRequest);
        r._redraw();
      }
    });
    return performance.now() - t0;
  };
})();
