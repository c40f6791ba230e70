"""Process settings for a dedicated hub process (``dispatch-console hub``, the benchmark).

A hub holds thousands of long-lived connection objects. With CPython's default thresholds
the cyclic garbage collector keeps re-walking them, and each full pass stalls every
connection at once (measured: stalls of 100-800 ms at 2,000 field apps on 2 cores). Freezing
what exists after start-up and collecting young objects less often keeps those stalls rare
and short. This is process-wide, so only entry points that own the process call it; an
in-process hub inside the console window leaves the collector alone.
"""

from __future__ import annotations

import gc

#: (gen0 allocations, gen1 and gen2 multipliers); CPython's defaults are (700, 10, 10).
THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
