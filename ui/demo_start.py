"""Demo mode's start and the trainer's side of the window: the simulated night started and
signed in to as the trainer, the demo banner and trainer panel added to the window, and the
window signed in again when a trainer's reset starts a new night on a new hub."""

from __future__ import annotations

import argparse
import asyncio
from contextlib import AsyncExitStack
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QLabel, QScrollArea, QToolBar, QWidget

from ui.panels.demo_banner import AMBER, GROUND, DemoBanner
from ui.panels.trainer_panel import TrainerPanel
from ui.session import Session
from ui.shell.main_window import MainWindow


def record_nights(demo: Any, client: Any, trainer: str) -> None:
    from console.training.record import recorder

    demo.trainer = trainer
    demo.night_ended.append(recorder(client))


async def run_demo(args: argparse.Namespace, stack: AsyncExitStack, session: Session) -> Any:
    from console.sim.demo import DemoSession  # the simulator loads only in demo mode

    demo = DemoSession(
        args.scenario,
        seed=args.seed,
        speed=args.speed,
        warmup_minutes=args.warmup,
        engine=args.engine,
    )
    stack.push_async_callback(demo.stop)
    return await start_demo(demo, session)


async def start_demo(demo: Any, session: Session) -> Any:
    """Start the simulated night and sign a client in to it as the trainer."""
    from ui.login import connect_client

    info = await demo.start()
    session.demo = demo
    # the session's clock object changes on reset; panels keep this one callable
    session.clock = lambda: (demo.info or info).clock()
    session.db_url = getattr(info, "db_url", None)
    await asyncio.get_running_loop().run_in_executor(None, ensure_trainer, info.db_url)
    name = DEMO_TRAINER[0]
    session.client = await connect_client(info.hub_url, name, name, prepare=session.attach)
    return info


DEMO_TRAINER = ("trainer", "Trainer 培训师")


def ensure_trainer(db_url: str) -> None:
    """The demo night's console signs in as a trainer (password = user name); the
    simulator's trainee login stays free for a second console."""
    from sqlalchemy import select

    from console.db.engine import Database
    from console.db.models import User
    from console.services.accounts import create_user
    from console.services.actors import SYSTEM

    db = Database(db_url)
    try:
        with db.reading() as s:
            if s.execute(select(User.id).where(User.username == DEMO_TRAINER[0])).first():
                return
        create_user(
            db,
            actor=SYSTEM,
            username=DEMO_TRAINER[0],
            display_name=DEMO_TRAINER[1],
            role="trainer",
            password=DEMO_TRAINER[0],
        )
    finally:
        db.dispose()


def add_demo_panels(window: MainWindow, demo: Any) -> None:
    bar = QToolBar(QCoreApplication.translate("App", "Demo"), window)
    bar.setObjectName("demoBar")
    bar.setMovable(False)
    bar.addWidget(DemoBanner(demo, parent=bar))
    if not demo.recorded:  # said where the trainee looks, not only in the README
        bar.addWidget(not_recorded_label(bar))
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    if window.allowed("trainer_panel"):
        scroller = QScrollArea()  # the panel is tall; let its dock be as short as the user likes
        scroller.setObjectName("trainerScroll")
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidget(TrainerPanel(demo))
        dock = window.add_panel(
            "trainer",
            QCoreApplication.translate("App", "Trainer"),
            scroller,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        beside = window.docks.get("board") or window.docks.get("recommendations")
        if beside is not None:
            # a tab beside the technicians: the tallest column, so the controls and the
            # score fit without scrolling even at 1366x768; the board stays in front
            # (it is where calls are dropped) and Ctrl+T brings the trainer forward
            window.tabifyDockWidget(beside, dock)
            beside.raise_()
        window.default_state = window.saveState()
        window.restore_layout()


def not_recorded_label(parent: QWidget) -> QLabel:
    """The demo bar's warning when no live hub keeps the night (started without --hub)."""
    label = QLabel(
        QCoreApplication.translate("App", "This night is not recorded: no live hub"), parent
    )
    label.setObjectName("demoNotRecorded")
    label.setStyleSheet(f"color: {AMBER}; background: {GROUND}; padding: 3px 10px;")
    label.setToolTip(
        QCoreApplication.translate(
            "App",
            "Training records are kept on the center's hub: start the demo with "
            "--hub ws://… to record this night under your name.",
        )
    )
    label.setAccessibleName(label.text())
    return label


class DemoReconnect:
    """A trainer's reset starts a new night on a new hub: sign the window in again there.

    Polls the session's ``info`` (cheap, and independent of how the trainer panel triggers
    the reset); the window keeps its LiveState, which the new snapshot resets.
    """

    def __init__(self, session: Session, window: MainWindow) -> None:
        self.session, self.window = session, window
        self.info = session.demo.info
        self.task: asyncio.Task[None] | None = None
        self.timer = QTimer(window, interval=500)
        self.timer.timeout.connect(self._check)
        self.timer.start()

    def _check(self) -> None:
        info = self.session.demo.info
        if info is None or info is self.info or (self.task and not self.task.done()):
            return
        self.info = info
        self.task = asyncio.get_running_loop().create_task(self._reconnect(info))

    async def _reconnect(self, info: Any) -> None:
        from ui.login import connect_client

        old = self.session.client
        bridge = self.session.bridge
        assert bridge is not None
        await asyncio.get_running_loop().run_in_executor(None, ensure_trainer, info.db_url)
        name = DEMO_TRAINER[0]
        client = await connect_client(info.hub_url, name, name, prepare=bridge.attach_client)
        self.session.client = client
        self.window.ctx.client = client
        self.window.ctx.actions.client = client
        self.window.ctx.db_url = info.db_url
        if old is not None:
            await old.close()
