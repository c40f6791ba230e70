/* Night Dispatch Console: the planner's routes on the live map.
 *
 * NDC.planRoutes(rows) draws one dashed polyline per technician in the technician's colour
 * from where they are through their planned stops, each stop numbered in visiting order;
 * [] clears. Rows: [[techId, "#rrggbb", [[lat, lon], ...]]], the first point is the
 * technician. Its own pane under the live markers, never interactive (clicks reach them).
 */
(function () {
  "use strict";

  const NDC = (window.NDC = window.NDC || {});
  let group = null;

  /** The page's Leaflet map, through the core's seam for other scripts (NDC.page). */
  function leafletMap() {
    return NDC.page ? NDC.page.map() : null;
  }

  function stopIcon(colour, n) {
    const html =
      `<span style="display:block;width:18px;height:18px;border-radius:9px;` +
      `background:${colour};color:#fff;font:bold 11px/18px sans-serif;` +
      `text-align:center;box-shadow:0 0 0 1.5px #000">${n}</span>`;
    // beside the call (up and right), so the call's own marker never hides the number
    return L.divIcon({
      className: "ndc-plan-stop",
      html: html,
      iconSize: [18, 18],
      iconAnchor: [-4, 22],
    });
  }

  NDC.planRoutes = function (rows) {
    const map = leafletMap();
    if (!map) return 0;
    if (!map.getPane("ndcPlan")) {
      const pane = map.createPane("ndcPlan");
      pane.style.zIndex = 415;
      pane.style.pointerEvents = "none";
    }
    if (group) group.clearLayers();
    else group = L.layerGroup().addTo(map);
    let stops = 0;
    for (const [, colour, points] of rows) {
      if (points.length < 2) continue;
      L.polyline(points, {
        pane: "ndcPlan",
        color: colour,
        weight: 3,
        opacity: 0.9,
        dashArray: "7 5",
        interactive: false,
      }).addTo(group);
      points.slice(1).forEach((p, i) => {
        L.marker(p, { pane: "ndcPlan", interactive: false, icon: stopIcon(colour, i + 1) }).addTo(
          group
        );
        stops += 1;
      });
    }
    return stops;
  };

  /** Test hook: how many routes and numbered stops are drawn. */
  NDC.planRouteCounts = function () {
    if (!group) return { routes: 0, stops: 0 };
    const layers = group.getLayers();
    const routes = layers.filter((l) => l instanceof L.Polyline).length;
    return { routes: routes, stops: layers.length - routes };
  };
})();
