"""Bad input over HTTP: the right status, a problem document, nothing written, still up."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from console.api.context import ApiLimits
from console.db.engine import Database
from console.db.models import Call, Customer
from console.services.actors import SYSTEM
from console.services.api_keys import create_api_key, revoke_api_key
from tests.helpers.api_support import CALL, auth, key, running_api

H = {"Content-Type": "application/json", "Idempotency-Key": "bad-1"}

CASES = [
    ("malformed JSON", b'{"customer_name": "Li', {}, 400, "bad_message", None),
    ("not an object", b"[1, 2]", {}, 400, "bad_message", None),
    ("deep nesting", b"[" * 5000 + b"]" * 5000, {}, 400, "bad_message", None),
    ("wrong type", json.dumps({**CALL, "lat": "north"}).encode(), {}, 422, "invalid", "lat"),
    ("out of range", json.dumps({**CALL, "lon": 500}).encode(), {}, 422, "invalid", "lon"),
    ("unknown field", json.dumps({**CALL, "vip": True}).encode(), {}, 422, "invalid", "vip"),
    ("key in body", json.dumps({**CALL, "idempotency_key": "x"}).encode(), {}, 422, "invalid",
     "idempotency_key"),
    ("missing field", json.dumps({k: v for k, v in CALL.items() if k != "phone"}).encode(), {},
     422, "invalid", "phone"),
    ("bad category", json.dumps({**CALL, "category": "ufo"}).encode(), {}, 422, "invalid",
     "category"),
    ("oversized", json.dumps({**CALL, "notes": "x" * 70_000}).encode(), {}, 413, "too_large",
     None),
    ("no idempotency key", json.dumps(CALL).encode(), {"Idempotency-Key": ""}, 422, "invalid",
     "Idempotency-Key"),
    ("not JSON media type", json.dumps(CALL).encode(), {"Content-Type": "text/plain"}, 415,
     "unsupported_media_type", None),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_intake_is_answered_and_writes_nothing(
    db: Database, case: tuple[str, bytes, dict[str, str], int, str, str | None]
) -> None:
    _name, raw, headers, status, code, field = case
    secret = key(db, "partner", "intake")
    with running_api(db) as api:
        h = {**H, **auth(secret), **headers}
        if h.get("Idempotency-Key") == "":
            del h["Idempotency-Key"]
        r = api.client.post("/v1/calls", content=raw, headers=h)
        assert r.status_code == status, r.text
        assert r.headers["content-type"] == "application/problem+json"
        doc = r.json()
        assert doc["code"] == code and doc["status"] == status and doc["detail"]
        if field is not None:
            assert doc["field"] == field
        ok = api.client.post("/v1/calls", json=CALL, headers={**auth(secret),
                                                              "Idempotency-Key": "good"})
        assert ok.status_code == 201  # the server stays up
    with db.reading() as s:
        assert s.execute(select(func.count()).select_from(Call)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(Customer)).scalar_one() == 1


def test_bad_revoked_and_unscoped_keys(db: Database) -> None:
    reader = key(db, "reader", "read")
    gone, gone_view_secret = create_api_key(db, actor=SYSTEM, name="gone", scopes="read")
    with running_api(db) as api:
        h = {"Idempotency-Key": "k"}
        cases = {
            "no key": ({}, 401, "unauthorized"),
            "not bearer": ({"Authorization": f"Basic {reader}"}, 401, "unauthorized"),
            "unknown key": (auth("ndc_made_up"), 401, "unauthorized"),
            "wrong scope": (auth(reader), 403, "forbidden"),
        }
        for name, (extra, status, code) in cases.items():
            r = api.client.post("/v1/calls", json=CALL, headers={**h, **extra})
            assert (r.status_code, r.json()["code"]) == (status, code), name
        assert "Bearer" in api.client.get("/v1/technicians").headers["WWW-Authenticate"]
        assert api.client.get("/v1/technicians", headers=auth(gone_view_secret)).is_success
        revoke_api_key(db, actor=SYSTEM, key_id=gone.id)
        deadline = time.monotonic() + 2 * ApiLimits().key_cache_s + 5
        while True:  # a looked-up key is trusted for key_cache_s, then re-read
            r = api.client.get("/v1/technicians", headers=auth(gone_view_secret))
            if r.status_code != 200 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    with db.reading() as s:
        assert s.execute(select(func.count()).select_from(Call)).scalar_one() == 0


def test_bad_queries_and_routes(db: Database) -> None:
    secret = key(db, "fin", "finance")
    with running_api(db) as api:
        h = auth(secret)
        cases = [
            ("/v1/calls", {"from": "yesterday", "to": "2026-11-30T00:00:00Z"}, 422, "invalid"),
            ("/v1/calls", {"from": "2026-11-30T00:00:00Z", "to": "2026-11-29T00:00:00Z"}, 422,
             "invalid"),
            ("/v1/calls", {"from": "2026-11-29T00:00:00Z", "to": "2026-11-30T00:00:00Z",
                           "cursor": "garbage!"}, 422, "invalid"),
            ("/v1/calls", {"from": "2026-11-29T00:00:00", "to": "2026-11-30T00:00:00"}, 422,
             "invalid"),
            ("/v1/jobs", {"from": "2026-11-29T00:00:00Z", "to": "2026-11-30T00:00:00Z",
                          "limit": 0}, 422, "invalid"),
            ("/v1/calls/abc", {}, 422, "invalid"),
            ("/v1/calls/424242", {}, 404, "not_found"),
            ("/v1/nowhere", {}, 404, "not_found"),
            ("/v1/reports/weekly", {"week": "2026-W99"}, 422, "invalid"),
        ]
        for path, params, status, code in cases:
            r = api.client.get(path, params=params, headers=h)
            assert (r.status_code, r.json()["code"]) == (status, code), (path, params, r.text)
            assert r.headers["content-type"] == "application/problem+json"
        r = api.client.delete("/v1/technicians", headers=h)
        assert r.status_code == 405 and r.json()["code"] == "bad_message"
