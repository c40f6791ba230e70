"""Webhooks to a real local receiver: signed, retried through failures and timeouts,
durable across a restart, visible per subscription, re-sendable; the docs' example works."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from console.api.webhooks import RetryPolicy
from console.db.engine import Database
from console.db.models import WebhookDelivery
from console.services import create_call
from console.services.actors import SYSTEM
from console.services.webhooks import create_subscription, list_subscriptions
from tests.helpers.api_support import CALL, auth, key, running_api
from tests.helpers.webhook_receiver import receiver

DOCS = Path(__file__).resolve().parents[3] / "docs" / "webhooks.md"
FAST = RetryPolicy(first_delay=0.2, max_delay=1.0, timeout=0.5, tick=0.05)


def wait_for(cond: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def docs_verifier() -> Callable[..., bool]:
    text = DOCS.read_text(encoding="utf-8")
    code = re.search(r"<!-- verify-example -->\s*```python\n(.*?)```", text, re.S)
    assert code, "docs/webhooks.md lost its verification example"
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), "docs/webhooks.md", "exec"), namespace)
    verifier: Callable[..., bool] = namespace["verify_signature"]
    return verifier


def _deliveries(db: Database) -> list[WebhookDelivery]:
    with db.reading() as s:
        return list(s.execute(select(WebhookDelivery).order_by(WebhookDelivery.id)).scalars())


def test_delivery_survives_failures_and_timeouts_and_is_signed(db: Database) -> None:
    verify = docs_verifier()
    admin = key(db, "admin-hooks", "webhooks")
    with receiver() as rec, running_api(db, policy=FAST) as api:
        rec.script = ["fail", "slow", "fail"]
        r = api.client.post("/v1/webhooks", headers=auth(admin),
                            json={"url": rec.url, "event_types": ["call.created"]})
        assert r.status_code == 201, r.text
        secret, hook_id = r.json()["secret"], r.json()["webhook"]["id"]
        call_id = create_call(db, actor=SYSTEM, **CALL).id
        got = wait_for(rec.accepted)[0]
        assert sorted(x.answered for x in rec.received) == [-1, 200, 500, 500]
        event = json.loads(got.body)
        assert event["type"] == "call.created" and event["data"]["call"]["id"] == call_id
        assert verify(secret, got.body, got.headers["Dispatch-Signature"])
        assert not verify("whsec_wrong-secret-000", got.body, got.headers["Dispatch-Signature"])
        assert not verify(secret, got.body + b" ", got.headers["Dispatch-Signature"])
        assert not verify(secret, got.body, got.headers["Dispatch-Signature"],
                          now=time.time() + 3600)  # replay outside the window
        wait_for(lambda: _deliveries(db)[0].state == "delivered")
        (d,) = _deliveries(db)
        assert d.attempts == 4
        status = api.client.get("/v1/webhooks", headers=auth(admin)).json()["webhooks"][0]
        assert status["last_status"] == 200 and status["failures"] == 0
        assert status["delivered"] == 1
        listed = api.client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth(admin))
        assert listed.json()["deliveries"][0]["attempts"] == 4
        # re-send by hand: the receiver gets the same delivery again
        again = api.client.post(f"/v1/webhooks/deliveries/{d.id}/resend", headers=auth(admin))
        assert again.status_code == 202
        wait_for(lambda: len(rec.accepted()) == 2)
        wait_for(lambda: _deliveries(db)[0].state == "delivered")
        assert rec.accepted()[1].headers["Dispatch-Delivery"] == str(d.id)


def test_pending_deliveries_survive_a_restart(db: Database) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/hook"  # nobody listens yet: connection refused
    create_subscription(db, actor=SYSTEM, url=url, event_types=["*"])
    with running_api(db, policy=FAST):
        create_call(db, actor=SYSTEM, **CALL)
        # attempts count at claim time, failures when the answer is recorded: wait for that
        wait_for(lambda: list_subscriptions(db)[0].failures >= 2)
        sub = list_subscriptions(db)[0]
        assert sub.failures >= 2 and sub.last_error and sub.pending == 1
    # the server is gone; the receiver comes back; a new server finishes the job
    with receiver(port) as rec, running_api(db, policy=FAST):
        wait_for(rec.accepted)
        wait_for(lambda: all(d.state == "delivered" for d in _deliveries(db)))
    assert len(_deliveries(db)) == 1  # restarting queued nothing twice


def test_gives_up_after_the_window_and_bad_subscriptions_are_refused(db: Database) -> None:
    admin = key(db, "admin2", "webhooks")
    reader = key(db, "reader", "read")
    short = RetryPolicy(first_delay=0.1, max_delay=0.1, timeout=0.3, tick=0.05,
                        give_up_after=timedelta(seconds=0.5))
    with receiver() as rec, running_api(db, policy=short) as api:
        rec.script = ["fail"] * 100
        r = api.client.post("/v1/webhooks", headers=auth(admin),
                            json={"url": rec.url, "event_types": ["*"]})
        assert r.status_code == 201
        create_call(db, actor=SYSTEM, **CALL)
        wait_for(lambda: [d.state for d in _deliveries(db)] == ["dead"])
        for bad in ({"url": "ftp://x", "event_types": ["*"]},
                    {"url": rec.url, "event_types": ["call.exploded"]},
                    {"url": rec.url, "event_types": []},
                    {"url": rec.url, "event_types": ["*"], "verbose": True},
                    {"url": rec.url, "event_types": ["*"], "secret": "short"}):
            res = api.client.post("/v1/webhooks", headers=auth(admin), json=bad)
            assert res.status_code == 422 and res.json()["code"] == "invalid", bad
        assert api.client.get("/v1/webhooks", headers=auth(reader)).status_code == 403
        assert len(api.client.get("/v1/webhooks", headers=auth(admin)).json()["webhooks"]) == 1
