/* Night Dispatch Console: the SLA pulse layer, a ring breathing around each call at risk.
 *
 * Built by live_map.js with the page's shared parts (renderers, groups, theme); one timer
 * runs while any ring pulses. Registered on window.NDC_PARTS.
 */
(function () {
  "use strict";

  const PERIOD_MS = 1600;
  const STEP_MS = 200;

  function Pulse(page) {
    const pulses = new Map(); // call id -> ring
    let timer = null;

    function step() {
      const phase = (performance.now() % PERIOD_MS) / PERIOD_MS;
      const radius = 7 + 11 * phase;
      const opacity = 0.75 * (1 - phase);
      pulses.forEach(function (p) {
        p.options.radius = radius;
        p.options.opacity = opacity;
        p.setRadius(radius);
      });
    }

    /** The ring of call ``id`` (marker ``m``) on or off; an existing one follows the marker. */
    function set(id, m, on) {
      let p = pulses.get(id);
      if (on && !p) {
        p = L.circleMarker(m._latlng, {
          renderer: page.R.ndcPulse,
          interactive: false,
          radius: 8,
          weight: 2,
          fill: false,
          color: page.theme.call.emergency,
        });
        pulses.set(id, p);
        page.G.pulse.addLayer(p);
        if (!timer) timer = setInterval(step, STEP_MS);
      } else if (!on && p) {
        page.G.pulse.removeLayer(p);
        pulses.delete(id);
        if (!pulses.size && timer) {
          clearInterval(timer);
          timer = null;
        }
      } else if (p) {
        p.setLatLng(m._latlng);
      }
    }

    return {
      set: set,
      restyle: function (theme) {
        pulses.forEach(function (p) {
          p.setStyle({ color: theme.call.emergency });
        });
      },
      size: function () {
        return pulses.size;
      },
    };
  }

  window.NDC_PARTS = window.NDC_PARTS || {};
  window.NDC_PARTS.Pulse = Pulse;
})();
