/* Night Dispatch Console: live layers on the folium page, the core.
 *
 * Python pushes coalesced batches with NDC.apply(batch); clicks and right-clicks go back
 * through the QWebChannel object "ndc". Technicians and calls share one interactive canvas
 * renderer (one hit-test surface); lines, pulses and highlights live on passive canvases.
 *
 * This file sets the page up, holds the markers and the public NDC API, and dispatches each
 * batch to the layers. Each layer or concern lives in its own file, loaded before this one
 * without a build step (nothing to break offline; order in maps/assets.py LAYER_SCRIPTS):
 * markers.js (marker classes, live renderer), lines.js (assignment lines), pulse.js (SLA
 * rings), heat.js (heat points), selection.js (highlight, follow), pointer.js (clicks,
 * tooltips, pick mode, drop target), basemap.js (districts, roads, water, territories,
 * labels, the city in view). Each registers a class or a factory on window.NDC_PARTS; a
 * factory is built at init with `page`, the parts they share.
 *
 * Batch: {t: [tech row], tr: [id], c: [call row], cr: [id]}. Rows are positional; their
 * field names are declared once in Python (maps/batch.py TECH_FIELDS, CALL_FIELDS) and come
 * in config.rows, so this file reads row[T.lat], never a bare index.
 *
 * Other scripts on the page (test_hooks.js; a routes layer) use NDC.page, not the state
 * below. Leaflet's version is checked at init: the renderer extends its internals.
 */
(function () {
  "use strict";

  const NDC = (window.NDC = {});
  const parts = window.NDC_PARTS;
  const TechMarker = parts.TechMarker;
  const CallMarker = parts.CallMarker;
  const LiveCanvas = parts.LiveCanvas;

  const SHAPES = { emergency: "diamond", urgent: "triangle", normal: "square" };

  /** What the layers share: set up at init; theme and bridge change later. */
  const page = {
    map: null,
    cfg: null,
    theme: null,
    bridge: null, // the QWebChannel object, none on a page without Qt
    base: null, // folium's layers: {districts, roads, water, tiles, heat, territories}
    R: {}, // canvas renderers by pane name
    G: {}, // layer groups
    techs: new Map(), // id -> TechMarker
    calls: new Map(), // id -> CallMarker
    find: function (kind, id) {
      return kind === "technician" ? page.techs.get(id) : page.calls.get(id);
    },
    userMoved: function () {}, // the basemap's, from init on
  };
  const R = page.R;
  const G = page.G;
  const techs = page.techs;
  const calls = page.calls;
  let T = null; // tech row field -> index (config.rows.tech)
  let C = null; // call row field -> index (config.rows.call)
  let basemap = null;
  let assignments = null;
  let pulse = null;
  let heat = null;
  let selection = null;
  let pointer = null;

  // ---- setup -----------------------------------------------------------------------------

  function pane(name, z, interactive) {
    const p = page.map.getPane(name) || page.map.createPane(name);
    p.style.zIndex = String(z);
    if (!interactive) p.style.pointerEvents = "none";
    const Renderer = name === "ndcLive" ? LiveCanvas : L.Canvas;
    R[name] = new Renderer({ pane: name, tolerance: 3 });
    return R[name];
  }

  function fieldIndex(names) {
    const index = {};
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
    const map = (page.map = leafletMap);
    page.cfg = config;
    T = fieldIndex(config.rows.tech);
    C = fieldIndex(config.rows.call);
    NDC.base = page.base = base;
    pane("ndcLines", 410, false);
    pane("ndcPulse", 420, false);
    pane("ndcLive", 430, true);
    pane("ndcRing", 440, false);
    basemap = parts.Basemap(page);
    page.userMoved = basemap.userMoved;
    G.lines = L.layerGroup().addTo(map);
    // Leaflet's Path has no initialize, so the {renderer: R.ndcLines} this call used to pass
    // was never applied: the lines draw on the map's default canvas, as they always have.
    assignments = parts.Assignments(page);
    assignments.layer.addTo(G.lines);
    G.pulse = L.layerGroup().addTo(map);
    G.technicians = L.featureGroup().addTo(map);
    G.calls = L.featureGroup().addTo(map);
    G.ring = L.layerGroup().addTo(map);
    pulse = parts.Pulse(page);
    heat = parts.Heat(page);
    selection = parts.Selection(page);
    pointer = parts.Pointer(page);
    pointer.bind();
    map.on("dragstart", function () {
      basemap.userMoved();
      if (selection.stopFollowing() && page.bridge) page.bridge.followStopped();
    });
    basemap.bind();
    NDC.setTheme(config.night ? "night" : "day");
    basemap.fitCity();
    connectBridge();
  };

  function connectBridge() {
    if (typeof QWebChannel === "undefined" || typeof qt === "undefined") {
      NDC.ready = true; // a page without Qt (bench, browser): no bridge
      return;
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      page.bridge = channel.objects.ndc;
      NDC.ready = true;
      page.bridge.pageReady();
    });
  }

  // ---- theme -----------------------------------------------------------------------------

  NDC.setTheme = function (name) {
    const theme = (page.theme = page.cfg.themes[name]);
    const c = page.map.getContainer();
    c.style.background = theme.background;
    document.body.style.background = theme.background;
    c.classList.toggle("ndc-night", name === "night");
    c.classList.toggle("ndc-day", name !== "night");
    document.documentElement.style.setProperty("--ndc-tiles-filter", theme.tiles_filter);
    document.documentElement.style.setProperty("--ndc-label", theme.label);
    document.documentElement.style.setProperty("--ndc-halo", theme.land.fillColor);
    basemap.restyle(theme);
    heat.restyle(theme);
    techs.forEach(styleTech);
    calls.forEach(styleCall);
    assignments.restyle(theme);
    pulse.restyle(theme);
    selection.restyle(theme);
    pointer.restyle(theme);
    return name;
  };

  function styleTech(m) {
    const theme = page.theme;
    m.setStyle({ fillColor: theme.tech[m._status] || "#888", color: theme.tech_stroke });
  }

  function styleCall(m) {
    const theme = page.theme;
    m.setStyle({ fillColor: theme.call[m._priority] || "#888", color: theme.call_stroke });
  }

  // ---- applying batches --------------------------------------------------------------------

  /** From this many technician rows in one batch, markers move quietly and the live canvas is
   * redrawn whole once (see LiveCanvas.redrawAll). */
  const BULK_MOVES = 500;

  NDC.apply = function (batch) {
    const t0 = performance.now();
    let i;
    if (batch.tr) for (i = 0; i < batch.tr.length; i++) removeTech(batch.tr[i]);
    if (batch.t) {
      const bulk = batch.t.length >= BULK_MOVES;
      for (i = 0; i < batch.t.length; i++) upsertTech(batch.t[i], bulk);
      if (bulk) R.ndcLive.redrawAll();
    }
    if (batch.cr) for (i = 0; i < batch.cr.length; i++) removeCall(batch.cr[i]);
    if (batch.c) for (i = 0; i < batch.c.length; i++) upsertCall(batch.c[i]);
    heat.flush();
    assignments.flush();
    selection.afterBatch();
    return performance.now() - t0;
  };

  // At 10,000 technicians every fix batch moves thousands of markers: the path for a marker
  // already on the map does only what changed (bench map: within 1.25x of bare Leaflet).
  function upsertTech(row, bulk) {
    const id = row[T.id];
    let m = techs.get(id);
    if (!m) {
      const ll = [row[T.lat], row[T.lon]];
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
      assignments.syncTech(id);
      return;
    }
    if (m._status !== row[T.status]) {
      m._status = row[T.status];
      styleTech(m);
    }
    if (m._heading !== row[T.heading]) m.setHeading(row[T.heading]);
    m._name = row[T.name];
    const old = m._latlng;
    const lat = row[T.lat];
    const lon = row[T.lon];
    if (old.lat !== lat || old.lng !== lon) {
      if (bulk) m.moveQuietly(new L.LatLng(lat, lon));
      else m.setLatLng(new L.LatLng(lat, lon));
      assignments.techMoved(id);
    } else if (bulk) m.moveQuietly(old); // a new heading changes its bounds
    else m.redraw();
  }

  function removeTech(id) {
    const m = techs.get(id);
    if (!m) return;
    G.technicians.removeLayer(m);
    techs.delete(id);
    assignments.dropTech(id);
    selection.forgetTech(id);
  }

  function upsertCall(row) {
    const id = row[C.id];
    const ll = [row[C.lat], row[C.lon]];
    let m = calls.get(id);
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
    pulse.set(id, m, !!row[C.sla_at_risk]);
    assignments.setCallTechs(id, row[C.technician_ids] || []);
    heat.set(id, row[C.lat], row[C.lon], row[C.priority]);
  }

  function removeCall(id) {
    const m = calls.get(id);
    if (!m) return;
    G.calls.removeLayer(m);
    calls.delete(id);
    pulse.set(id, m, false);
    assignments.removeCall(id);
  }

  // ---- the public API: view, selection, pointer --------------------------------------------

  /** Fit the city now and again on every resize, until the user pans or zooms. */
  NDC.fitCity = function () {
    basemap.keepCityInView();
  };

  NDC.highlight = function (kind, id, centre) {
    return selection.highlight(kind, id, centre);
  };

  NDC.follow = function (id) {
    return selection.follow(id);
  };

  NDC.fitAll = function () {
    selection.fitAll();
  };

  NDC.setLayerVisible = function (name, visible) {
    const layer = G[name] || page.base[name];
    if (!layer) return false;
    if (visible && !page.map.hasLayer(layer)) {
      layer.addTo(page.map);
      if (name === "heat") heat.refresh();
    } else if (!visible && page.map.hasLayer(layer)) {
      page.map.removeLayer(layer);
    }
    return true;
  };

  /** Pick mode: the next left click on the map is a new call's location. */
  NDC.setPickMode = function (on) {
    pointer.setPickMode(on);
  };

  /** Python sends the words of the interface language once ({code: word}). */
  NDC.setWords = function (table) {
    pointer.setWords(table);
  };

  /** The technician id whose marker is nearest the page point (x, y), within radius px. */
  NDC.techAt = function (x, y, radius) {
    return pointer.techAt(x, y, radius);
  };

  /** Marks the drop target under a drag; returns its id or null. */
  NDC.dropHover = function (x, y, radius) {
    return pointer.dropHover(x, y, radius);
  };

  /** The page's parts for other scripts on it (test_hooks.js; a routes layer):
   * the Leaflet map, a marker by kind and id, a layer (ours or a basemap one) by name, a
   * canvas renderer by pane name, and a new pane. Live state changes go through NDC only. */
  NDC.page = Object.freeze({
    map: function () {
      return page.map;
    },
    find: page.find,
    layer: function (name) {
      return G[name] || (page.base && page.base[name]) || null;
    },
    renderer: function (name) {
      return R[name] || null;
    },
    pane: pane,
  });

  // ---- introspection and benchmarking ----------------------------------------------------------

  NDC.counts = function () {
    return Object.assign(
      {
        technicians: techs.size,
        calls: calls.size,
        lines: assignments.size(),
        pulsing: pulse.size(),
        heat: heat.size(),
        night: page.theme.name === "night",
        following: selection.following(),
        highlighted: selection.highlighted(),
        zoom: page.map.getZoom(),
      },
      basemap.counts()
    );
  };

  /** Applies a batch and draws it at once (benchmark): JSON {apply_ms, draw_ms, start}, where
   * start is the epoch ms at which the page began (the sender works out the queueing). */
  NDC.applyTimed = function (batch) {
    const start = performance.timeOrigin + performance.now();
    const applyMs = NDC.apply(batch);
    const drawMs = NDC.drawNow();
    return JSON.stringify({ apply_ms: applyMs, draw_ms: drawMs, start: start });
  };

  /** Draws every pending canvas frame now (the benchmark times apply + draw). */
  NDC.drawNow = function () {
    const t0 = performance.now();
    Object.keys(R).forEach(function (k) {
      const r = R[k];
      if (r._redrawRequest) {
        L.Util.cancelAnimFrame(r._redrawRequest);
        r._redraw();
      }
    });
    return performance.now() - t0;
  };
})();
