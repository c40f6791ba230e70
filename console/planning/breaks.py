"""Breaks as VROOM accepts them, and as a route's times must include them.

VROOM refuses the whole problem ("Inconsistent breaks") when one break does not fit inside
its technician's available window, or breaks overlap or are out of order; so one bad break
in the roster would leave every call unplanned. Breaks are clipped to the window instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Break = tuple[int, int]  # (start_s, duration_s), seconds from now


def usable_breaks(breaks: Iterable[Break], start_s: int, end_s: int) -> tuple[Break, ...]:
    """``breaks`` clipped to [start_s, end_s], sorted, overlapping ones merged; a break over
    before the technician is free, or starting after the shift's end, is dropped."""
    spans = sorted((max(s, start_s), min(s + d, end_s)) for s, d in breaks)
    merged: list[list[int]] = []
    for a, b in spans:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b - a) for a, b in merged)


def advance(
    depart: int, travel: int, window_start: int, service: int, breaks: Sequence[Break]
) -> tuple[int, int, tuple[Break, ...]]:
    """(arrival, service start, breaks still ahead) of one leg leaving at ``depart``.

    As in VROOM, a break that falls during the drive lengthens it, and one that would
    overlap the service (or the wait for its window) is taken on site before it."""
    arrive = depart + travel
    start = max(arrive, window_start)
    taken = 0
    for s, d in breaks:
        if s >= start + service:
            break
        if s < arrive:
            arrive += d
        else:
            start = max(start, s + d)
        start = max(start, arrive)
        taken += 1
    return arrive, start, tuple(breaks[taken:])
