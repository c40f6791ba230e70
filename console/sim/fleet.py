"""What the simulator knows about each technician's van: where it is, which jobs the phone
holds, and the trip under way. Positions live here (not in the event log), interpolated
along the planned route at any simulated moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.hub.peers import FieldAppClient
from console.sim.geo import LatLon, Route
from console.sim.plan import TechPlan


@dataclass(slots=True)
class Trip:
    call_id: int
    technician_id: int
    km: float
    started: datetime


@dataclass(slots=True)
class SimTech:
    plan: TechPlan
    id: int
    token: str
    app: FieldAppClient | None = None
    pos: LatLon = (0.0, 0.0)
    on_shift: bool = False
    ending: bool = False  # shift is over: go off duty when the current job is done
    on_break: bool = False
    jobs: list[int] = field(default_factory=list)  # assigned calls, in order
    current: int | None = None  # the call being driven to or worked on
    phase: str = "idle"  # idle, holding (a crew member told when to leave), driving, working
    epoch: int = 0  # bumped whenever the current job changes: stale actions see it
    route: Route | None = None
    depart: datetime | None = None
    arrive: datetime | None = None
    #: In a dead zone (phone_outage): requests the phone made meanwhile, each with its time,
    #: uploaded in order when the signal is back.
    no_signal: bool = False
    queued: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def position_at(self, now: datetime) -> tuple[LatLon, float, float]:
        """Where the van is at ``now``, its heading and speed (km/h)."""
        if (
            self.phase != "driving"
            or self.route is None
            or self.depart is None
            or self.arrive is None
        ):
            return self.pos, 0.0, 0.0
        total = (self.arrive - self.depart).total_seconds()
        done = (now - self.depart).total_seconds()
        fraction = 1.0 if total <= 0 else done / total
        point, heading = self.route.at(fraction)
        speed = self.route.km / (total / 3600) if total > 0 else 0.0
        return point, heading, speed

    def stop_driving(self, now: datetime) -> None:
        """The job was taken away mid-trip: the van stays where it is."""
        self.pos = self.position_at(now)[0]
        self.phase, self.current, self.route = "idle", None, None
        self.epoch += 1

    @property
    def free(self) -> bool:
        """Ready for a new job right now."""
        return (
            self.on_shift
            and not self.ending
            and not self.on_break
            and self.phase == "idle"
            and not self.jobs
        )
