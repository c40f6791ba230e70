"""Data visibility from the one permission table: what customer data each role's console gets
(snapshot, events, look-ups, exports), refusals of personal data audited, and the audit
trail read in pages by supervisors and admins only."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from console import permissions
from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import AuditRecord
from console.errors import Forbidden
from console.services import cancel_call
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from console.services.privacy import set_flag
from tests.helpers.hub_support import CALL, assigned_call, make_center, new_call, run, running_hub

PHONE = CALL["phone"]  # 13900001111
MASKED = "*******1111"


def test_mask_and_redact_by_class() -> None:
    assert permissions.mask_phone("+86 139 0000 1234") == "+** *** **** 1234"
    assert permissions.mask_phone("139", 0) == "***"
    call = {"id": 1, "customer_id": 7, "customer_name": "Li Wei", "phone": "13900001111",
            "address": "12 Long Road", "district": "Xuhui", "lat": 31.23456, "lon": 121.4567,
            "status": "new", "notes": "key under mat", "feedback": None}
    closed = {**call, "status": "completed"}
    assert permissions.redact({"call": call}, permissions.FULL)["call"] is call
    assert permissions.redact({"call": call}, "in_hand")["call"]["phone"] == PHONE
    assert permissions.redact({"call": closed}, "in_hand")["call"]["phone"] == MASKED
    assert permissions.redact({"call": call}, "masked")["call"]["phone"] == MASKED
    t = permissions.redact({"call": call}, "training")["call"]
    assert (t["customer_name"], t["phone"], t["address"], t["lat"], t["notes"]) == (
        "Customer #7", "***********", "Xuhui", 31.23, "")
    assert call["phone"] == PHONE  # the original is never changed
    detail = permissions.redact({"call": call, "notes": [{"id": 1, "text": "dog bites"}],
                                 "customer": {"id": 7, "name": "Li Wei", "phone": PHONE,
                                              "address": "12 Long Road", "district": "Xuhui"},
                                 "history": [call]}, "training")
    assert detail["notes"][0]["text"] == "" and detail["customer"]["name"] == "Customer #7"
    assert permissions.redact({"call": closed, "customer": {"phone": PHONE}},
                              "in_hand")["customer"]["phone"] == MASKED
    assert permissions.redact({"call": call, "history": [call], "customer": {"phone": PHONE}},
                              "in_hand")["history"][0]["phone"] == MASKED
    # the one table: every role has a visibility class, trainer sees a demo as it is
    assert {r: permissions.visibility(r) for r in permissions.ROLES} == {
        "dispatcher": "in_hand", "supervisor": "masked", "trainer": "training", "admin": "full"}
    assert permissions.visibility("trainer", synthetic=True) == "full"
    assert permissions.export_visibility("supervisor", phones_allowed=True) == "full"
    assert permissions.export_visibility("dispatcher", phones_allowed=True) == "in_hand"


def _users(db: Database) -> None:
    for name, role in (("sue", "supervisor"), ("tia", "trainer"), ("root", "admin")):
        create_user(db, actor=SYSTEM, username=name, display_name=name.title(), role=role,
                    password="pw-" + name)


def test_each_role_sees_what_the_table_says(db: Database) -> None:
    center = make_center(db)
    _users(db)
    open_id = assigned_call(db, center.tech_ids[0])
    done_id = new_call(db, phone="13900002222", customer_name="Zhao Min")
    cancel_call(db, actor=SYSTEM, call_id=done_id, reason="customer fixed it")

    async def scenario() -> dict[str, dict[str, object]]:
        async with running_hub(db) as hub:
            clients = {
                "dispatcher": ConsoleClient(hub.url, username="ann", password="night-shift"),
                "supervisor": ConsoleClient(hub.url, username="sue", password="pw-sue"),
                "trainer": ConsoleClient(hub.url, username="tia", password="pw-tia"),
                "admin": ConsoleClient(hub.url, username="root", password="pw-root"),
            }
            events: dict[str, list[dict[str, object]]] = {r: [] for r in clients}
            seen: dict[str, dict[str, object]] = {}
            try:
                for role, c in clients.items():
                    c.on_event(lambda ev, r=role: events[r].append(ev.payload))
                    await c.start()
                    snap = await c.wait_ready()
                    seen[role] = {"open": snap.calls[open_id].phone,
                                  "done": snap.calls[done_id].phone,
                                  "name": snap.calls[open_id].customer_name}
                new = await clients["dispatcher"].create_call(**{**CALL, "phone": "13900003333"})
                for role in clients:
                    while not any(p.get("call", {}).get("id") == new.id  # type: ignore[union-attr]
                                  for p in events[role]):
                        await asyncio.sleep(0.01)
                    ev = next(p for p in events[role]
                              if p.get("call", {}).get("id") == new.id)  # type: ignore[union-attr]
                    seen[role]["event"] = ev["call"]["phone"]  # type: ignore[index]
                detail = await clients["dispatcher"].call_detail(done_id)
                seen["dispatcher"]["detail_done"] = detail["customer"]["phone"]
                found = await clients["dispatcher"].lookup_customer(PHONE)
                assert found is not None
                seen["dispatcher"]["lookup"] = found["customer"]["phone"]
                with pytest.raises(Forbidden, match="trainer may not lookup customer"):
                    await clients["trainer"].lookup_customer(PHONE)
                with pytest.raises(Forbidden, match="dispatcher may not export calls"):
                    await clients["dispatcher"].export_calls(first="2020-01-01",
                                                             last="2020-01-02")
                today = db.now().date()  # UTC: local days either side cover it
                day, day2 = str(today - timedelta(days=1)), str(today + timedelta(days=1))
                sup = await clients["supervisor"].export_calls(first=day, last=day2,
                                                               target="calls.csv")
                seen["supervisor"]["export"] = sorted(r[6] for r in sup["rows"])
                await asyncio.get_running_loop().run_in_executor(
                    None, lambda: set_flag(db, actor=SYSTEM,
                                           key=permissions.SUPERVISOR_EXPORT_PHONES, on=True))
                sup2 = await clients["supervisor"].export_calls(first=day, last=day2)
                seen["supervisor"]["export_allowed"] = sorted(r[6] for r in sup2["rows"])
            finally:
                for c in clients.values():
                    await c.close()
            return seen

    seen = run(scenario())
    assert seen["admin"] == {"open": PHONE, "done": "13900002222", "name": "Li Wei",
                             "event": "13900003333"}
    assert seen["dispatcher"] == {"open": PHONE, "done": "*******2222", "name": "Li Wei",
                                  "event": "13900003333", "detail_done": "*******2222",
                                  "lookup": PHONE}
    assert seen["supervisor"]["open"] == MASKED and seen["supervisor"]["event"] == "*******3333"
    assert seen["supervisor"]["export"] == ["*******1111", "*******2222", "*******3333"]
    assert seen["supervisor"]["export_allowed"] == [PHONE, "13900002222", "13900003333"]
    assert seen["trainer"]["name"] == "Customer #1" and seen["trainer"]["open"] == "*" * 11
    with db.reading() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.action.in_(
            ("access_denied", "export"))).order_by(AuditRecord.id)).scalars().all()
    assert [(r.action, r.entity, r.actor.split()[1]) for r in rows] == [
        ("access_denied", "lookup_customer", "Tia"),
        ("access_denied", "export_calls", "Ann"),
        ("export", "export", "Sue"),
        ("export", "export", "Sue"),
    ]
    assert "needs the customer_data permission" in (rows[0].reason or "")
    assert rows[2].after == {"kind": "calls", "rows": 3, "masked": True, "target": "calls.csv"}
    assert rows[3].after is not None and rows[3].after["masked"] is False


def test_audit_trail_pages_and_filters_for_supervisors_only(db: Database) -> None:
    center = make_center(db)
    _users(db)
    ids = [assigned_call(db, center.tech_ids[0]) for _ in range(3)]

    async def scenario() -> tuple[list[list[int]], list[str], int]:
        async with running_hub(db) as hub:
            sue = ConsoleClient(hub.url, username="sue", password="pw-sue")
            ann = ConsoleClient(hub.url, username="ann", password="night-shift")
            await sue.start()
            await ann.start()
            try:
                await sue.wait_ready()
                await ann.wait_ready()
                pages: list[list[int]] = []
                cursor = None
                while True:
                    page = await sue.audit_trail(limit=4, before_id=cursor)
                    pages.append([r["id"] for r in page["rows"]])
                    cursor = page["next"]
                    if cursor is None:
                        break
                by_call = await sue.audit_trail(call_id=ids[1])
                actions = [r["action"] for r in by_call["rows"]]
                with pytest.raises(Forbidden, match="needs the audit permission"):
                    await ann.audit_trail()
                assigns = await sue.audit_trail(action="assign_call", actor="system")
                return pages, actions, len(assigns["rows"])
            finally:
                await sue.close()
                await ann.close()

    pages, actions, assigns = run(scenario())
    flat = [i for p in pages for i in p]
    assert flat == sorted(flat, reverse=True) and len(flat) == len(set(flat))
    assert all(len(p) == 4 for p in pages[:-1])
    with db.reading() as s:
        assert len(flat) == s.query(AuditRecord).filter(
            AuditRecord.action != "access_denied").count()
    assert actions == ["assign_call", "create_call"]
    assert assigns == 3


def test_events_are_encoded_once_per_distinct_view() -> None:
    from datetime import UTC, datetime

    from console.db.models import Event
    from console.hub.fanout import encode_event

    at = datetime(2026, 11, 20, tzinfo=UTC)
    tick = encode_event(Event(seq=1, at=at, type="technician.status", payload={"id": 3}))
    assert len(tick) == len(permissions.VISIBILITY_CLASSES) and len({id(t) for t in tick}) == 1
    call = {"id": 1, "customer_id": 7, "customer_name": "Li Wei", "phone": PHONE,
            "address": "12 Long Road", "district": "Xuhui", "lat": 31.2, "lon": 121.4,
            "status": "assigned"}
    full, in_hand, masked, training = encode_event(
        Event(seq=2, at=at, type="call.assigned", payload={"call": call}))
    assert in_hand is full  # an open call: the dispatcher's view is the admin's text
    assert PHONE in full and PHONE not in masked and "Li Wei" not in training
