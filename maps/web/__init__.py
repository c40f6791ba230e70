"""Web assets of the map page: live_map.js, live_map.css and the benchmark's bare page."""
