"""Offline map data: the demo city's districts, roads and rivers (GeoJSON)."""
