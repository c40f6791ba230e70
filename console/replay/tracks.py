"""Recorded tracks in memory: per technician, fix times and places as parallel lists, so the
position at any moment is one binary search."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from console.domain import Position


@dataclass(slots=True)
class Track:
    times: list[float] = field(default_factory=list)  # POSIX seconds, ascending
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    heading: list[float | None] = field(default_factory=list)
    speed: list[float | None] = field(default_factory=list)

    def index_at(self, t: float) -> int:
        """Index of the last fix at or before ``t`` (-1 if none)."""
        return bisect_right(self.times, t) - 1

    def position(self, i: int) -> Position:
        return Position(lat=self.lat[i], lon=self.lon[i],
                        at=datetime.fromtimestamp(self.times[i], UTC),
                        heading_deg=self.heading[i], speed_kmh=self.speed[i])

    def __len__(self) -> int:
        return len(self.times)


def build_tracks(rows: Iterable[Sequence[object]]) -> dict[int, Track]:
    """Rows of (technician_id, fixed_at, lat, lon, heading, speed), ordered by technician
    and time."""
    tracks: dict[int, Track] = {}
    for tid, at, lat, lon, heading, speed in rows:
        assert isinstance(tid, int) and isinstance(at, datetime)
        track = tracks.get(tid)
        if track is None:
            track = tracks[tid] = Track()
        track.times.append(at.timestamp())
        track.lat.append(float(lat))  # type: ignore[arg-type]
        track.lon.append(float(lon))  # type: ignore[arg-type]
        track.heading.append(None if heading is None else float(heading))  # type: ignore[arg-type]
        track.speed.append(None if speed is None else float(speed))  # type: ignore[arg-type]
    return tracks
