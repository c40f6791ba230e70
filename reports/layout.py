"""The shape every report shares (pretix style): page geometry, one stylesheet, one story,
page callbacks for header and footer, and bytes out.

"Page x of y" needs the page count before the footer is drawn, so the canvas keeps each
page's state and draws all footers when the document is saved (reportlab's numbered-canvas
pattern); reports are a few pages, so this stays small.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import reportlab.platypus.paragraph as rl_paragraph
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from reports import fonts
from reports.errors import ReportError
from reports.i18n import Text

PAPERS = {"a4": A4, "letter": letter}

#: Closing punctuation that must not start a line in Chinese (the usual line-breaking rule).
#: reportlab's CJK wrapping lets such a character hang in the margin instead of starting
#: the next line when it is in ``ALL_CANNOT_START``, whose list is Japanese-centred and lacks
#: the full-width colon, comma, semicolon and others.
CJK_NO_LINE_START = "：，。；！？、）》」』】〕〉”’％…·"


def _cjk_line_rules() -> None:
    missing = "".join(c for c in CJK_NO_LINE_START if c not in rl_paragraph.ALL_CANNOT_START)
    rl_paragraph.ALL_CANNOT_START += missing


_cjk_line_rules()
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8a8a8a")
ZEBRA = colors.HexColor("#f1f1f1")


def check_paper(paper: str) -> tuple[float, float]:
    try:
        width, height = PAPERS[paper.lower()]
        return float(width), float(height)
    except (KeyError, AttributeError):
        raise ReportError(f"paper {paper!r} is not one of: {', '.join(PAPERS)}") from None


class ReportRenderer:
    """Subclasses set ``title_key`` and write ``_story()``; ``render()`` returns PDF bytes."""

    title_key = ""
    margin = 14 * mm

    def __init__(
        self,
        *,
        text: Text,
        paper: str,
        center: str,
        subtitle: str,
        generated_at: datetime,
        tz: ZoneInfo,
    ) -> None:
        self.t = text
        self.pagesize = check_paper(paper)
        self.center = center
        self.subtitle = subtitle
        self.generated = generated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
        self.font = fonts.register()
        self.styles = self._styles()
        self.pages = 0

    @property
    def width(self) -> float:
        return float(self.pagesize[0] - 2 * self.margin)

    def _styles(self) -> dict[str, ParagraphStyle]:
        base = ParagraphStyle(
            "body",
            fontName=self.font,
            fontSize=8.5,
            leading=11.5,
            textColor=INK,
            wordWrap="CJK" if self.t.lang == "zh" else None,
        )
        return {
            "body": base,
            "small": ParagraphStyle("small", parent=base, fontSize=7, leading=9, textColor=MUTED),
            "cell": ParagraphStyle("cell", parent=base, fontSize=7, leading=8.6, wordWrap="CJK"),
            "title": ParagraphStyle("title", parent=base, fontSize=17, leading=21, spaceAfter=2),
            "sub": ParagraphStyle(
                "sub", parent=base, fontSize=9, leading=12, textColor=MUTED, spaceAfter=6
            ),
            "h2": ParagraphStyle(
                "h2", parent=base, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=4
            ),
            "big": ParagraphStyle("big", parent=base, fontSize=12, leading=16, spaceBefore=8),
        }

    def _story(self) -> list[Flowable]:
        raise NotImplementedError

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        align_right_from: int = 1,
        header: bool = True,
        size: float = 7.2,
    ) -> Table:
        """A print-friendly table: ruled header, light zebra rows, numbers right-aligned."""
        t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        style = [
            ("FONT", (0, 0), (-1, -1), self.font, size),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("ALIGN", (align_right_from, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ]
        if header:
            style += [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
            ]
        style += [
            ("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2 if header else 1, len(rows), 2)
        ]
        t.setStyle(TableStyle(style))
        return t

    def _header(self, canvas: Canvas, _doc: object) -> None:
        w, h = self.pagesize
        top = h - self.margin + 5 * mm
        canvas.saveState()
        canvas.setFont(self.font, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(self.margin, top, self.center)
        canvas.drawRightString(w - self.margin, top, f"{self.t(self.title_key)} · {self.subtitle}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.margin, top - 2.5, w - self.margin, top - 2.5)
        canvas.restoreState()

    def grid(self, cells: list[Flowable], widths: list[float]) -> Table:
        """Flowables side by side, without padding (and in our font, never Helvetica)."""
        t = Table([cells], colWidths=widths)
        t.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.font, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        return t

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        w, _h = self.pagesize
        y = self.margin - 7 * mm
        canvas.saveState()
        canvas.setFont(self.font, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(self.margin, y, f"{self.t('generated')}: {self.generated}")
        canvas.drawRightString(w - self.margin, y, self.t("page_of", x=page, y=total))
        canvas.restoreState()

    def render(self) -> bytes:
        buf = io.BytesIO()
        doc = SimpleDocTemplate(
            buf,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin + 3 * mm,
            bottomMargin=self.margin,
            title=f"{self.t(self.title_key)} {self.subtitle}",
            author=self.center,
            creator="Night Dispatch Console",
            invariant=0,
            # Start pages in our font: the default Helvetica would be referenced (and not
            # embedded) even though no text uses it.
            initialFontName=self.font,
        )
        renderer = self

        class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._states: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._states.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._states)
                for state in self._states:
                    self.__dict__.update(state)
                    renderer._footer(self, self._pageNumber, total)
                    Canvas.showPage(self)
                renderer.pages = total
                Canvas.save(self)

        doc.build(
            self._story(),
            onFirstPage=self._header,
            onLaterPages=self._header,
            canvasmaker=NumberedCanvas,
        )
        return buf.getvalue()
