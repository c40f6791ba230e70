"""Travel matrices for the solver: vectorised when the model can, pair by pair otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from console.travel import LatLon, MatrixTravel, TravelModel


def matrices(
    model: TravelModel, points: Sequence[LatLon], at: datetime
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(minutes, km) between every pair of ``points``."""
    if isinstance(model, MatrixTravel):
        return model.minutes_matrix(points, points, at), model.km_matrix(points, points)
    n = len(points)
    minutes = np.zeros((n, n))
    km = np.zeros((n, n))
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            if i != j:
                minutes[i, j] = model.travel_minutes(a, b, at)
                km[i, j] = model.distance_km(a, b)
    return minutes, km
