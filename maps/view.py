"""``MapView``: the live map widget. Queue changes; they reach the page in coalesced batches.

Signals:
    marker_clicked(str, int): "technician" | "call" and the id of a clicked marker.
    call_dropped(int, int): call id dropped from the queue onto a technician's marker.
    new_call_requested(float, float): lat, lon of a right-click on the map.
    page_ready(): the page is up; queued changes have been pushed.
    following_stopped(): the dispatcher dragged the map while following a technician.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from console.domain import CallView, TechnicianView
from console.geo.coords import CRS, from_display, to_display
from console.geo.tiles import TileSource
from maps import batch, page, theme, tile_setup
from maps.bridge import KINDS, MapBridge
from maps.drop import DropFilter

#: Batches go out at most this often (4 Hz): enough to look live, cheap with 2,000 markers.
FLUSH_INTERVAL_MS = 250
#: At most this many technicians' rows per slice of a flush (a snapshot's 10,000 go out
#: in several event-loop turns, each a few milliseconds).
SLICE_ROWS = 1500
#: How far (CSS px) from a technician's marker a drop still counts as on it.
DROP_RADIUS_PX = 20
LAYERS = ("territories", "heat", "lines", "tiles", "technicians", "calls", "labels")
_MAIN_WORLD = 0
_log = logging.getLogger(__name__)


class _MapPage(QWebEnginePage):
    """Routes the page's console to Python logging (errors in live_map.js are our bugs)."""

    _LEVELS = {
        QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.DEBUG,
        QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.INFO,
        QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR,
    }

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        _log.log(self._LEVELS.get(level, logging.INFO), "%s:%d: %s", source, line, message)


class MapView(QWebEngineView):
    marker_clicked = Signal(str, int)
    call_dropped = Signal(int, int)
    new_call_requested = Signal(float, float)
    location_picked = Signal(float, float)
    page_ready = Signal()
    following_stopped = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        tiles_url: str | None = None,
        night: bool = True,
        settings: Any = None,
        tile_source: TileSource | None = None,
    ) -> None:
        """Tiles: ``tile_source`` if given, else the window's ``settings`` (map/tile_*),
        else ``tiles_url`` (None: OpenStreetMap, "none": the vector basemap only). Every
        source is served through the ``ndctile:`` cache handler."""
        super().__init__(parent)
        self.setPage(_MapPage(self))
        self._night = night
        self._ready = False
        self._pending = batch.PendingBatch()
        self._touched: set[int] = set()  # technicians to re-read at the next flush
        self._more = QTimer(self, singleShot=True, interval=0)  # the next slice of a big flush
        self._more.timeout.connect(self.flush)
        self._lookup: Callable[[int], TechnicianView | None] | None = None
        #: Batches sent and their JSON size (the UI benchmark reports them).
        self.batches_sent = 0
        self.batch_bytes = 0
        self._commands: list[str] = []  # run after the next batch, in order
        self._timer = QTimer(self, singleShot=True, interval=FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)
        self._hover_point: QPointF | None = None
        self._bridge = MapBridge(self)
        self._bridge.marker_clicked.connect(self.marker_clicked)
        self._bridge.context_requested.connect(self._on_context_requested)
        self._bridge.location_picked.connect(self._on_location_picked)
        self.picking = False
        self._bridge.follow_stopped.connect(self.following_stopped)
        self._bridge.ready.connect(self._on_page_ready)
        channel = QWebChannel(self.page())
        channel.registerObject("ndc", self._bridge)
        self.page().setWebChannel(channel)
        self.page().setBackgroundColor(QColor(theme.theme(night)["background"]))
        self.page().loadStarted.connect(self._on_load_started)
        self.page().renderProcessTerminated.connect(self._on_render_process_terminated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._drops = DropFilter(self, self._on_drag_hover, self._on_drop)
        self._drops.watch(self)
        if tile_source is None:
            if settings is not None:
                tile_source = tile_setup.source_from_settings(settings.get)
            else:
                tile_source = tile_setup.source_from_url(tiles_url)
        layer = None
        if tile_source is not None:
            layer = tile_setup.layer_for(QWebEngineProfile.defaultProfile(), tile_source)
        #: The display's coordinate system: rows and picked points convert at this boundary.
        self.crs = layer.crs if layer is not None else CRS.WGS84
        self.tile_source = tile_source
        # the page never fetches from the network itself (tiles come through ndctile:)
        self.settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False
        )
        self._dir = tempfile.TemporaryDirectory(prefix="ndc-map-")
        self._page_path = page.write_page(
            Path(self._dir.name) / "map.html", night=night, layer=layer, tiles_url="none"
        )
        self.destroyed.connect(self._dir.cleanup)
        self.load(QUrl.fromLocalFile(str(self._page_path)))

    # ---- live data ---------------------------------------------------------------------------

    @property
    def is_ready(self) -> bool:
        return self._ready

    def upsert_technician(self, tech: TechnicianView) -> None:
        """Queued and coalesced; a technician without a position is taken off the map."""
        self._touched.discard(tech.id)
        self._pending.put_tech(tech.id, batch.tech_row(tech, self.crs))
        self._schedule()

    def set_technician_lookup(self, lookup: Callable[[int], TechnicianView | None]) -> None:
        """Where :meth:`touch_technicians` reads technicians at flush time (LiveState's)."""
        self._lookup = lookup

    def touch_technicians(self, tech_ids: Iterable[int]) -> None:
        """These technicians changed (moved): their rows are built once, at the next flush,
        from ``lookup`` — five fixes of one technician in a frame cost one row, not five."""
        self._touched.update(tech_ids)
        self._schedule()

    def _build_touched(self) -> None:
        """Rows for up to ``SLICE_ROWS`` touched technicians; the rest go in the next slice
        (``_more``), so one flush never holds the UI thread for 10,000 rows at once."""
        lookup, crs, put = self._lookup, self.crs, self._pending.put_tech
        if lookup is None:
            self._touched.clear()
            return
        touched = self._touched
        for _ in range(min(SLICE_ROWS, len(touched))):
            tech_id = touched.pop()
            tech = lookup(tech_id)
            put(tech_id, None if tech is None else batch.tech_row(tech, crs))
        if touched:
            self._more.start()

    def remove_technician(self, tech_id: int) -> None:
        self._touched.discard(tech_id)
        self._pending.put_tech(tech_id, None)
        self._schedule()

    def upsert_call(self, call: CallView, *, sla_at_risk: bool = False) -> None:
        """Queued and coalesced; a closed call (completed, cancelled, failed) leaves the map."""
        self._pending.put_call(call.id, batch.call_row(call, sla_at_risk, self.crs))
        self._schedule()

    def remove_call(self, call_id: int) -> None:
        self._pending.put_call(call_id, None)
        self._schedule()

    def flush(self, *, on_applied: Callable[[dict[str, float]], None] | None = None) -> None:
        """Pushes pending changes now.

        With ``on_applied`` the page also draws at once and reports ``apply_ms`` and
        ``draw_ms`` measured inside the page (the benchmark uses this).
        """
        self._timer.stop()
        if not self._ready:
            return
        self._build_touched()
        changes = self._pending.take()
        commands, self._commands = self._commands, []
        if on_applied is not None:
            timed = batch.to_script(changes, function="NDC.applyTimed")
            self._run(timed, lambda raw: on_applied(_decode(raw)))
        elif changes:
            script = batch.to_script(changes)
            self.batches_sent += 1
            self.batch_bytes += len(script)
            self._run(script)
        for script in commands:
            self._run(script)

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    # ---- view commands -----------------------------------------------------------------------

    def set_night(self, night: bool) -> None:
        self._night = night
        self.page().setBackgroundColor(QColor(theme.theme(night)["background"]))
        self._command("NDC.setTheme", "night" if night else "day")

    def highlight(self, kind: str, obj_id: int, *, centre: bool = False) -> None:
        """Rings a marker (kind "technician" or "call"); the ring follows it as it moves."""
        if kind not in KINDS:
            raise ValueError(f"unknown marker kind {kind!r}; expected one of {KINDS}")
        self._command("NDC.highlight", kind, obj_id, centre)

    def clear_highlight(self) -> None:
        self._command("NDC.highlight", None, None, False)

    def follow(self, tech_id: int | None) -> None:
        """Keeps a technician in view as they move; None stops following."""
        self._command("NDC.follow", tech_id)

    def set_words(self, words: dict[str, str]) -> None:
        """The interface language's words for codes in tooltips (statuses, priorities,
        categories); codes without a word read as English words."""
        self._command("NDC.setWords", dict(words))

    def set_pick_mode(self, on: bool) -> None:
        """Pick mode: the next left click on the map is a call's location (crosshair cursor);
        the click ends the mode and comes back as ``location_picked``."""
        self.picking = bool(on)
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self._command("NDC.setPickMode", self.picking)

    def _on_location_picked(self, lat: float, lon: float) -> None:
        if self.picking:
            self.set_pick_mode(False)
            self.location_picked.emit(*from_display(self.crs, lat, lon))  # back to GPS (WGS-84)

    def fit_all(self) -> None:
        self._command("NDC.fitAll")

    def show_plan_routes(self, rows: list[tuple[int, str, list[tuple[float, float]]]]) -> None:
        """Draw the planner's routes (maps.plan_routes.route_rows); [] clears them."""
        shown = [
            [t, c, [list(to_display(self.crs, lat, lon)) for lat, lon in pts]] for t, c, pts in rows
        ]
        self._command("NDC.planRoutes", shown)

    def set_layer_visible(self, layer: str, visible: bool) -> None:
        if layer not in LAYERS:
            raise ValueError(f"unknown map layer {layer!r}; expected one of {LAYERS}")
        self._command("NDC.setLayerVisible", layer, visible)

    def counts(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """Calls back with what the page shows: technicians, calls, lines, districts, ..."""
        self.evaluate("NDC.counts()", callback)

    def evaluate(self, expression: str, callback: Callable[[Any], None]) -> None:
        """Evaluates a JS expression in the page; the callback gets its JSON-decoded value."""
        script = f"JSON.stringify(({expression}) ?? null)"
        self.page().runJavaScript(script, _MAIN_WORLD, lambda raw: callback(_decode(raw)))

    def _command(self, function: str, *args: object) -> None:
        self._commands.append(f"{function}({','.join(json.dumps(a) for a in args)})")
        if self._ready:
            self.flush()

    def _run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        if callback is None:
            self.page().runJavaScript(script, _MAIN_WORLD)
        else:
            self.page().runJavaScript(script, _MAIN_WORLD, callback)

    def _on_context_requested(self, lat: float, lon: float) -> None:
        """A right-click on the map: the point goes out in WGS-84, like everything stored."""
        self.new_call_requested.emit(*from_display(self.crs, lat, lon))

    # ---- page life ---------------------------------------------------------------------------

    def _on_page_ready(self) -> None:
        self._ready = True
        self._watch_render_widget()
        self._command("NDC.setTheme", "night" if self._night else "day")
        self.page_ready.emit()

    def _on_load_started(self) -> None:
        if self._ready:  # a reload (render process restart): the page starts empty
            self._ready = False
            self._pending.reset_shown()

    def _on_render_process_terminated(
        self, _status: QWebEnginePage.RenderProcessTerminationStatus, _code: int
    ) -> None:
        self._ready = False
        self._pending.reset_shown()
        self.load(QUrl.fromLocalFile(str(self._page_path)))

    def _watch_render_widget(self) -> None:
        proxy = self.focusProxy()
        if proxy is not None:
            self._drops.watch(proxy)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self, self._watch_render_widget)
        return super().event(event)

    # ---- drops -------------------------------------------------------------------------------

    def _page_point(self, point: QPointF) -> tuple[float, float]:
        zoom = self.zoomFactor() or 1.0
        return point.x() / zoom, point.y() / zoom

    def _on_drag_hover(self, point: QPointF | None) -> None:
        if point is None:
            self._hover_point = None
            self._run("NDC.dropHover(null, null, 0)")
            return
        last = self._hover_point
        if last is not None and (point - last).manhattanLength() < 3:
            return
        self._hover_point = point
        x, y = self._page_point(point)
        self._run(f"NDC.dropHover({x:.1f},{y:.1f},{DROP_RADIUS_PX})")

    def _on_drop(self, call_id: int, point: QPointF) -> None:
        x, y = self._page_point(point)

        def answered(tech_id: Any) -> None:
            if isinstance(tech_id, int):
                self.call_dropped.emit(call_id, tech_id)

        self.evaluate(f"NDC.techAt({x:.1f},{y:.1f},{DROP_RADIUS_PX})", answered)


def _decode(raw: object) -> Any:
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw
