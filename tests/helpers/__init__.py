"""Shared test helpers, imported as ``tests.helpers.<module>`` (pytest puts the repository
root on sys.path: pyproject ``pythonpath``)."""
