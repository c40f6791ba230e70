"""Declared settings: typed access, defaults, refusals with reasons, fresh per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import settings as settings_module
from ui.settings import DECLARED, Settings


def test_defaults_come_from_the_declarations(tmp_path) -> None:
    s = Settings.in_file(tmp_path / "a.ini")
    for decl in DECLARED.values():
        assert s.get(decl.name) == decl.default
        assert decl.description


def test_values_round_trip_with_their_types(tmp_path) -> None:
    path = tmp_path / "b.ini"
    s = Settings.in_file(path)
    s.set("theme", "day")
    s.set("alerts/volume", 65)
    s.set("alerts/muted", True)
    s.set("window/state", b"\x00\x01binary")
    s.sync()
    again = Settings.in_file(path)
    assert again.get("theme") == "day"
    assert again.get("alerts/volume") == 65
    assert again.get("alerts/muted") is True
    assert again.get("window/state") == b"\x00\x01binary"


def test_bad_values_are_refused_with_a_reason(tmp_path) -> None:
    s = Settings.in_file(tmp_path / "c.ini")
    with pytest.raises(ValueError, match="theme must be one of"):
        s.set("theme", "dusk")
    with pytest.raises(ValueError, match="alerts/volume"):
        s.set("alerts/volume", 140)
    with pytest.raises(TypeError, match="takes int"):
        s.set("alerts/volume", True)
    with pytest.raises(KeyError, match="no setting named"):
        s.get("colour")
    assert s.get("theme") == "auto"  # nothing was written


def test_a_corrupt_stored_value_reads_as_the_default(tmp_path) -> None:
    path = tmp_path / "d.ini"
    path.write_text("[alerts]\nvolume=loud\n[General]\ntheme=purple\n")
    s = Settings.in_file(path)
    assert s.get("alerts/volume") == 40
    assert s.get("theme") == "auto"


def test_tests_get_fresh_settings(fresh_settings) -> None:
    assert settings_module.current() is fresh_settings
    fresh_settings.set("density", "compact")
    assert settings_module.current().get("density") == "compact"


def test_config_file_values_are_defaults_the_user_can_override(tmp_path: Path) -> None:

    s = Settings.in_file(tmp_path / "desk.ini")
    s.apply_config({"theme": "day", "map/tile_source": "amap", "map/tile_max_zoom": 17})
    assert (s.get("theme"), s.get("map/tile_source"), s.get("map/tile_max_zoom")) == (
        "day", "amap", 17)
    s.set("theme", "night")  # the dispatcher's own choice wins
    assert s.get("theme") == "night"
    for bad, why in (
        ({"colour": "red"}, "unknown setting"),
        ({"theme": "purple"}, "must be one of"),
        ({"map/tile_max_zoom": "17"}, "takes int"),
        ({"alerts/muted": 1}, "takes bool"),
    ):
        with pytest.raises(ValueError, match=why):
            s.apply_config(bad, "desk.toml")


def test_the_documented_example_config_is_valid(tmp_path: Path) -> None:
    from console.config import load

    values, _used = load(Path(__file__).parents[2] / "docs" / "config.example.toml")
    s = Settings.in_file(tmp_path / "desk.ini")
    s.apply_config(values)
    assert s.get("map/tile_source") == "amap" and s.get("language") == "zh"


def test_the_settings_dialog_chooses_the_tile_source(qtbot, fresh_settings) -> None:
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(fresh_settings)
    qtbot.addWidget(dialog)
    assert dialog.tiles.currentData() == "none"  # the tests' fresh settings
    dialog.tiles.setCurrentIndex(dialog.tiles.findData("custom"))
    dialog.tile_url.setText(" http://127.0.0.1:1/{z}/{x}/{y}.png ")
    dialog.tile_url.editingFinished.emit()
    dialog.tile_crs.setCurrentIndex(dialog.tile_crs.findData("gcj02"))
    assert (fresh_settings.get("map/tile_source"), fresh_settings.get("map/tile_url"),
            fresh_settings.get("map/tile_crs")) == (
        "custom", "http://127.0.0.1:1/{z}/{x}/{y}.png", "gcj02")
