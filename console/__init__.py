"""Night Dispatch Console core: domain, persistence, services, hub, client, simulator, CLI.

This package never imports Qt, ``ui``, ``maps`` or ``reports`` (import-linter enforces it).
"""

__version__ = "0.1.0"
