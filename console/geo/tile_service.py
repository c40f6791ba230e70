"""Serve a tile from the cache, or fetch it from its source and keep it.

Blocking by design: the map's scheme handler and ``map cache`` call it from worker threads,
never from the UI thread. After a network failure the service stops asking the network for
``retry_after`` seconds (an outage at 3 a.m. must not cost a timeout per tile); the cache
still answers, and a tile neither has is ``None`` — the page then shows the vector basemap.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from console.db.engine import data_dir
from console.geo.mbtiles import MBTiles
from console.geo.tiles import USER_AGENT, TileSource

#: Bigger answers are not tiles (an error page, a captive portal).
MAX_TILE_BYTES = 2 << 20
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"RIFF", b"GIF8")


def cache_dir() -> Path:
    """Where the MBTiles files live: the map and ``map cache`` share them."""
    return data_dir() / "tiles"


@dataclass
class TileCounters:
    hits: int = 0
    fetched: int = 0
    missing: int = 0
    failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


class TileService:
    """One source and its MBTiles cache."""

    def __init__(
        self,
        source: TileSource,
        cache_dir: Path,
        *,
        timeout: float = 5.0,
        retry_after: float = 30.0,
        online: bool = True,
    ) -> None:
        self.source = source
        self.cache = MBTiles(
            cache_dir / source.cache_name, name=source.name, attribution=source.attribution
        )
        self.timeout = timeout
        self.retry_after = retry_after
        self.online = online
        self.counters = TileCounters()
        self._offline_until = 0.0

    def get(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's image bytes, or None when neither the cache nor the network has it."""
        data = self.cache.get(z, x, y)
        if data is not None:
            self.counters.add("hits")
            return data
        data = self.fetch(z, x, y)
        self.counters.add("fetched" if data is not None else "missing")
        return data

    def fetch(self, z: int, x: int, y: int) -> bytes | None:
        """Download one tile into the cache (None when offline or refused)."""
        if not self.online or time.monotonic() < self._offline_until:
            return None
        if z > self.source.max_zoom:
            return None
        request = urllib.request.Request(
            self.source.tile_url(z, x, y), headers={"User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                data: bytes = reply.read(MAX_TILE_BYTES + 1)
        except urllib.error.HTTPError:
            return None  # the server answered: no such tile, not an outage
        except (OSError, ValueError):
            self.counters.add("failures")
            self._offline_until = time.monotonic() + self.retry_after
            return None
        if len(data) > MAX_TILE_BYTES or not data.startswith(_IMAGE_MAGIC):
            return None
        self.cache.put(z, x, y, data)
        return data

    def close(self) -> None:
        self.cache.close()
