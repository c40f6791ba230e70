"""The hub enforces roles: a supervisor watches and annotates but cannot move work."""

from __future__ import annotations

import pytest

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import Assignment, CallNote
from console.errors import Forbidden
from console.permissions import ROLE_CAPS, may
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.hub_support import make_center, new_call, run, running_hub


def test_role_table_covers_every_role() -> None:
    assert set(ROLE_CAPS) == {"dispatcher", "supervisor", "trainer", "admin"}
    assert may("admin", "dispatch") and not may("supervisor", "dispatch")


def test_supervisor_may_note_but_not_assign(db: Database) -> None:
    center = make_center(db)
    create_user(db, actor=SYSTEM, username="sue", display_name="Sue", role="supervisor",
                password="watching")
    call_id = new_call(db)

    async def scenario() -> None:
        async with running_hub(db) as hub:
            sue = ConsoleClient(hub.url, username="sue", password="watching")
            await sue.start()
            try:
                await sue.wait_ready()
                with pytest.raises(Forbidden, match="supervisor may not assign"):
                    await sue.assign(call_id, center.tech_ids[0])
                await sue.add_note(call_id, "customer called again, water rising")
            finally:
                await sue.close()

    run(scenario())
    with db.reading() as session:
        assert session.query(Assignment).count() == 0
        assert session.query(CallNote).count() == 1
