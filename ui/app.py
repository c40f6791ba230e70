"""``dispatch-console [window] [--demo ...] [--db URL] [--hub URL] [--lang en|zh] [--theme ...]``

Startup order matters at 3 a.m.: language, fonts and the dark palette are installed on the
QApplication before the first widget is shown (no white flash), then the qasync loop runs
``main_async``. The embedded default opens the SQLite file, starts an in-process Hub on a
random loopback port and connects to it over websockets like any other console; ``--hub``
connects to a shared hub; ``--demo`` starts the simulator's DemoSession and signs in as its
trainer. Closing the window sets an asyncio.Event that ends ``main_async`` cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import logging
import os
import signal
import sys
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from console.client import ConsoleClient
from console.outbox import Outbox
from ui import i18n, theme
from ui.demo_start import DemoReconnect, add_demo_panels, record_nights, run_demo
from ui.dispatch_actions import DispatchActions
from ui.gc_guard import GarbageCollector
from ui.session import Session
from ui.settings import Settings
from ui.shell.main_window import ConsoleContext, MainWindow

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dispatch-console", description="Open the console window.")
    p.add_argument(
        "--demo", action="store_true", help="run a simulated night and sign in as its trainer"
    )
    p.add_argument("--scenario", default="quiet_weeknight", help="demo scenario name")
    p.add_argument("--speed", type=float, default=10.0, help="demo clock speed (x real time)")
    p.add_argument("--seed", type=int, default=1, help="demo random seed")
    p.add_argument(
        "--engine",
        choices=("planner", "recommend"),  # console.sim.engines.ENGINES (loaded in demo only)
        default="planner",
        help="demo: the engine whose night on the same calls the trainee is scored against",
    )
    p.add_argument(
        "--warmup",
        type=float,
        default=60.0,
        metavar="MINUTES",
        help="demo: the engine runs the first MINUTES before you take over (0: start empty)",
    )
    p.add_argument("--db", metavar="URL", help="database (default: the embedded SQLite file)")
    p.add_argument("--hub", metavar="URL", help="connect to a shared hub (ws://host:port)")
    p.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language")
    p.add_argument("--theme", choices=theme.MODES, help="night, day or auto (remembered)")
    p.add_argument(
        "--user",
        help="sign in as this user without the dialog (password: the DISPATCH_PASSWORD "
        "environment variable, else the user name as in the embedded demo database)",
    )
    p.add_argument("--tls-ca", metavar="FILE",
                   help="the center's CA certificate (from `dispatch-console tls init`) to "
                   "verify a wss:// hub; default: the system's trust store")
    p.add_argument(
        "--trainer",
        default="",
        help="demo: the trainer's name on the training record (with --hub, the night is "
        "recorded on that live hub for the user signed in there)",
    )
    p.add_argument("--no-map", action="store_true", help="do not create the map dock")
    p.add_argument(
        "--config", metavar="FILE", help="config file (TOML; default: the system's and user's)"
    )
    p.add_argument("--replay", metavar="DATE",
                   help="review the night starting DATE (18:00-08:00 local), read-only")
    p.add_argument("--from", dest="replay_from", metavar="TIME",
                   help="replay from this local time (2026-11-26T22:00); with --to")
    p.add_argument("--to", dest="replay_to", metavar="TIME", help="replay up to this time")
    p.add_argument("--api-port", type=int, metavar="PORT",
                   help="embedded hub: also serve the HTTP API and customer pages on PORT")
    return p


async def _embedded(args: argparse.Namespace, stack: AsyncExitStack, session: Session) -> str:
    from console.db.engine import Database
    from console.db.migrate import upgrade
    from console.hub.server import Hub

    loop = asyncio.get_running_loop()
    db = Database(args.db)
    stack.callback(db.dispose)
    await loop.run_in_executor(None, upgrade, db)
    if db.is_postgres:  # a shared database never gets well-known passwords
        created: list[str] = []
        if not await loop.run_in_executor(None, has_users, db):
            session.login_hint = QCoreApplication.translate(
                "App",
                "This database has no users yet: add one with "
                "`dispatch-console user add NAME --role dispatcher --db URL`.",
            )
    else:
        created = await loop.run_in_executor(None, ensure_users, db)
    if created:
        log.warning("created demo users %s (password = user name)", ", ".join(created))
        session.login_hint = QCoreApplication.translate(
            "App", "First start: users {names} were created; each password is the user name."
        ).format(names=", ".join(created))
    hub = Hub(db)
    await hub.start()
    stack.push_async_callback(hub.stop)
    if getattr(args, "api_port", None) is not None:
        from console.api.app import serve_beside

        api = await serve_beside(hub, port=args.api_port)
        stack.push_async_callback(api.stop)
        session.api_url = api.url
    session.db_url = db.url
    return hub.url


def has_users(db: Any) -> bool:
    from sqlalchemy import func, select

    from console.db.models import User

    with db.reading() as s:
        return bool(s.execute(select(func.count()).select_from(User)).scalar_one())


def ensure_users(db: Any) -> list[str]:
    """An empty embedded (SQLite, one machine) database gets the demo logins
    (password = user name); a shared PostgreSQL one never does."""
    from console.seed.staff import DEMO_USERS
    from console.services.accounts import create_user
    from console.services.actors import SYSTEM

    if has_users(db):
        return []
    users = [(name, shown, role.value) for name, shown, role in DEMO_USERS]
    for name, shown, role in users:
        create_user(db, actor=SYSTEM, username=name, display_name=shown, role=role, password=name)
    return [u[0] for u in users]


async def _records_client(
    args: argparse.Namespace, settings: Settings, stack: AsyncExitStack
) -> Any | None:
    """``--demo --hub URL``: the trainee signs in on the live hub, where each training night
    is recorded (the demo's own database is thrown away). Closed after the demo stops."""
    if not args.hub:
        return None
    from ui.login import LoginDialog, connect_client, sign_in

    make = client_factory(args.hub, args.tls_ca)
    if args.user:
        password = os.environ.get("DISPATCH_PASSWORD") or args.user
        client = await connect_client(args.hub, args.user, password, make=make)
    else:
        hint = QCoreApplication.translate(
            "App", "Training night: sign in as yourself; the night is recorded under your name."
        )
        dialog = LoginDialog(settings, hub_url=args.hub, hint=hint)
        client = await sign_in(dialog, args.hub, make=make)
    if client is not None:
        stack.push_async_callback(client.close)
    return client


async def _sign_in(
    url: str, args: argparse.Namespace, settings: Settings, session: Session
) -> Any | None:
    from ui.login import LoginDialog, connect_client, sign_in

    make = client_factory(url, args.tls_ca)
    if args.user:
        password = os.environ.get("DISPATCH_PASSWORD") or args.user
        return await connect_client(url, args.user, password, prepare=session.attach, make=make)
    dialog = LoginDialog(settings, hub_url=url, hint=session.login_hint)
    return await sign_in(dialog, url, prepare=session.attach, make=make)


def client_factory(url: str, ca_file: str | None) -> Callable[..., Any]:
    """ConsoleClient, verifying a wss:// hub against ``ca_file`` (or the system store)."""
    from console.security.tls import client_context

    if not url.startswith("wss://"):
        return ConsoleClient
    return functools.partial(ConsoleClient, ssl_context=client_context(ca_file))


def create_window(
    session: Session, settings: Settings, *, with_map: bool = True, sound: bool = True
) -> MainWindow:
    """The main window over a signed-in client (also used by tests and the bench)."""
    assert session.bridge is not None
    client = session.client
    actions = DispatchActions(client, session.state)
    actions.clock = session.clock
    if client is not None and session.demo is None:  # what is typed offline survives a restart
        actions.outbox = Outbox.for_user(client.username, client.url)
    ctx = ConsoleContext(
        state=session.state,
        bridge=session.bridge,
        actions=actions,
        settings=settings,
        user=dict((client.user if client is not None else None) or {}),
        clock=session.clock,
        client=client,
        tz=settings.get("timezone"),
        db_url=session.db_url,
        demo=session.demo,
        with_map=with_map,
        sound=sound,
    )
    window = MainWindow(ctx)
    actions.setParent(window)
    if isinstance(client, ConsoleClient):  # what the hub said about its TLS
        window.status.set_security(client.security, session.clock())
    if session.demo is not None:
        add_demo_panels(window, session.demo)
    return window


async def main_async(app: QApplication, args: argparse.Namespace, settings: Settings) -> int:
    closed = asyncio.Event()
    session = Session()
    collector = GarbageCollector(app)
    collector.start()
    _quit_on_signals(app, closed)
    if args.replay or args.replay_from or args.replay_to:
        return await _replay(args, settings, closed)
    async with AsyncExitStack() as stack:
        if args.demo:
            records = await _records_client(args, settings, stack)
            if args.hub and records is None:
                return 0
            await run_demo(args, stack, session)
            if records is not None:
                record_nights(session.demo, records, args.trainer)
        else:
            url = args.hub or await _embedded(args, stack, session)
            if args.hub and args.db:
                session.db_url = args.db
            session.client = await _sign_in(url, args, settings, session)
            if session.client is None:
                return 0
        stack.push_async_callback(session.close_client)
        window = create_window(session, settings, with_map=not args.no_map)
        if session.demo is not None:
            window.demo_reconnect = DemoReconnect(session, window)
        window.destroyed.connect(closed.set)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        await closed.wait()
    return 0


async def _replay(args: argparse.Namespace, settings: Settings, closed: asyncio.Event) -> int:
    """``--replay DATE`` / ``--from``/``--to``: the window over history, nothing written."""
    from console.db.engine import resolve_url
    from console.errors import InvalidInput
    from console.replay import parse_range
    from ui.replay.window import build_replay_window, load_timeline_async

    tz = settings.get("timezone")
    try:
        start, end = parse_range(args.replay, args.replay_from, args.replay_to, tz)
        timeline = await load_timeline_async(resolve_url(args.db), start, end, tz)
    except InvalidInput as exc:  # said and returned: the loop and its executor shut down cleanly
        print(f"dispatch-console --replay: {exc}", file=sys.stderr)
        return 2
    window = build_replay_window(
        timeline, settings, window_class=MainWindow, with_map=not args.no_map
    )
    window.destroyed.connect(closed.set)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    await closed.wait()
    return 0


def _quit_on_signals(app: QApplication, closed: asyncio.Event) -> None:
    """Ctrl+C or SIGTERM in a terminal closes the window the normal way (layout saved,
    hub stopped) instead of killing the process mid-write."""

    def stop() -> None:
        app.closeAllWindows()
        closed.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # not on Windows, nor off the main thread: the window's own Quit still works there
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.speed <= 0:
        parser.error("--speed must be a positive multiple of real time")
    if args.hub and not args.hub.startswith(("ws://", "wss://")):
        parser.error(f"--hub must be a ws:// or wss:// URL, not {args.hub!r}")
    if args.tls_ca and not os.path.isfile(args.tls_ca):
        parser.error(f"--tls-ca {args.tls_ca!r} is not a file")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("ui").setLevel(logging.INFO)
    allow_web_engine_as_root()
    register_tile_scheme()
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Night Dispatch Console")
    app.setQuitOnLastWindowClosed(False)  # main_async decides when we are done
    settings = Settings.user()
    apply_config_file(settings, args)
    from ui import settings as settings_module

    settings_module.use(settings)
    if args.theme:
        settings.set("theme", args.theme)
    prepare_application(app, settings, lang=args.lang)
    try:
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            return runner.run(main_async(app, args, settings))
    except Exception as exc:  # say why on screen, not only in a terminal nobody watches
        log.exception("the console stopped")
        QMessageBox.critical(
            None, QCoreApplication.translate("App", "Night Dispatch Console"), str(exc)
        )
        return 1


def apply_config_file(settings: Settings, args: argparse.Namespace) -> None:
    """The administrator's TOML file gives the settings' defaults and the hub or database
    to use when the command line names none. A broken file stops the start with why."""
    from console.config import BadConfig, load

    try:
        values, used = load(args.config)
        where = ", ".join(map(str, used))
        settings.apply_config(values, where)
    except (BadConfig, ValueError) as exc:
        raise SystemExit(f"dispatch-console: {exc}") from None
    hub_url = settings.get("hub_url")
    if hub_url and not hub_url.startswith(("ws://", "wss://")):
        raise SystemExit(f"dispatch-console: {where}: hub_url must be ws:// or wss://")
    area = settings.get("map/service_area")
    if area:
        from pathlib import Path

        from maps import basemap

        if not Path(area).is_file():
            raise SystemExit(f"dispatch-console: map/service_area: no such file {area!r}")
        basemap.use_area(Path(area))
    if used:
        log.info("config from %s", where)
    args.hub = args.hub or hub_url or None
    if args.hub is None and not args.db:
        args.db = settings.get("database") or None


def register_tile_scheme() -> None:
    """The map's ``ndctile:`` scheme must be declared before the QApplication exists."""
    from maps.tile_scheme import register_scheme

    register_scheme()


def allow_web_engine_as_root() -> None:
    """Chromium refuses to start its sandbox as root (kiosks and containers often run so);
    rather than lose the map, run it unsandboxed there and say so in the log."""
    if (
        hasattr(os, "geteuid")
        and os.geteuid() == 0
        and "QTWEBENGINE_DISABLE_SANDBOX" not in os.environ
    ):
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
            log.warning("running as root: the map's web engine runs without its sandbox")


def prepare_application(app: QApplication, settings: Settings, *, lang: str | None) -> str:
    """Language, CJK fallback font, and the theme palette, before any window exists."""
    language = i18n.resolve_language(lang, settings.get("language"))
    i18n.install(app, language)
    i18n.apply_fonts(app)
    theme.apply(app, theme.resolve(settings.get("theme")), settings.get("density"))
    return language
