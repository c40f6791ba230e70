"""The call center's time zone, declared once.

Core functions take the zone explicitly; this is only the default a console, a scenario or a
report starts from (the window passes its own, from settings).
"""

from __future__ import annotations

#: IANA name of the center's zone when nothing else says (the demo city is Shanghai).
CENTER_TZ = "Asia/Shanghai"
