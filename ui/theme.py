"""Night and day themes: colour tokens in one place, a QPalette and one QSS template.

Panels never hard-code colours; they read ``palette().breach`` or ``colour("sla_breach")``
and repaint on ``notifier().changed``. The dark palette is set on the QApplication before any
window shows, so dialogs inherit it and never flash white. Contrast of every text/background
pair the theme uses is computed (WCAG 2.x relative luminance) in tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime, time
from functools import cache
from importlib import resources
from string import Template

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

THEMES = ("night", "day")
MODES = ("auto", "night", "day")
NIGHT_STARTS = time(20, 0)
NIGHT_ENDS = time(7, 0)


@dataclass(frozen=True, slots=True)
class Palette:
    """Colour tokens as '#rrggbb' strings."""

    bg: str
    surface: str
    raised: str
    border: str
    fg: str
    muted: str
    disabled: str
    accent: str
    accent_fg: str
    selection: str
    selection_fg: str
    focus: str
    ok: str
    warn: str
    breach: str
    info: str
    special: str
    pulse: str
    row_alt: str
    demo: str
    demo_fg: str


@dataclass(frozen=True, slots=True)
class Metrics:
    """Sizes that follow the density setting (pixels, points)."""

    row_height: int
    padding: int
    font_pt: float
    icon: int


DENSITIES: dict[str, Metrics] = {
    "comfortable": Metrics(row_height=30, padding=5, font_pt=10.5, icon=18),
    "compact": Metrics(row_height=22, padding=2, font_pt=9.5, icon=14),
}

#: Text (first) on background (second) pairs the stylesheet and the panels draw.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("fg", "bg"),
    ("fg", "surface"),
    ("fg", "raised"),
    ("fg", "row_alt"),
    ("fg", "pulse"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("muted", "raised"),
    ("accent_fg", "accent"),
    ("selection_fg", "selection"),
    ("demo_fg", "demo"),
    ("ok", "surface"),
    ("warn", "surface"),
    ("breach", "surface"),
    ("info", "surface"),
    ("special", "surface"),
    ("ok", "raised"),
    ("warn", "raised"),
    ("breach", "raised"),
    ("breach", "pulse"),
    ("warn", "row_alt"),
    ("breach", "row_alt"),
)


class ThemeNotifier(QObject):
    """Signals: changed(str theme_name) after a theme or density switch."""

    changed = Signal(str)


@cache
def _raw(name: str) -> dict[str, dict[str, str]]:
    if name not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, not {name!r}")
    text = resources.files("resources.themes").joinpath(f"{name}.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


@cache
def load(name: str) -> Palette:
    data = _raw(name)["palette"]
    return Palette(**{f.name: data[f.name] for f in fields(Palette)})


def aliases(name: str) -> dict[str, str]:
    return dict(_aliases(name))


@cache
def _aliases(name: str) -> dict[str, str]:
    return dict(_raw(name)["aliases"])


@cache
def _colour(name: str, token: str) -> str:
    pal = load(name)
    field_name = _aliases(name).get(token, token)
    if field_name not in Palette.__slots__:
        raise KeyError(f"no theme colour {token!r}")
    value: str = getattr(pal, field_name)
    return value


def resolve(mode: str, now: datetime | None = None) -> str:
    """``auto`` is night from 20:00 to 07:00 local time; other modes are themselves."""
    if mode not in MODES:
        raise ValueError(f"theme mode must be one of {MODES}, not {mode!r}")
    if mode != "auto":
        return mode
    clock = (now or datetime.now()).time()
    return "night" if clock >= NIGHT_STARTS or clock < NIGHT_ENDS else "day"


def relative_luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def stylesheet(name: str, density: str = "comfortable") -> str:
    pal = load(name)
    m = DENSITIES[density]
    tokens: dict[str, object] = {f.name: getattr(pal, f.name) for f in fields(Palette)}
    tokens.update({k: getattr(pal, v) for k, v in aliases(name).items()})
    tokens.update(
        font_pt=m.font_pt,
        title_pt=round(m.font_pt * 1.4, 1),
        pad=m.padding,
        pad2=m.padding * 2,
        pad3=m.padding * 3,
        row_height=m.row_height,
    )
    template = resources.files("resources.themes").joinpath("console.qss").read_text("utf-8")
    return Template(template).substitute(tokens)


def qpalette(name: str) -> QPalette:
    p = load(name)
    qp = QPalette()
    roles = QPalette.ColorRole
    for role, token in (
        (roles.Window, p.bg),
        (roles.WindowText, p.fg),
        (roles.Base, p.surface),
        (roles.AlternateBase, p.row_alt),
        (roles.Text, p.fg),
        (roles.Button, p.raised),
        (roles.ButtonText, p.fg),
        (roles.Highlight, p.selection),
        (roles.HighlightedText, p.selection_fg),
        (roles.ToolTipBase, p.raised),
        (roles.ToolTipText, p.fg),
        (roles.PlaceholderText, p.muted),
        (roles.Link, p.info),
        (roles.Mid, p.border),
        (roles.Dark, p.bg),
        (roles.Light, p.raised),
    ):
        qp.setColor(role, QColor(token))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        qp.setColor(QPalette.ColorGroup.Disabled, role, QColor(p.disabled))
    return qp


class _Current:
    name = "night"
    density = "comfortable"
    notifier: ThemeNotifier | None = None


def apply(app: QApplication, name: str, density: str = "comfortable") -> None:
    """Switch the whole application (call before the first window shows)."""
    if density not in DENSITIES:
        raise ValueError(f"density must be one of {tuple(DENSITIES)}, not {density!r}")
    changed = (name, density) != (_Current.name, _Current.density)
    app.setPalette(qpalette(name))
    font = QFont(app.font())
    font.setPointSizeF(DENSITIES[density].font_pt)
    app.setFont(font)
    app.setStyleSheet(stylesheet(name, density))
    _Current.name, _Current.density = name, density
    if changed:
        notifier().changed.emit(name)


def notifier() -> ThemeNotifier:
    if _Current.notifier is None:
        _Current.notifier = ThemeNotifier()
    return _Current.notifier


def current_name() -> str:
    return _Current.name


def current_density() -> str:
    return _Current.density


def palette() -> Palette:
    """The active theme's tokens."""
    return load(_Current.name)


def metrics() -> Metrics:
    """Row height, padding and font size of the active density."""
    return DENSITIES[_Current.density]


def colour(token: str) -> QColor:
    """A palette token ("breach") or an alias ("sla_breach", "status_on_site") as QColor."""
    return QColor(_colour(_Current.name, token))


def apply_row_density(view: QTableView, density: str) -> None:
    """Give a table the row height of ``density`` ("comfortable" or "compact")."""
    if density not in DENSITIES:
        raise ValueError(f"density must be one of {tuple(DENSITIES)}, not {density!r}")
    header = view.verticalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setDefaultSectionSize(DENSITIES[density].row_height)
