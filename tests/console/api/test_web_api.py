"""The customer's JSON endpoints over real HTTP: idempotent form intake, one call per token,
the van only while en route, expiry 24 h after the job, ratings landing on the call."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from console.db.engine import Database
from console.db.models import Call, Technician
from console.services import advance_status, assign_call, complete_call
from console.services.accounts import create_technician
from console.services.actors import SYSTEM
from tests.helpers.api_support import running_api

FORM = {"customer_name": "Emma Brown", "phone": "13900002222", "address": "8 Wulumuqi Rd",
        "lat": 31.21, "lon": 121.44, "category": "no_heating", "notes": "boiler light red"}


def _calls(db: Database) -> int:
    with db.reading() as s:
        return int(s.execute(select(func.count()).select_from(Call)).scalar_one())


def test_form_is_idempotent_and_tracks_one_call(db: Database) -> None:
    tech, _ = create_technician(db, actor=SYSTEM, name="Oliver Wright", phone="13800000009",
                                skills=["heating"], home_base="Xuhui", home_lat=31.19,
                                home_lon=121.43)
    with running_api(db) as api:
        h = {"Idempotency-Key": "web-0123456789abcdef"}
        first = api.client.post("/web/api/calls", json=FORM, headers=h)
        second = api.client.post("/web/api/calls", json=FORM, headers=h)
        assert first.status_code == 201, first.text
        assert second.status_code == 200 and second.json()["duplicate"]
        assert first.json()["tracking_url"] == second.json()["tracking_url"]
        assert _calls(db) == 1
        other = api.client.post("/web/api/calls", json={**FORM, "phone": "13900003333"},
                                headers={"Idempotency-Key": "web-another-form-1"})
        token = first.json()["tracking_url"].rsplit("/", 1)[1]
        other_token = other.json()["tracking_url"].rsplit("/", 1)[1]
        call_id = first.json()["call_id"]
        doc = api.client.get(f"/web/api/track/{token}").json()
        assert doc["call_id"] == call_id and doc["status"] == "new" and doc["van"] is None
        assert "phone" not in doc and "customer_name" not in doc
        forged = f"{other.json()['call_id']}.{token.split('.')[1]}"
        assert api.client.get(f"/web/api/track/{forged}").status_code == 404
        assert api.client.get(f"/web/api/track/{other_token}").json()["call_id"] != call_id
        assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=tech.id,
                    override_reason="test")
        advance_status(db, actor=SYSTEM, call_id=call_id, to="accepted")
        assert api.client.get(f"/web/api/track/{token}").json()["van"] is None
        with db.transaction() as s:
            s.execute(update(Technician).values(last_lat=31.2, last_lon=121.43))
        advance_status(db, actor=SYSTEM, call_id=call_id, to="en_route")
        doc = api.client.get(f"/web/api/track/{token}").json()
        assert doc["van"]["lat"] == 31.2 and doc["technician_first_name"] == "Oliver"
        assert doc["eta"] is not None
        early = api.client.post(f"/web/api/track/{token}/rating", json={"rating": 5})
        assert early.status_code == 409 and early.json()["code"] == "illegal_transition"
        advance_status(db, actor=SYSTEM, call_id=call_id, to="on_site")
        assert api.client.get(f"/web/api/track/{token}").json()["van"] is None
        complete_call(db, actor=SYSTEM, call_id=call_id, price_charged=90.0)
        bad = api.client.post(f"/web/api/track/{token}/rating", json={"rating": 9})
        assert bad.status_code == 422 and bad.json()["field"] == "rating"
        ok = api.client.post(f"/web/api/track/{token}/rating",
                             json={"rating": 4, "feedback": "quick and tidy"})
        assert ok.status_code == 200, ok.text
        again = api.client.post(f"/web/api/track/{token}/rating", json={"rating": 1})
        assert again.status_code == 409
        with db.reading() as s:
            call = s.get(Call, call_id)
            assert call is not None and (call.rating, call.feedback) == (4, "quick and tidy")
        with db.transaction() as s:  # the job ended more than a day ago
            s.execute(update(Call).where(Call.id == call_id)
                      .values(completed_at=db.now() - timedelta(hours=25)))
        expired = api.client.get(f"/web/api/track/{token}")
        assert expired.status_code == 410 and expired.json()["code"] == "expired"


def test_form_bad_input_and_district_instead_of_pin(db: Database) -> None:
    with running_api(db) as api:
        h = {"Idempotency-Key": "web-form-bad-input"}
        no_place = {k: v for k, v in FORM.items() if k not in ("lat", "lon")}
        r = api.client.post("/web/api/calls", json=no_place, headers=h)
        assert r.status_code == 422 and r.json()["field"] == "lat"
        r = api.client.post("/web/api/calls", json={**no_place, "district_pin": "Atlantis"},
                            headers=h)
        assert r.status_code == 422 and r.json()["field"] == "district_pin"
        for bad, name in (({**FORM, "phone": 123}, "phone"),
                          ({**FORM, "category": "ghosts"}, "category"),
                          ({**FORM, "admin": True}, "admin"),
                          ({**FORM, "priority": "emergency"}, "priority")):
            r = api.client.post("/web/api/calls", json=bad, headers=h)
            assert r.status_code == 422 and r.json()["field"] == name, r.text
        assert api.client.post("/web/api/calls", json=FORM).status_code == 422  # no key
        assert _calls(db) == 0
        r = api.client.post("/web/api/calls", json={**no_place, "district_pin": "Xuhui"},
                            headers=h)
        assert r.status_code == 201, r.text
        with db.reading() as s:
            call = s.execute(select(Call)).scalar_one()
            assert call.district == "Xuhui" and call.channel == "web"
            assert "not pinned" in call.notes
        assert api.client.get("/web/api/track/nonsense").status_code == 404
        assert api.client.get("/web/leaflet/../../../etc/passwd").status_code == 404
        assert api.client.get("/web/leaflet/leaflet.js").status_code == 200
        assert api.client.get("/web/").headers["content-type"].startswith("text/html")
