"""Vector charts (reportlab.graphics) in dark ink on white, readable on a mono printer.

Night hours are drawn in solid dark ink and day hours in light grey, so the night load shows
at a glance even in black and white. Axes always start at zero and never collapse when a
week is empty.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from reports.period import is_night_hour

INK = colors.HexColor("#1a1a1a")
NIGHT = colors.HexColor("#263859")
DAY = colors.HexColor("#a8b3c4")
GRID = colors.HexColor("#d0d0d0")


def _scale(values: Sequence[float | None]) -> tuple[float, float]:
    """(max, step): at most ~5 whole-number gridlines from a 1-2-5 series."""
    top = max([v for v in values if v is not None] or [0.0])
    step = 1.0
    while top / step > 5:
        for factor in (2.0, 2.5, 2.0):
            step *= factor
            if top / step <= 5:
                break
    return step * max(1, math.ceil(top / step)), step


def _axes(
    chart: VerticalBarChart | HorizontalLineChart | HorizontalBarChart,
    font: str,
    values: Sequence[float | None],
) -> None:
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = _scale(values)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.strokeColor = INK
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.strokeColor = INK


def _frame(width: float, height: float, title: str, font: str) -> Drawing:
    d = Drawing(width, height)
    d.initialFontName = font  # else renderPDF selects Helvetica, which is not embedded
    d.initialFontSize = 8
    d.add(String(0, height - 9, title, fontName=font, fontSize=8.5, fillColor=INK))
    return d


def hour_bars(counts: Sequence[int], width: float, height: float, title: str, font: str) -> Drawing:
    """24 bars, night hours dark."""
    d = _frame(width, height, title, font)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 16, width - 34, height - 34
    chart.data = [list(counts)]
    chart.categoryAxis.categoryNames = [str(h) if h % 2 == 0 else "" for h in range(24)]
    _axes(chart, font, counts)
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    for hour in range(24):
        chart.bars[(0, hour)].fillColor = NIGHT if is_night_hour(hour) else DAY
    d.add(chart)
    return d


def bars(
    labels: Sequence[str], values: Sequence[int], width: float, height: float, title: str, font: str
) -> Drawing:
    d = _frame(width, height, title, font)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 16, width - 34, height - 34
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    _axes(chart, font, values)
    chart.bars[0].fillColor = NIGHT
    chart.bars.strokeColor = None
    d.add(chart)
    return d


def hbars(
    labels: Sequence[str], values: Sequence[int], width: float, height: float, title: str, font: str
) -> Drawing:
    """Horizontal bars, largest on top; long labels get the left margin."""
    d = _frame(width, height, title, font)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 70, 14, width - 80, height - 30
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = list(reversed(labels)) or [""]
    _axes(chart, font, values)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.bars[0].fillColor = NIGHT
    chart.bars.strokeColor = None
    d.add(chart)
    return d


def hour_line(
    values: Sequence[float | None], width: float, height: float, title: str, font: str
) -> Drawing:
    """Mean response (minutes) per local hour; hours without arrivals are gaps."""
    d = _frame(width, height, title, font)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 28, 16, width - 34, height - 34
    chart.data = [[v if v is not None else None for v in values]]
    chart.categoryAxis.categoryNames = [str(h) if h % 2 == 0 else "" for h in range(24)]
    _axes(chart, font, values)
    chart.lines[0].strokeColor = NIGHT
    chart.lines[0].strokeWidth = 1.4
    chart.joinedLines = 1
    chart.lines[0].symbol = makeMarker("FilledCircle", size=2.6, fillColor=NIGHT)
    d.add(chart)
    return d
