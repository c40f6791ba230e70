"""The desk's TOML config file: found, merged, flattened to setting names, errors named."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.config import ENV, BadConfig, candidates, flatten, load


def test_tables_flatten_to_setting_names() -> None:
    assert flatten({"theme": "night", "map": {"tile_source": "amap", "tile_max_zoom": 18}}) == {
        "theme": "night",
        "map/tile_source": "amap",
        "map/tile_max_zoom": 18,
    }


def test_explicit_file_or_env_replaces_the_system_and_user_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert len(candidates()) == 2
    conf = tmp_path / "desk.toml"
    conf.write_text('hub_url = "wss://hub.example:8765"\n[map]\ntile_source = "tencent"\n')
    values, used = load(conf)
    assert values == {"hub_url": "wss://hub.example:8765", "map/tile_source": "tencent"}
    assert used == [conf]
    monkeypatch.setenv(ENV, str(conf))
    assert load()[1] == [conf]


def test_errors_name_the_file_and_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('theme = "night"\nlanguage = \n')
    with pytest.raises(BadConfig, match=r"bad.toml: .*line 2"):
        load(bad)
    with pytest.raises(BadConfig, match="no such config file"):
        load(tmp_path / "missing.toml")
