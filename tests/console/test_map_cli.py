"""``dispatch-console map cache`` and ``map import-area`` against a tile server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.cli import main
from console.geo.mbtiles import MBTiles
from console.geo.tiles import TileSource, tiles_in_bbox
from tests.tile_server import TileServer

BBOX = "121.45,31.20,121.50,31.25"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DISPATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DISPATCH_CONFIG", raising=False)
    return tmp_path / "data"


def _config(tmp_path: Path, url: str, crs: str = "wgs84") -> Path:
    path = tmp_path / "desk.toml"
    path.write_text(f'[map]\ntile_source = "custom"\ntile_url = "{url}"\ntile_crs = "{crs}"\n')
    return path


def test_cache_estimates_downloads_with_progress_and_resumes(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with TileServer().running() as server:
        conf = _config(tmp_path, server.url)
        args = ["map", "cache", "--bbox", BBOX, "--zoom", "12-14", "--config", str(conf)]
        assert main([*args, "--dry-run"]) == 0
        expected = len(tiles_in_bbox(31.20, 121.45, 31.25, 121.50, range(12, 15)))
        out = capsys.readouterr().out
        assert f"{expected} tiles at zoom 12-14, 0 already cached; {expected} to download" in out
        assert "MB" in out and server.requests == []
        assert main(args) == 1  # not a terminal and no --yes: asks, gets no answer
        assert server.requests == []
        assert main([*args, "--yes"]) == 0
        captured = capsys.readouterr()
        assert f"{expected}/{expected} tiles" in captured.err and "[####" in captured.err
        assert f"cached {expected} tiles" in captured.out
        assert len(server.requests) == expected
        assert main([*args, "--yes"]) == 0  # a second run finds everything cached
        assert f"{expected} already cached; 0 to download" in capsys.readouterr().out
        assert len(server.requests) == expected
        cache = MBTiles(data_dir / "tiles" / TileSource("custom", server.url, "").cache_name)
        assert cache.stats()[0] == expected
        cache.close()


def test_cache_of_a_gcj02_source_covers_the_shifted_box(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from console.geo.coords import wgs84_to_gcj02

    with TileServer().running() as server:
        conf = _config(tmp_path, server.url, "gcj02")
        assert main(["map", "cache", "--bbox", BBOX, "--zoom", "16", "--config", str(conf),
                     "--yes"]) == 0
        s, w = wgs84_to_gcj02(31.20, 121.45)
        n, e = wgs84_to_gcj02(31.25, 121.50)
        expected = {f"/{z}/{x}/{y}.png" for z, x, y in tiles_in_bbox(s, w, n, e, range(16, 17))}
        assert set(server.requests) == expected


def test_cache_stops_and_says_so_when_the_server_is_down(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with TileServer().running() as server:
        server.down = True
        conf = _config(tmp_path, server.url)
        assert main(["map", "cache", "--bbox", BBOX, "--zoom", "12-14", "--config", str(conf),
                     "--yes"]) == 1
        assert "unreachable" in capsys.readouterr().err
        assert len(server.requests) <= 8  # it gave up instead of trying every tile


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        (["--zoom", "16-10"], "--zoom"),
        (["--zoom", "x"], "--zoom"),
        (["--bbox", "121.5,31.2,121.4,31.3"], "west < east"),
        (["--bbox", "1,2,3"], "W,S,E,N"),
        (["--source", "bing"], "unknown tile source"),
        (["--source", "none"], "nothing to cache"),
        (["--bbox", "70,0,140,55", "--zoom", "16"], "over the limit"),
    ],
)
def test_cache_refuses_bad_requests_with_the_reason(
    data_dir: Path, capsys: pytest.CaptureFixture[str], extra: list[str], why: str
) -> None:
    args = ["map", "cache", "--source", "custom", "--url", "http://127.0.0.1:9/{z}/{x}/{y}.png",
            "--bbox", BBOX]
    assert main([*args, *extra]) == 2
    assert why in capsys.readouterr().err


def _area(features: list[dict[str, object]]) -> dict[str, object]:
    return {"type": "FeatureCollection", "features": features}


SQUARE = {"type": "Polygon", "coordinates": [[[121.0, 31.0], [121.1, 31.0], [121.1, 31.1],
                                              [121.0, 31.1], [121.0, 31.0]]]}


def test_import_area_keeps_a_normalised_copy(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "area.geojson"
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}
    src.write_text(json.dumps(_area([
        {"type": "Feature", "properties": {"name": "North"}, "geometry": SQUARE},
        {"type": "Feature", "properties": {"name_en": "South", "name_zh": "南区"},
         "geometry": multi},
    ])))
    assert main(["map", "import-area", str(src)]) == 0
    kept = json.loads((data_dir / "service_area.geojson").read_text())
    assert [f["properties"]["name_en"] for f in kept["features"]] == ["North", "South"]
    assert kept["features"][1]["properties"]["name_zh"] == "南区"
    assert "2 areas" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"type": "Feature"}), "FeatureCollection"),
        (json.dumps(_area([])), "no features"),
        (json.dumps(_area([{"type": "Feature", "properties": {}, "geometry": SQUARE}])),
         "needs a name"),
        (json.dumps(_area([{"type": "Feature", "properties": {"name": "A"},
                            "geometry": {"type": "Point", "coordinates": [121, 31]}}])),
         "Polygon or MultiPolygon"),
        (json.dumps(_area([{"type": "Feature", "properties": {"name": "A"},
                            "geometry": {"type": "Polygon", "coordinates": [[[31.0, 121.0],
                            [31.1, 121.0], [31.1, 121.1], [31.0, 121.0]]]}}])), "swapped"),
        (json.dumps(_area([{"type": "Feature", "properties": {"name": "A"},
                            "geometry": {"type": "Polygon", "coordinates": [[[121.0, 31.0],
                            [121.1, 31.0], [121.1, 31.1], [121.0, 31.2]]]}}])), "end where"),
    ],
)
def test_import_area_refuses_bad_files_and_writes_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, why: str
) -> None:
    src = tmp_path / "bad.geojson"
    src.write_text(content)
    assert main(["map", "import-area", str(src)]) == 2
    assert why in capsys.readouterr().err
    assert not (data_dir / "service_area.geojson").exists()
