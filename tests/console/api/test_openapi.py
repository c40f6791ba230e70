"""The OpenAPI document served at /v1/openapi.json is the one checked into docs/."""

from __future__ import annotations

import json
from pathlib import Path

from console.db.engine import Database
from console.operations import schemas_for
from tests.helpers.api_support import running_api

DOC = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_served_document_equals_the_checked_in_one(db: Database) -> None:
    with running_api(db) as api:
        served = api.client.get("/v1/openapi.json").json()
    checked_in = json.loads(DOC.read_text(encoding="utf-8"))
    assert served == checked_in, (
        "docs/openapi.json is stale: run `dispatch-console api --write-openapi docs/openapi.json`"
    )


def test_intake_body_schema_is_the_protocol_field_table() -> None:
    doc = json.loads(DOC.read_text(encoding="utf-8"))
    body = doc["paths"]["/v1/calls"]["post"]["requestBody"]["content"]["application/json"]
    schema = body["schema"]
    wire = {f.name: f for f in schemas_for("intake")["new_call"] if f.name != "idempotency_key"}
    assert set(schema["properties"]) == set(wire)
    assert set(schema["required"]) == {n for n, f in wire.items() if f.required}
    assert schema["additionalProperties"] is False
    assert schema["properties"]["customer_name"]["maxLength"] == wire["customer_name"].max_len
    params = {p["name"] for p in doc["paths"]["/v1/calls"]["post"]["parameters"]}
    assert "Idempotency-Key" in params
    problem = doc["components"]["schemas"]["Problem"]
    assert {"invalid", "rate_limited", "unauthorized", "forbidden"} <= set(
        problem["properties"]["code"]["enum"])
