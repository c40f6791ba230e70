"""Startup pieces: arguments, language and fonts, embedded users, the login flow."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QPalette

from console.sim.engines import ENGINES
from tests.ui.conftest import until
from ui import app as app_module
from ui import i18n, theme
from ui.login import LoginDialog, sign_in


def test_window_arguments_parse() -> None:
    args = app_module.build_parser().parse_args(
        [
            "--demo",
            "--scenario",
            "winter_freeze",
            "--speed",
            "30",
            "--seed",
            "4",
            "--lang",
            "zh",
            "--theme",
            "day",
        ]
    )
    assert (args.demo, args.scenario, args.speed, args.seed) == (True, "winter_freeze", 30, 4)
    assert (args.lang, args.theme) == ("zh", "day")
    assert args.engine == "planner"  # the demo's score is set against the planner's night
    assert app_module.build_parser().parse_args(["--engine", "recommend"]).engine == "recommend"
    with pytest.raises(SystemExit):
        app_module.build_parser().parse_args(["--theme", "dusk"])
    with pytest.raises(SystemExit):
        app_module.build_parser().parse_args(["--engine", "fastest"])
    engine_flag = next(a for a in app_module.build_parser()._actions if a.dest == "engine")
    assert set(engine_flag.choices or ()) == set(ENGINES)  # the engines a shadow night runs


def test_language_comes_from_flag_then_setting_then_locale() -> None:
    zh = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    en = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    assert i18n.resolve_language("en", "zh", zh) == "en"
    assert i18n.resolve_language(None, "zh", en) == "zh"
    assert i18n.resolve_language(None, "", zh) == "zh"
    assert i18n.resolve_language(None, "", en) == "en"
    with pytest.raises(ValueError, match="language must be one of"):
        i18n.resolve_language("fr", "", en)


def test_chinese_catalogue_translates_the_shell_and_the_panels(qapp) -> None:
    try:
        assert i18n.install(qapp, "zh")
        tr = QCoreApplication.translate
        assert tr("MainWindow", "&Dispatch") == "调度(&D)"
        assert tr("Shortcuts", "Assign top recommendation") == "指派首选技师"
        assert tr("StatusBar", "● Connected") == "● 已连接"
        assert tr("Docks", "Call queue") == "来电队列"
        assert tr("Roles", "Supervisor") == "主管"
        assert tr("StatusBar", "%n command(s) queued", "", 3) == "3 条指令待发送"
    finally:
        i18n.install(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "&Dispatch") == "&Dispatch"


def test_a_cjk_font_is_available_for_chinese_names(qapp) -> None:
    family = i18n.apply_fonts(qapp)
    assert family, "no CJK-capable font shipped or installed"
    assert family in qapp.font().families()


def test_palette_is_dark_before_any_window(qapp, fresh_settings) -> None:
    fresh_settings.set("theme", "night")
    lang = app_module.prepare_application(qapp, fresh_settings, lang="en")
    assert lang == "en"
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.load("night").bg


def test_embedded_database_gets_demo_users_once(tmp_path) -> None:
    from console.db.engine import Database
    from console.db.migrate import upgrade

    db = Database(f"sqlite:///{tmp_path / 'e.sqlite3'}")
    upgrade(db)
    try:
        assert sorted(app_module.ensure_users(db)) == [
            "admin",
            "dispatcher",
            "supervisor",
            "trainer",
        ]
        assert app_module.ensure_users(db) == []
    finally:
        db.dispose()


def test_login_dialog_reports_a_bad_password_then_signs_in(
    qtbot, hub_env, arun, fresh_settings
) -> None:
    dialog = LoginDialog(fresh_settings, hub_url=hub_env.url)
    qtbot.addWidget(dialog)

    async def scenario():
        task = __import__("asyncio").ensure_future(sign_in(dialog, hub_env.url))
        await until(dialog.isVisible, what="dialog shown")
        dialog.username.setText("dispatcher")
        dialog.password.setText("wrong")
        dialog.sign_in.click()
        await until(lambda: dialog.message.property("role") == "error", what="error shown")
        assert "Wrong user name or password" in dialog.message.text()
        dialog.password.setText("dispatcher")
        dialog.sign_in.click()
        return await task

    client = arun(scenario())
    try:
        assert client.user["role"] == "dispatcher"
        assert fresh_settings.get("last_username") == "dispatcher"
        assert not dialog.isVisible()
    finally:
        arun(client.close())
    again = LoginDialog(fresh_settings, hub_url=hub_env.url)
    qtbot.addWidget(again)
    assert again.username.text() == "dispatcher"  # remembered


def test_a_blocked_address_is_said_with_the_minutes_left(
    qtbot, hub_env, arun, fresh_settings
) -> None:
    """Password spraying from this address (console.hub.address_guard): the dialog says why
    and for how long, in the dispatcher's language, instead of "wrong password" again."""
    hub_env.hub.guard.limit = 2
    dialog = LoginDialog(fresh_settings, hub_url=hub_env.url)
    qtbot.addWidget(dialog)
    task = None

    async def attempt(user: str, password: str) -> str:
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.sign_in.click()  # "Connecting…" until the hub answers
        await until(lambda: dialog.message.property("role") == "error", what="an answer")
        return str(dialog.message.text())

    async def scenario() -> list[str]:
        nonlocal task
        task = __import__("asyncio").ensure_future(sign_in(dialog, hub_env.url))
        await until(dialog.isVisible, what="dialog shown")
        return [await attempt("dispatcher", "Summer2026!"),
                await attempt("supervisor", "Summer2026!"),
                await attempt("dispatcher", "dispatcher")]

    said = arun(scenario())
    dialog.reject()
    assert arun(task) is None
    assert said[:2] == ["Wrong user name or password."] * 2
    assert said[2] == ("Too many failed sign-ins from this computer's address. "
                       "Try again in 15 min.")


@pytest.mark.parametrize(("argv", "reason"), [
    (["--hub", "localhost:8765"], "--hub must be a ws://"),
    (["--demo", "--speed", "0"], "--speed must be a positive"),
    (["--password", "x"], "unrecognized arguments: --password"),
    (["--tls-ca", "/no/such/ca.pem"], "is not a file"),
])
def test_bad_window_arguments_say_why(argv, reason, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        app_module.main(argv)
    assert reason in capsys.readouterr().err + str(exc.value)


@pytest.mark.postgres
def test_shared_postgres_never_gets_well_known_passwords(pg_url, qapp) -> None:
    import argparse
    import asyncio
    from contextlib import AsyncExitStack

    from console.db.engine import Database

    async def start() -> str:
        async with AsyncExitStack() as stack:
            session = app_module.Session()
            await app_module._embedded(argparse.Namespace(db=pg_url), stack, session)
            return session.login_hint

    hint = asyncio.run(start())
    assert "no users yet" in hint and "user add" in hint
    db = Database(pg_url)
    try:
        assert not app_module.has_users(db)
    finally:
        db.dispose()


def test_embedded_hub_serves_the_api_on_a_second_port(tmp_path, qapp) -> None:
    import argparse
    import asyncio
    from contextlib import AsyncExitStack

    import httpx

    async def start() -> tuple[int, int]:
        async with AsyncExitStack() as stack:
            session = app_module.Session()
            url = f"sqlite:///{tmp_path / 'embedded.sqlite3'}"
            await app_module._embedded(argparse.Namespace(db=url, api_port=0), stack, session)
            assert session.api_url is not None
            async with httpx.AsyncClient(base_url=session.api_url) as http:
                doc = await http.get("/v1/openapi.json")
                anonymous = await http.get("/v1/technicians")
            return doc.status_code, anonymous.status_code

    assert asyncio.run(start()) == (200, 401)
