"""``ndctile:`` — the map's tiles come through here, from the MBTiles cache or the network.

The page never fetches tiles itself: Leaflet asks ``ndctile:/<cache>/<z>/<x>/<y>``, this
handler answers from the cache, or fetches on a worker thread (never the UI thread) and
keeps the tile. A tile neither has fails, Leaflet leaves the square empty and the vector
basemap under the tile pane shows through.

QtWebEngine needs the scheme registered before the QApplication exists: entry points call
``register_scheme()`` first thing.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QObject, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from console.geo.tile_service import TileService
from console.geo.tiles import TileSource

SCHEME = b"ndctile"
_log = logging.getLogger(__name__)
_MIME = {b"\x89PNG": b"image/png", b"\xff\xd8\xff": b"image/jpeg", b"RIFF": b"image/webp",
         b"GIF8": b"image/gif"}


def register_scheme() -> None:
    """Declare ``ndctile:`` to QtWebEngine; must run before QApplication is created."""
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME):
        return
    scheme = QWebEngineUrlScheme(QByteArray(SCHEME))
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    # local like file://, so the map page (a local file) may load it
    scheme.setFlags(QWebEngineUrlScheme.Flag.LocalScheme | QWebEngineUrlScheme.Flag.SecureScheme)
    QWebEngineUrlScheme.registerScheme(scheme)


def is_registered() -> bool:
    return QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME)


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves every registered tile service of one profile."""

    _answered = Signal(int, object)  # job key, bytes | None (worker -> UI thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services: dict[str, TileService] = {}
        self._jobs: dict[int, QWebEngineUrlRequestJob] = {}
        self._next = 0
        self._pool = ThreadPoolExecutor(4, thread_name_prefix="ndc-tiles")
        self._answered.connect(self._reply)

    def add(self, source: TileSource, cache_dir: Path) -> str:
        """Serve a source; returns the URL template for Leaflet."""
        name = source.cache_name
        if name not in self.services:
            self.services[name] = TileService(source, cache_dir)
        return f"{SCHEME.decode()}:/{name}/{{z}}/{{x}}/{{y}}"

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        parts = job.requestUrl().path().strip("/").split("/")
        service = self.services.get(parts[0]) if parts else None
        try:
            z, x, y = (int(p) for p in parts[1:4])
        except ValueError:
            service = None
        if service is None or len(parts) != 4:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        self._next += 1
        key = self._next
        self._jobs[key] = job
        job.destroyed.connect(lambda *_: self._jobs.pop(key, None))  # the page gave up on it
        self._pool.submit(self._work, key, service, z, x, y)

    def _work(self, key: int, service: TileService, z: int, x: int, y: int) -> None:
        try:
            data = service.get(z, x, y)
        except Exception:  # a broken cache file must cost a tile, not the map
            _log.exception("tile %s/%s/%s failed", z, x, y)
            data = None
        self._answered.emit(key, data)

    def _reply(self, key: int, data: bytes | None) -> None:
        job = self._jobs.pop(key, None)
        if job is None:
            return
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime = next((m for magic, m in _MIME.items() if data.startswith(magic)), b"image/png")
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(mime), buffer)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        for service in self.services.values():
            service.close()
        self.services.clear()


def handler_for(profile: QWebEngineProfile) -> TileSchemeHandler:
    """The profile's tile handler, installed on first use."""
    if not is_registered():
        raise RuntimeError("ndctile: was not registered before the QApplication was created")
    found = profile.findChild(TileSchemeHandler)
    if isinstance(found, TileSchemeHandler):
        return found
    handler = TileSchemeHandler(profile)
    profile.installUrlSchemeHandler(QByteArray(SCHEME), handler)
    return handler
