"""The installable app: build the .deb with ``packaging/build.py``, unpack it as dpkg would
(``dpkg-deb -x``), start the installed launcher under Xvfb on the demo night and check it
came up.

Slow (PyInstaller bundles Qt and QtWebEngine: minutes on 2 cores), so it runs only when
``DISPATCH_TEST_PACKAGING=1`` (``.ci/run`` sets it).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tile_server import TileServer

ROOT = Path(__file__).resolve().parents[2]
NAME = "night-dispatch-console"

pytestmark = pytest.mark.skipif(
    os.environ.get("DISPATCH_TEST_PACKAGING") != "1",
    reason="building the app takes minutes; set DISPATCH_TEST_PACKAGING=1",
)


@pytest.fixture
def display() -> Iterator[str]:
    for tool in ("Xvfb", "import", "convert"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed (apt install xvfb imagemagick)")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24",
                               "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert time.monotonic() < deadline and server.poll() is None, "Xvfb did not start"
        time.sleep(0.1)
    yield f":{number}"
    server.terminate()
    server.wait(10)


def _built(tmp: Path) -> Path:
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist",
                    str(tmp / "dist"), "--work", str(tmp / "work")], check=True, timeout=3000)
    print(f"packaging/build.py took {time.monotonic() - started:.0f} s")
    [deb] = (tmp / "dist").glob(f"{NAME}_*_*.deb")
    fields = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Depends"],
                            check=True, capture_output=True, text=True).stdout
    assert f"Package: {NAME}" in fields and "libxcb-cursor0" in fields, fields
    root = tmp / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    desktop = root / "usr/share/applications" / f"{NAME}.desktop"
    assert "Exec=night-dispatch-console" in desktop.read_text()
    assert (root / "usr/share/icons/hicolor/256x256/apps" / f"{NAME}.png").is_file()
    assert os.readlink(root / "usr/bin" / NAME) == f"/opt/{NAME}/{NAME}"
    shutil.rmtree(tmp / "work")  # hundreds of MB; the unpacked copy is what we run
    shutil.rmtree(tmp / "dist")
    return root / "opt" / NAME / NAME


def _colours(png: Path) -> int:
    out = subprocess.run(["convert", str(png), "-format", "%k", "info:"], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return int(out.strip())


def test_the_built_app_opens_the_demo_under_xvfb(tmp_path: Path, display: str) -> None:
    exe = _built(tmp_path)
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DISPATCH_"))}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", DISPATCH_DATA_DIR=str(data),
               QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu", HOME=str(tmp_path))
    with TileServer().running() as tiles:  # the desk's config: tiles from 127.0.0.1 only
        conf = tmp_path / "desk.toml"
        conf.write_text(f'theme = "night"\n[map]\ntile_source = "custom"\n'
                        f'tile_url = "{tiles.url}"\n')
        _run_app([str(exe), "--config", str(conf), "--demo", "--warmup", "5", "--speed", "5"],
                 env, tmp_path, display)
        assert tiles.requests, "the packaged map asked for no tiles"
    assert list((data / "tiles").glob("custom-*.mbtiles")), "no tile cache was written"


def _run_app(argv: list[str], env: dict[str, str], tmp_path: Path, display: str) -> None:
    data = Path(env["DISPATCH_DATA_DIR"])
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        shot = tmp_path / "screen.png"
        while True:
            assert app.poll() is None, (tmp_path / "app.log").read_text()[-3000:]
            demo_dbs = list((data / "demo").glob("**/*.sqlite3")) if data.exists() else []
            if demo_dbs:
                subprocess.run(["import", "-display", display, "-window", "root", str(shot)],
                               check=True, timeout=60)
                if _colours(shot) > 200:  # a drawn window, not a blank screen
                    break
            assert time.monotonic() < deadline, "the demo window never came up"
            time.sleep(2)
        time.sleep(10)  # and it stays up
        assert app.poll() is None, (tmp_path / "app.log").read_text()[-3000:]
        keep = os.environ.get("DISPATCH_KEEP_SMOKE_SCREEN")
        if keep:  # for looking at what came up
            shutil.copy(shot, keep)
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        log.close()
