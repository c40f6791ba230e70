"""The one embedded font every report uses: WenQuanYi Micro Hei (Latin + CJK, TrueType outlines).

It ships in ``resources/fonts`` (Apache-2.0), so a PDF prints Chinese names and addresses
on a machine with no CJK fonts: reportlab embeds a subset of the glyphs used. The collection
(.ttc) holds two faces; face 0 is the proportional one. The face has no bold, so the family
maps bold to regular and the layout marks headings by size and rules instead.
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "ReportSans"
FONT_FILE = "wqy-microhei.ttc"
_lock = threading.Lock()


def register() -> str:
    """Register the font with reportlab once per process (safe from worker threads)."""
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return FONT
        resource = files("resources") / "fonts" / FONT_FILE
        with as_file(resource) as path:
            font = TTFont(FONT, str(path), subfontIndex=0)
        pdfmetrics.registerFont(font)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
        return FONT
