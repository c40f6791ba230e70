"""PDF reports from the shared database: weekly cost and performance, and shift handover.

Pure Python (no Qt), so the window can run a build on a worker thread and show progress:

- ``reports.weekly.build_weekly_pdf(db, *, week, tz, lang, paper, progress=None,
  plans_file=None) -> bytes``
- ``reports.handover.build_handover_pdf(db, *, date, tz, lang, paper, progress=None,
  now=None) -> bytes``
- ``reports.data.center_time_zone(db) -> str``: the zone the center's settings name.
- ``reports.errors.ReportError``: bad input or an unusable database; ``str(exc)`` is the
  reason to show the user.

``progress(fraction, stage)`` is called on the building thread with 0 <= fraction <= 1.
"""
