"""Demo mode: the window signs in as the trainer, shows the DEMO banner and the trainer
panel, runs on the simulated clock, and follows the trainer's reset to a new hub."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6

from PySide6.QtWidgets import QLabel

from tests.ui.conftest import until
from ui.app import create_window
from ui.demo_start import DemoReconnect, start_demo
from ui.session import Session


@pytest.fixture
def demo_window(qtbot, arun, fresh_settings, tmp_path) -> Any:
    from console.sim.demo import DemoSession

    demo = DemoSession("quiet_weeknight", seed=2, speed=30.0, data_dir=tmp_path, shadow=False)
    session = Session()
    arun(start_demo(demo, session), timeout=60)
    window = create_window(session, fresh_settings, with_map=False, sound=False)
    window.demo_reconnect = DemoReconnect(session, window)
    window.show()
    yield window, session, demo
    if shiboken6.isValid(window):
        window.close()
    arun(session.client.close())
    arun(demo.stop(), timeout=60)


def test_demo_window_is_the_trainers(demo_window, arun) -> None:
    window, session, demo = demo_window
    assert window.ctx.role == "trainer"
    assert "trainer" in window.docks and window.allowed("trainer_panel")
    assert window.findChild(object, "demoBar") is not None
    assert window.findChild(object, "demoBanner") is not None
    sim_now = demo.info.clock()
    assert abs((window.ctx.clock() - sim_now).total_seconds()) < 120  # the simulated clock
    assert window.ctx.actions.clock is session.clock
    sheet = window.commands.cheat_sheet()  # dialogs carry the banner too
    assert sheet.findChild(object, "demoBanner") is not None
    sheet.close()
    arun(until(lambda: window.ctx.state.technicians, timeout=20, what="demo snapshot"))


def test_trainer_reset_moves_the_window_to_the_new_night(demo_window, arun) -> None:
    window, session, demo = demo_window
    first_client, first_url = session.client, demo.info.hub_url
    arun(until(lambda: window.ctx.state.technicians, timeout=20, what="demo snapshot"))
    arun(demo.reset(), timeout=60)
    assert demo.info.hub_url != first_url
    arun(until(lambda: session.client is not first_client, timeout=20, what="reconnect"))
    assert window.ctx.actions.client is session.client
    arun(
        until(
            lambda: window.ctx.bridge.connection_state == "connected",
            timeout=20,
            what="connected to the new hub",
        )
    )
    assert window.ctx.state.technicians


def test_trainer_panel_fits_1366x768_without_scrolling(demo_window, qtbot) -> None:
    window, _session, _demo = demo_window
    window.resize(1366, 768)
    window.reset_layout()
    window.commands.trainer_panel()  # behind the board: Ctrl+T brings it forward
    qtbot.wait(100)
    scroller = window.docks["trainer"].widget()
    panel = scroller.widget()
    assert not scroller.verticalScrollBar().isVisible(), "the trainer panel needs scrolling"
    for widget in (panel.emergency_button, panel.outage_button, panel.cells[("engine", "calls")]):
        assert not widget.visibleRegion().isEmpty(), widget.objectName() or widget.text()
    assert "you vs the engine, same calls" in panel.score_caption.parentWidget().title()


def test_a_demo_without_a_live_hub_says_its_night_is_not_recorded(demo_window) -> None:
    """Started without --hub, nothing keeps the night: the demo bar says so."""
    window, _session, demo = demo_window
    assert not demo.recorded
    label = window.findChild(QLabel, "demoNotRecorded")
    assert label is not None and label.isVisible()
    assert label.text() == "This night is not recorded: no live hub"
    assert "--hub" in label.toolTip()


def test_a_recorded_demo_has_no_such_warning(qtbot, arun, fresh_settings, tmp_path) -> None:
    from console.sim.demo import DemoSession
    from console.training.record import NightFacts

    demo = DemoSession("quiet_weeknight", seed=2, speed=30.0, data_dir=tmp_path, shadow=False)
    session = Session()
    arun(start_demo(demo, session), timeout=60)
    kept: list[NightFacts] = []

    async def keep(facts: NightFacts) -> None:  # where ui.app puts the live hub's recorder
        kept.append(facts)

    demo.night_ended.append(keep)
    window = create_window(session, fresh_settings, with_map=False, sound=False)
    try:
        assert demo.recorded
        assert window.findChild(QLabel, "demoNotRecorded") is None
    finally:
        window.close()
        arun(session.client.close())
        arun(demo.stop(), timeout=60)
    assert len(kept) == 1  # closed at once: one abandoned night
