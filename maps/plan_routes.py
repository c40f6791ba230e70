"""The rows NDC.planRoutes draws: each technician's planned route, in their colour."""

from __future__ import annotations

from collections.abc import Mapping

from console.domain import CallView, TechnicianView
from console.planning import Plan

#: Distinct, readable on both basemaps; a technician keeps their colour (by id).
PALETTE = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#bfef45",
    "#469990",
    "#9a6324",
    "#800000",
    "#808000",
    "#000075",
    "#fabed4",
)

RouteRow = tuple[int, str, list[tuple[float, float]]]


def colour_of(tech_id: int) -> str:
    return PALETTE[tech_id % len(PALETTE)]


def route_rows(
    plan: Plan, technicians: Mapping[int, TechnicianView], calls: Mapping[int, CallView]
) -> list[RouteRow]:
    rows: list[RouteRow] = []
    for route in plan.routes:
        tech = technicians.get(route.technician_id)
        if tech is None or not route.stops:
            continue
        start = (
            (tech.position.lat, tech.position.lon)
            if tech.position
            else (tech.home_lat, tech.home_lon)
        )
        points = [start] + [
            (c.lat, c.lon) for s in route.stops if (c := calls.get(s.call_id)) is not None
        ]
        rows.append((route.technician_id, colour_of(route.technician_id), points))
    return rows
