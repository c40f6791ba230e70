"""The command line for integrations: keys, webhooks and the API benchmark."""

from __future__ import annotations

import json

import pytest

from console.cli import main
from console.db.engine import Database
from console.services.api_keys import find_api_key, list_api_keys
from console.services.webhooks import list_subscriptions


def test_apikey_create_list_revoke(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apikey", "create", "crm", "--scopes", "read,webhooks", "--db", db.url]) == 0
    secret = capsys.readouterr().out.rsplit(" ", 1)[1].strip()
    key = find_api_key(db, secret)
    assert key is not None and key.scopes == ("read", "webhooks")
    assert main(["apikey", "list", "--db", db.url]) == 0
    listed = capsys.readouterr().out
    assert "crm" in listed and secret not in listed and "active" in listed
    assert main(["apikey", "create", "crm", "--scopes", "read", "--db", db.url]) == 2
    assert main(["apikey", "create", "x", "--scopes", "admin", "--db", db.url]) == 2
    assert "scopes must be some of" in capsys.readouterr().out
    assert main(["apikey", "revoke", str(key.id), "--db", db.url]) == 0
    assert find_api_key(db, secret) is None and not list_api_keys(db)[0].active
    assert main(["apikey", "revoke", "999", "--db", db.url]) == 2


def test_webhook_add_list_remove(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["webhook", "add", "https://crm.example.com/hook", "--events",
                 "call.completed,call.rated", "--db", db.url]) == 0
    assert "whsec_" in capsys.readouterr().out
    (sub,) = list_subscriptions(db)
    assert sub.event_types == ("call.completed", "call.rated")
    assert main(["webhook", "list", "--db", db.url]) == 0
    assert "crm.example.com" in capsys.readouterr().out
    assert main(["webhook", "add", "ftp://x", "--events", "*", "--db", db.url]) == 2
    assert main(["webhook", "resend", "12345", "--db", db.url]) == 2
    assert main(["webhook", "remove", str(sub.id), "--db", db.url]) == 0
    assert list_subscriptions(db) == []


def test_bench_api_reports_both_paths_and_webhooks(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "api", "--senders", "2", "--seconds", "0.5", "--rounds", "1",
                 "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ws_calls_per_s"] > 0 and result["http_calls_per_s"] > 0
    assert 0 < result["http_p95_ms"] < 30_000
    assert result["webhooks_delivered"] == result["calls_created"] > 0
    assert result["webhook_deliveries_per_s"] > 0
