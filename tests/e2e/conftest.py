"""End-to-end tests on a real X server: Xvfb, Qt's xcb platform, input from xdotool.

The offscreen platform delivers no window-system input (no shortcut map over a real focus
chain, no drag-and-drop session), so the core loop is driven here as a person drives it.
Each scenario runs in a child pytest process with ``QT_QPA_PLATFORM=xcb`` and ``DISPLAY``
pointing at a private Xvfb (the parent's QApplication is already offscreen). On CI
(``CI=true``) a missing Xvfb or xdotool is a failure, never a skip.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.ui.conftest import (  # noqa: F401 - the scenarios' real hub, client and window
    arun,
    connect,
    fresh_settings,
    hub_env,
    make_main_window,
    qloop,
)

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).with_name("real_window_scenarios.py")
SCREEN = "1600x1000x24"


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must run the real-window tests; see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private Xvfb for the session; its DISPLAY (":N", a number Xvfb chose itself)."""
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            _missing(f"{tool} is not installed")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 20)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        if not number:
            proc.kill()
            err = proc.communicate(timeout=5)[1].decode(errors="replace")
            pytest.fail(f"Xvfb did not start: {err[-500:]}")
        yield f":{number}"
    finally:
        os.close(read_end)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def run_scenario(xvfb_display: str) -> Callable[[str], None]:
    """``run_scenario(name)`` runs one test of real_window_scenarios.py on the X display."""

    def run(name: str) -> None:
        env = dict(os.environ)
        env.update(
            DISPLAY=xvfb_display,
            QT_QPA_PLATFORM="xcb",
            NDC_E2E_CHILD="1",
            XDG_SESSION_TYPE="x11",
        )
        env.pop("WAYLAND_DISPLAY", None)
        cmd = [sys.executable, "-m", "pytest", "-q", "-x", f"{SCENARIOS}::{name}"]
        done = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
        )
        if done.returncode != 0:
            pytest.fail(
                f"scenario {name} failed on the X display:\n{done.stdout[-6000:]}"
                f"\n{done.stderr[-3000:]}",
                pytrace=False,
            )
        assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout[-2000:]

    return run
