"""Travel-time model behind an interface a road-routing service could implement later.

The default estimates from great-circle distance, a detour factor for real streets and an
average speed that depends on the local hour (evening traffic is slow, 02:00 roads are empty).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

LatLon = tuple[float, float]

EARTH_RADIUS_KM = 6371.0088

#: Average urban driving speed (km/h) by local hour of day.
SPEED_BY_HOUR: tuple[float, ...] = (
    40, 42, 42, 42, 40, 36,  # 00-05: empty roads
    28, 18, 16, 20, 24, 24,  # 06-11: morning rush
    24, 24, 24, 22, 20, 16,  # 12-17
    18, 22, 28, 32, 36, 38,  # 18-23: evening easing into night
)


class TravelModel(Protocol):
    """Anything that can say how far and how long between two points at a given time."""

    def distance_km(self, a: LatLon, b: LatLon) -> float: ...

    def travel_minutes(self, a: LatLon, b: LatLon, at: datetime) -> float: ...


def great_circle_km(a: LatLon, b: LatLon) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class GreatCircleTravel:
    """Great-circle km × detour factor ÷ speed for the local hour, plus a start-up time."""

    def __init__(
        self,
        *,
        detour_factor: float = 1.35,
        startup_minutes: float = 3.0,
        tz: str,
        speeds: tuple[float, ...] = SPEED_BY_HOUR,
    ) -> None:
        if len(speeds) != 24 or min(speeds) <= 0:
            raise ValueError("speeds needs 24 positive hourly values")
        self.detour_factor = detour_factor
        self.startup_minutes = startup_minutes
        self.tz = ZoneInfo(tz)
        self.speeds = speeds

    def distance_km(self, a: LatLon, b: LatLon) -> float:
        return great_circle_km(a, b) * self.detour_factor

    def speed_kmh(self, at: datetime) -> float:
        return self.speeds[at.astimezone(self.tz).hour]

    def travel_minutes(self, a: LatLon, b: LatLon, at: datetime) -> float:
        km = self.distance_km(a, b)
        if km < 0.05:
            return 0.0
        return self.startup_minutes + km / self.speed_kmh(at) * 60.0
