"""Fonts embedded in PDF reports (see README.md for the licence)."""
