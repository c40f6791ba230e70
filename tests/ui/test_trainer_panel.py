"""The trainer panel drives a real DemoSession: pause, speed, injections, score and reset
act on the simulated night and reach a trainee's console through the real hub."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from console.client import ConsoleClient
from console.domain import EventView
from console.sim.demo import DemoSession
from ui.panels.demo_banner import AMBER, GROUND, DemoBanner
from ui.panels.trainer_panel import TrainerPanel
from ui.theme import contrast_ratio


async def until(pred: Callable[[], Any], timeout: float = 20.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


def _has(events: list[EventView], kind: str, **payload: Any) -> bool:
    for e in events:
        if e.type != kind:
            continue
        body = e.payload.get("call") or e.payload.get("technician") or {}
        if all(body.get(k) == v for k, v in payload.items()):
            return True
    return False


def test_trainer_panel_drives_the_demo_night(
    qtbot: QtBot, arun: Callable[..., Any], tmp_path: Path
) -> None:
    session = DemoSession(
        "hub_outage_drill", seed=2, speed=60, data_dir=tmp_path, engine="recommend"
    )
    info = arun(session.start())
    client = ConsoleClient(info.hub_url, username=info.username, password=info.password)
    events: list[EventView] = []
    client.on_event(events.append)
    arun(client.start())
    arun(client.wait_ready())
    panel = TrainerPanel(session, refresh_ms=100)
    qtbot.addWidget(panel)
    try:
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
        assert session.paused and panel.pause_button.text() == "Resume"
        frozen = info.clock()
        arun(asyncio.sleep(0.05))
        assert info.clock() == frozen
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
        assert not session.paused
        panel.speed.setValue(25)
        assert session.clock is not None and session.clock.speed == 25
        assert panel.speed_label.text() == "×25"
        panel.speed.setValue(60)

        with qtbot.waitSignal(panel.injected, timeout=10_000) as sig:
            panel.category.setCurrentIndex(panel.category.findData("lockout"))
            assert panel.category.currentText() == "Lockout"  # a name, not a code
            qtbot.mouseClick(panel.emergency_button, Qt.MouseButton.LeftButton)
        assert sig.args == ["emergency_call"]
        arun(
            until(
                lambda: _has(events, "call.created", priority="emergency", category="lockout"),
                what="the injected call",
            )
        )

        with qtbot.waitSignal(panel.injected, timeout=10_000):
            qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        arun(until(lambda: _has(events, "call.cancelled"), what="a cancellation"))

        arun(
            until(
                lambda: _has(events, "technician.status", status="available"),
                what="a technician on shift",
            )
        )
        with qtbot.waitSignal(panel.injected, timeout=10_000):
            qtbot.mouseClick(panel.breakdown_button, Qt.MouseButton.LeftButton)
        arun(
            until(
                lambda: _has(events, "technician.status", status="on_break"),
                what="the broken-down van's technician off the road",
            )
        )

        seq = client.last_seq
        with qtbot.waitSignal(panel.injected, timeout=20_000):
            qtbot.mouseClick(panel.outage_button, Qt.MouseButton.LeftButton)
        arun(until(lambda: client.state == "connected", what="the console back after the outage"))
        qtbot.mouseClick(panel.emergency_button, Qt.MouseButton.LeftButton)
        arun(until(lambda: client.last_seq > seq, what="events after the outage"))

        # the score fills in, the engine's column once its shadow night is done
        arun(until(lambda: panel.cells[("trainee", "calls")].text() != "…", what="score"))
        arun(
            until(
                lambda: panel.cells[("engine", "km")].text() != "…",
                timeout=60,
                what="the engine's shadow night",
            )
        )
        assert panel.cells[("trainee", "km")].text().endswith("km")
        score_box = panel.cells[("engine", "km")].parentWidget()
        assert "dispatched by the recommendation engine" in score_box.toolTip()

        old_url = info.hub_url
        arun(client.close())  # the reset night is on a new hub: consoles sign in again
        with qtbot.waitSignal(panel.reset_done, timeout=30_000):
            qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
        assert session.info is not None and session.info.hub_url != old_url
        assert session.clock is not None and session.clock.speed == 60
    finally:
        arun(client.close())
        arun(session.stop())


def test_demo_banner_is_amber_on_dark_and_shows_the_simulated_clock(
    qtbot: QtBot, arun: Callable[..., Any], tmp_path: Path
) -> None:
    assert contrast_ratio(AMBER, GROUND) >= 7.0  # AAA, without a glaring white
    plain = DemoBanner()
    qtbot.addWidget(plain)
    assert "DEMO" in plain.label.text() and "not live" in plain.label.text()
    assert plain.clock.text() == ""
    session = DemoSession("hub_outage_drill", seed=1, speed=60, data_dir=tmp_path, shadow=False)
    arun(session.start())
    try:
        banner = DemoBanner(session)
        qtbot.addWidget(banner)
        banner.show()
        assert "19:0" in banner.clock.text() and "×60" in banner.clock.text()
        session.pause()
        banner.refresh()
        assert "paused" in banner.clock.text()
        image = banner.grab().toImage()
        pixel = image.pixelColor(2, 2).name()
        assert pixel == GROUND
    finally:
        arun(session.stop())
