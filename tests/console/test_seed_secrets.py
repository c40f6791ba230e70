"""seed-demo on a shared (PostgreSQL) database creates no login with a known password and no
seed-derived token: the generated passwords are printed once, and the well-known demo
credentials are refused by a hub. The embedded SQLite demo keeps its easy logins."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from websockets.asyncio.client import connect

from console.cli import main
from console.db.engine import Database
from console.hub import Hub, protocol
from console.seed import demo_token

ARGS = ["--weeks", "1", "--technicians", "6", "--seed", "7", "--no-tracks"]


async def _hello(url: str, **creds: str) -> dict[str, object]:
    async with connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "v": protocol.VERSION, **creds}))
        return dict(json.loads(await ws.recv()))


def _sign_ins(db_url: str, checks: list[dict[str, str]]) -> list[str]:
    db = Database(db_url)

    async def scenario() -> list[str]:
        hub = Hub(db)
        await hub.start()
        try:
            return [str((await _hello(hub.url, **c))["type"]) for c in checks]
        finally:
            await hub.stop()

    try:
        return asyncio.run(scenario())
    finally:
        db.dispose()


WELL_KNOWN = [
    {"kind": "console", "username": name, "password": name}
    for name in ("admin", "dispatcher", "supervisor", "trainer")
] + [
    {"kind": "intake", "token": demo_token(7, "channel:app")},
    {"kind": "field", "token": demo_token(7, "tech:1")},
]


def test_seed_on_postgres_has_no_well_known_logins(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed-demo", "--db", pg_url, *ARGS]) == 0
    out = capsys.readouterr().out
    assert "password = username" not in out
    printed = dict(re.findall(r"^\s+(admin|dispatcher|supervisor|trainer): (\S+)$", out, re.M))
    assert sorted(printed) == ["admin", "dispatcher", "supervisor", "trainer"]
    assert all(len(pw) >= 12 and pw not in printed for pw in printed.values())
    answers = _sign_ins(pg_url, [*WELL_KNOWN, {"kind": "console", "username": "dispatcher",
                                               "password": printed["dispatcher"]}])
    assert answers == ["error"] * len(WELL_KNOWN) + ["welcome"]


def test_seed_on_the_embedded_sqlite_keeps_the_demo_logins(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/demo.sqlite3"
    assert main(["seed-demo", "--db", url, *ARGS]) == 0
    assert "password = username" in capsys.readouterr().out
    assert _sign_ins(url, WELL_KNOWN) == ["welcome"] * len(WELL_KNOWN)
