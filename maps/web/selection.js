/* Night Dispatch Console: the selection on the map: the highlight ring around the selected
 * marker, following a technician, and fitting every marker into view.
 *
 * Built by live_map.js with the page's shared parts; moving the view on the dispatcher's
 * behalf counts as the user's own move (the city stops fitting itself). Registered on
 * window.NDC_PARTS.
 */
(function () {
  "use strict";

  function Selection(page) {
    let ring = null; // highlight ring
    let highlighted = null; // {kind, id}
    let followId = null;

    function clearRing() {
      if (ring) page.G.ring.removeLayer(ring);
      ring = null;
    }

    function placeRing() {
      const m = page.find(highlighted.kind, highlighted.id);
      if (!m) {
        clearRing();
        return null;
      }
      if (!ring) {
        ring = L.circleMarker(m._latlng, {
          renderer: page.R.ndcRing,
          interactive: false,
          radius: 12,
          weight: 2.5,
          fill: false,
          color: page.theme.highlight,
        }).addTo(page.G.ring);
      } else {
        ring.setLatLng(m._latlng);
      }
      return m;
    }

    return {
      highlight: function (kind, id, centre) {
        highlighted = kind ? { kind: kind, id: id } : null;
        if (!highlighted) {
          clearRing();
          return false;
        }
        const m = placeRing();
        if (m && centre) {
          page.userMoved();
          page.map.panTo(m._latlng);
        }
        return !!m;
      },

      follow: function (id) {
        if (id !== null) page.userMoved();
        followId = id;
        const t = id === null ? null : page.techs.get(id);
        if (t) page.map.panTo(t._latlng);
        return !!t;
      },

      fitAll: function () {
        page.userMoved();
        let b = L.latLngBounds([]);
        if (page.techs.size) b.extend(page.G.technicians.getBounds());
        if (page.calls.size) b.extend(page.G.calls.getBounds());
        if (!b.isValid()) b = page.base.districts.getBounds();
        page.map.fitBounds(b, { padding: [24, 24], maxZoom: 16 });
      },

      /** After a batch: the ring follows its marker, the view its technician. */
      afterBatch: function () {
        if (highlighted) placeRing();
        if (followId !== null) {
          const t = page.techs.get(followId);
          if (t && !page.map.getBounds().pad(-0.25).contains(t._latlng)) {
            page.map.panTo(t._latlng);
          }
        }
      },

      /** The user dragged the map: stop following; true if a follow was stopped. */
      stopFollowing: function () {
        if (followId === null) return false;
        followId = null;
        return true;
      },

      /** Technician ``id`` left the map. */
      forgetTech: function (id) {
        if (followId === id) followId = null;
      },

      restyle: function (theme) {
        if (ring) ring.setStyle({ color: theme.highlight });
      },

      following: function () {
        return followId;
      },

      highlighted: function () {
        return highlighted;
      },
    };
  }

  window.NDC_PARTS = window.NDC_PARTS || {};
  window.NDC_PARTS.Selection = Selection;
})();
