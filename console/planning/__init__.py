"""The dispatch planner: the whole night as a vehicle-routing problem, solved by VROOM.

``plan = planner.solve(problem)`` takes plain frozen dataclasses (:mod:`.problem`) and
returns a :class:`~console.planning.result.Plan`; it never writes. The console, the
simulator's planner engine, the bench and a notebook all call the same function.
"""

from console.planning.planner import solve
from console.planning.problem import PlanCall, PlanTechnician, Problem
from console.planning.result import Plan, Route, Stop, Totals, Unserved

__all__ = [
    "Plan",
    "PlanCall",
    "PlanTechnician",
    "Problem",
    "Route",
    "Stop",
    "Totals",
    "Unserved",
    "solve",
]
