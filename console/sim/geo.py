"""Plausible driving paths: a great-circle line bent through a few jittered waypoints, so
vans on the demo map turn corners instead of gliding in straight lines."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

LatLon = tuple[float, float]
_KM_PER_DEG = 111.32


def slerp(a: LatLon, b: LatLon, f: float) -> LatLon:
    """The point a fraction ``f`` along the great circle from ``a`` to ``b``."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    v1 = (math.cos(lat1) * math.cos(lon1), math.cos(lat1) * math.sin(lon1), math.sin(lat1))
    v2 = (math.cos(lat2) * math.cos(lon2), math.cos(lat2) * math.sin(lon2), math.sin(lat2))
    dot = max(-1.0, min(1.0, sum(x * y for x, y in zip(v1, v2, strict=True))))
    omega = math.acos(dot)
    if omega < 1e-12:
        return a
    s = math.sin(omega)
    k1, k2 = math.sin((1 - f) * omega) / s, math.sin(f * omega) / s
    x, y, z = (k1 * p + k2 * q for p, q in zip(v1, v2, strict=True))
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def _km(a: LatLon, b: LatLon) -> float:
    dy = (b[0] - a[0]) * _KM_PER_DEG
    dx = (b[1] - a[1]) * _KM_PER_DEG * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


def bearing(a: LatLon, b: LatLon) -> float:
    """Initial compass heading from ``a`` to ``b``, 0..360 degrees."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    y = math.sin(dlon) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


@dataclass(frozen=True, slots=True)
class Route:
    """A polyline with cumulative lengths, walked by fraction of the trip."""

    points: tuple[LatLon, ...]
    cumulative: tuple[float, ...]

    @property
    def km(self) -> float:
        return self.cumulative[-1]

    def at(self, fraction: float) -> tuple[LatLon, float]:
        """Position and heading a ``fraction`` (0..1) of the way along."""
        if len(self.points) == 1 or self.km <= 0:
            return self.points[-1], 0.0
        target = max(0.0, min(1.0, fraction)) * self.km
        for i in range(1, len(self.points)):
            if self.cumulative[i] >= target or i == len(self.points) - 1:
                a, b = self.points[i - 1], self.points[i]
                leg = self.cumulative[i] - self.cumulative[i - 1]
                f = 0.0 if leg <= 0 else (target - self.cumulative[i - 1]) / leg
                return slerp(a, b, f), bearing(a, b)
        return self.points[-1], 0.0  # pragma: no cover


def plan_route(rng: random.Random, start: LatLon, end: LatLon) -> Route:
    """Start, one to three waypoints pushed sideways by up to ~12% of the trip, end."""
    direct = _km(start, end)
    points: list[LatLon] = [start]
    if direct > 0.3:
        n = rng.randint(1, 3)
        for k in range(1, n + 1):
            base = slerp(start, end, k / (n + 1) + rng.uniform(-0.05, 0.05))
            push = rng.uniform(-0.12, 0.12) * direct / _KM_PER_DEG
            lat, lon = base
            # perpendicular to the trip: swap and negate the direction vector
            dlat, dlon = end[0] - start[0], end[1] - start[1]
            norm = math.hypot(dlat, dlon) or 1.0
            points.append((lat - dlon / norm * push, lon + dlat / norm * push))
    points.append(end)
    cumulative = [0.0]
    for a, b in itertools.pairwise(points):
        cumulative.append(cumulative[-1] + _km(a, b))
    return Route(tuple(points), tuple(cumulative))
