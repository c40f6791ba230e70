"""Theme tokens: WCAG AA contrast computed for every text/background pair, no white flash."""

from __future__ import annotations

from datetime import datetime

import pytest

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog

from ui import theme


@pytest.mark.parametrize("name", theme.THEMES)
def test_every_text_pair_meets_wcag_aa(name: str) -> None:
    pal = theme.load(name)
    failures = []
    for fg, bg in theme.TEXT_PAIRS:
        ratio = theme.contrast_ratio(getattr(pal, fg), getattr(pal, bg))
        if ratio < 4.5:
            failures.append(f"{fg} on {bg}: {ratio:.2f}")
    assert not failures, failures


@pytest.mark.parametrize("name", theme.THEMES)
def test_status_aliases_are_readable_on_panels(name: str) -> None:
    pal = theme.load(name)
    for alias, token in theme.aliases(name).items():
        for bg in ("surface", "row_alt"):
            ratio = theme.contrast_ratio(getattr(pal, token), getattr(pal, bg))
            assert ratio >= 4.5, f"{alias} ({token}) on {bg}: {ratio:.2f}"


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_night_is_low_glare() -> None:
    pal = theme.load("night")
    assert theme.relative_luminance(pal.bg) < 0.02
    assert theme.relative_luminance(pal.fg) < 0.75  # no pure white text
    # buttons are muted, not saturated: accent fill is dark
    assert theme.relative_luminance(pal.accent) < 0.08


@pytest.mark.parametrize(
    ("hour", "expected"),
    [(19, "day"), (20, "night"), (3, "night"), (6, "night"), (7, "day"), (12, "day")],
)
def test_auto_mode_is_night_from_20_to_07(hour: int, expected: str) -> None:
    assert theme.resolve("auto", datetime(2026, 11, 26, hour, 30)) == expected
    assert theme.resolve("day", datetime(2026, 11, 26, hour)) == "day"


def test_bad_names_are_refused() -> None:
    with pytest.raises(ValueError, match="theme mode"):
        theme.resolve("dusk")
    with pytest.raises(ValueError, match="theme must be"):
        theme.load("dusk")
    with pytest.raises(KeyError, match="no theme colour"):
        theme.colour("nonsense")


@pytest.mark.parametrize("density", list(theme.DENSITIES))
def test_stylesheet_has_every_token_filled(density: str) -> None:
    for name in theme.THEMES:
        qss = theme.stylesheet(name, density)
        assert "$" not in qss
        assert theme.load(name).border in qss


def test_dialogs_inherit_the_dark_palette_before_showing(qapp, qtbot) -> None:
    theme.apply(qapp, "night")
    dialog = QDialog()
    qtbot.addWidget(dialog)
    window = dialog.palette().color(QPalette.ColorRole.Window).name()
    assert window == theme.load("night").bg  # no white flash: dark from the first paint
    assert theme.colour("sla_breach").name() == theme.load("night").breach
    assert theme.palette().bg == theme.load("night").bg


def test_switching_theme_notifies_panels(qapp, qtbot) -> None:
    theme.apply(qapp, "night")
    with qtbot.waitSignal(theme.notifier().changed, timeout=1000) as blocker:
        theme.apply(qapp, "day", "compact")
    assert blocker.args == ["day"]
    assert theme.metrics() == theme.DENSITIES["compact"]
    assert theme.colour("ok").name() == theme.load("day").ok
    theme.apply(qapp, "night")
