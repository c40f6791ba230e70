"""The demo logins (password = user name) never reach the network: a hub bound off loopback
refuses to start while an active account has them, names those accounts, says how to fix
them and audits the refusal; on loopback, or once they are fixed, the hub starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from console.cli import main as cli_main
from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import AuditRecord, User
from console.hub import Hub
from console.security import logins, tls
from console.seed.staff import DEMO_USERS
from console.services import admin
from console.services.accounts import create_user
from console.services.actors import SYSTEM, Actor
from tests.helpers.hub_support import run, running_hub

OWN_ADMIN, OWN_PW = "mei", "quiet-river-stone"


def _demo_users(db: Database) -> dict[str, int]:
    """What ui.app.ensure_users puts in an empty demo database."""
    return {name: create_user(db, actor=SYSTEM, username=name, display_name=shown,
                              role=role.value, password=name)
            for name, shown, role in DEMO_USERS}


def _refusals(db: Database) -> list[AuditRecord]:
    with db.reading() as s:
        return list(s.execute(select(AuditRecord)
                              .where(AuditRecord.action == "hub_start_refused")).scalars())


def test_a_network_hub_refuses_the_demo_logins(db: Database, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    ids = _demo_users(db)
    create_user(db, actor=SYSTEM, username=OWN_ADMIN, display_name="Mei", role="admin",
                password=OWN_PW)
    issued = tls.init(tmp_path, ["127.0.0.1"])
    demo = sorted(name for name, _shown, _role in DEMO_USERS)

    assert cli_main(["hub", "--db", db.url, "--host", "0.0.0.0", "--port", "0",
                     "--insecure"]) == 2
    said = capsys.readouterr().out.strip()
    assert said.startswith("dispatch-console hub: refusing to listen on 0.0.0.0: ")
    assert "\n" not in said and "Traceback" not in said
    assert f"(the demo logins): {', '.join(demo)}." in said and OWN_ADMIN not in said
    assert "dispatch-console user add NAME --role admin" in said and "Reset" not in said
    assert cli_main(["hub", "--db", db.url, "--host", "0.0.0.0", "--port", "0",
                     "--tls-cert", str(issued.cert), "--tls-key", str(issued.key)]) == 2
    refused = _refusals(db)
    assert len(refused) == 2 and refused[0].after == {"bind": "0.0.0.0"}
    assert "admin, dispatcher, supervisor, trainer" in (refused[0].reason or "")

    async def loopback() -> None:  # the one-laptop demo keeps working
        async with running_hub(db) as hub:
            client = ConsoleClient(hub.url, username="admin", password="admin")
            await client.start()
            await client.wait_ready()
            await client.close()

    run(loopback())

    boss = Actor("user", None, "Mei", "admin")
    admin.reset_password(db, actor=boss, user_id=ids["admin"], password="ember-lantern-moss")
    for name in ("dispatcher", "supervisor"):
        admin.deactivate(db, actor=boss, user_id=ids[name], reason="demo login")
    with pytest.raises(logins.GuessableLogins, match=r"\(the demo logins\): trainer\. "):
        run(_refused_off_loopback(db))
    admin.reset_password(db, actor=boss, user_id=ids["trainer"], password="ember-lantern-fox")
    assert logins.named_as_password(db) == []
    run(_start_off_loopback(db))
    assert len(_refusals(db)) == 3
    with db.reading() as s:
        inactive = s.execute(select(User.username).where(User.active.is_(False))).scalars()
        assert sorted(inactive) == ["dispatcher", "supervisor"]


async def _start_off_loopback(db: Database) -> None:
    async with running_hub(db, host="0.0.0.0", insecure=True) as hub:
        assert hub.port


async def _refused_off_loopback(db: Database) -> None:
    hub = Hub(db, host="0.0.0.0", insecure=True)
    try:
        await hub.start()
    finally:
        await hub.stop()
