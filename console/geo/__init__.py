"""Geography without Qt: coordinate systems (WGS-84 / GCJ-02), tile sources, the tile cache
and service areas. Everything the map shows is stored in WGS-84; conversion to a tile
source's system happens only at the display boundary (``maps.display``)."""
