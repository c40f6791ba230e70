"""The HTTP API against a running server: intake, read, cancel, pages, scopes, limits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import AuditRecord, Call
from console.services import advance_status, assign_call, complete_call
from console.services.accounts import create_technician
from console.services.actors import SYSTEM
from tests.helpers.api_support import CALL, auth, key, running_api


def _count(db: Database, model: type = Call) -> int:
    with db.reading() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def test_intake_is_idempotent_and_read_shows_status_eta_and_first_name(db: Database) -> None:
    secret = key(db, "insurer", "intake,read")
    tech, _tok = create_technician(
        db, actor=SYSTEM, name="James Smith", phone="13800000001", skills=["plumbing"],
        home_base="Xuhui", home_lat=31.19, home_lon=121.43)
    with running_api(db) as api:
        h = {**auth(secret), "Idempotency-Key": "order-1"}
        first = api.client.post("/v1/calls", json=CALL, headers=h)
        again = api.client.post("/v1/calls", json=CALL, headers=h)
        assert first.status_code == 201, first.text
        assert again.status_code == 200 and again.json()["duplicate"] is True
        call_id = first.json()["call"]["id"]
        assert again.json()["call"]["id"] == call_id
        assert first.json()["tracking_url"].startswith(f"/t/{call_id}.")
        assert _count(db) == 1
        assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=tech.id,
                    override_reason="test")
        read = api.client.get(f"/v1/calls/{call_id}", headers=auth(secret)).json()["call"]
        assert read["status"] == "assigned"
        assert read["technician_first_name"] == "James"
        assert read["eta"] is not None
        cancel = api.client.post(f"/v1/calls/{call_id}/cancel", json={"reason": "fixed it"},
                                 headers=auth(secret))
        assert cancel.status_code == 200, cancel.text
        assert cancel.json()["call"]["status"] == "cancelled"


def test_keys_see_only_their_own_calls_unless_finance(db: Database) -> None:
    a, b = key(db, "a", "intake,read"), key(db, "b", "intake,read")
    fin = key(db, "finance", "finance")
    with running_api(db) as api:
        made = api.client.post("/v1/calls", json=CALL,
                               headers={**auth(a), "Idempotency-Key": "k"}).json()
        call_id = made["call"]["id"]
        other = api.client.get(f"/v1/calls/{call_id}", headers=auth(b))
        assert other.status_code == 404
        assert other.headers["content-type"] == "application/problem+json"
        assert other.json()["code"] == "not_found"
        seen = api.client.get(f"/v1/calls/{call_id}", headers=auth(fin))
        assert seen.status_code == 200
        # data visibility: finance sees money and the district, not the person
        assert seen.json()["call"]["customer_name"] == seen.json()["call"]["address"] == ""
        assert made["call"]["customer_name"] == CALL["customer_name"]
        steal = api.client.post(f"/v1/calls/{call_id}/cancel", headers=auth(b))
        assert steal.status_code == 403 and steal.json()["code"] == "forbidden"
        # the same Idempotency-Key from another key is another call
        api.client.post("/v1/calls", json=CALL, headers={**auth(b), "Idempotency-Key": "k"})
        assert _count(db) == 2


def test_calls_and_jobs_page_with_cursors(db: Database) -> None:
    secret, fin = key(db, "crm", "intake,read"), key(db, "fin", "finance")
    tech, _ = create_technician(
        db, actor=SYSTEM, name="王伟", phone="13800000002", skills=["plumbing"],
        home_base="Xuhui", home_lat=31.19, home_lon=121.43)
    start = (db.now() - timedelta(hours=1)).isoformat()
    end = (db.now() + timedelta(hours=1)).isoformat()
    with running_api(db) as api:
        ids = []
        for i in range(5):
            r = api.client.post("/v1/calls", json=CALL,
                                headers={**auth(secret), "Idempotency-Key": f"p{i}"})
            ids.append(r.json()["call"]["id"])
        seen, cursor = [], None
        while True:
            params = {"from": start, "to": end, "limit": 2, **({"cursor": cursor} if cursor
                                                               else {})}
            page = api.client.get("/v1/calls", params=params, headers=auth(secret)).json()
            seen += [c["id"] for c in page["calls"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == ids
        for call_id in ids[:3]:
            assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=tech.id,
                    override_reason="test")
            for step in ("accepted", "en_route", "on_site"):
                advance_status(db, actor=SYSTEM, call_id=call_id, to=step)
            complete_call(db, actor=SYSTEM, call_id=call_id, price_charged=120.0,
                          parts=[{"name": "tap", "amount": 15.5}])
        jobs = api.client.get("/v1/jobs", params={"from": start, "to": end},
                              headers=auth(fin)).json()
        assert [j["call_id"] for j in jobs["jobs"]] == ids[:3]
        assert jobs["jobs"][0]["price_charged"] == 120.0
        assert jobs["jobs"][0]["costs"].get("parts") == 15.5
        assert api.client.get("/v1/jobs", params={"from": start, "to": end},
                              headers=auth(secret)).status_code == 403
        techs = api.client.get("/v1/technicians", headers=auth(secret)).json()["technicians"]
        assert techs[0]["first_name"] == "王师傅"


def test_every_key_use_is_audited(db: Database) -> None:
    secret = key(db, "auditor", "read")
    with running_api(db) as api:
        api.client.get("/v1/technicians", headers=auth(secret))
        api.client.get("/v1/calls/999", headers=auth(secret))
    with db.reading() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.action == "api_request")
                         .order_by(AuditRecord.id)).scalars().all()
        assert [(r.after or {}).get("status") for r in rows] == [200, 404]
        assert rows[0].actor == "api:auditor"


def test_rate_limit_answers_429_with_retry_after(db: Database) -> None:
    secret = key(db, "busy", "read", rate_per_s=1.0, burst=3)
    with running_api(db) as api:
        codes = [api.client.get("/v1/technicians", headers=auth(secret)) for _ in range(5)]
        limited = [r for r in codes if r.status_code == 429]
        assert limited, [r.status_code for r in codes]
        assert limited[0].headers["Retry-After"] == "1"
        assert limited[0].json()["code"] == "rate_limited"
