"""Prometheus metrics, /healthz and /readyz scraped from a running hub on loopback."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text, update
from websockets.asyncio.client import connect

from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import Call
from console.hub.health import STALL_SECONDS
from console.hub.peers import FieldAppClient, IntakeClient
from tests.helpers.hub_support import (
    PASSWORD,
    USER,
    make_center,
    new_call,
    run,
    running_hub,
    wait_until,
)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    status, body = await asyncio.to_thread(_get, url + "/metrics")
    assert status == 200
    out = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


DOCS = Path(__file__).parents[3] / "docs" / "monitoring"


def documented_metrics() -> set[str]:
    text = (DOCS / "grafana-dashboard.json").read_text() + (DOCS / "alerts.yml").read_text()
    return set(re.findall(r"\bndc_[a-z_]+", text))


def _value(samples: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_have_real_values(db: Database) -> None:
    center = make_center(db, technicians=2, channels=1)
    # one SLA already breached, one at risk, one fine; the oldest unassigned is 40 min old
    now = db.now()
    ids = [new_call(db) for _ in range(3)]
    with db.transaction() as s:
        for call_id, (minutes_left, age) in zip(ids, ((-5, 40), (10, 20), (80, 1)), strict=True):
            s.execute(update(Call).where(Call.id == call_id).values(
                created_at=now - timedelta(minutes=age),
                sla_deadline=now + timedelta(minutes=minutes_left)))

    async def scenario() -> None:
        async with running_hub(db, metrics_port=0) as hub:
            assert hub.health is not None
            url = hub.health.url
            console = ConsoleClient(hub.url, username=USER, password=PASSWORD)
            await console.start()
            await console.wait_ready()
            app = FieldAppClient(hub.url, center.tech_tokens[0])
            await app.connect()
            intake = IntakeClient(hub.url, center.channel_tokens[0])
            await intake.connect()
            for i in range(5):
                await app.position(31.2 + i / 1000, 121.45, ack=i == 4)
            await intake.new_call(idempotency_key="m-1", customer_name="Wang Fang",
                                  phone="13900002222", address="3 Bund", lat=31.23,
                                  lon=121.49, category="lockout", priority="urgent")
            async with connect(hub.url) as raw:  # a bad hello: refused and counted
                await raw.send('{"type":"hello","v":1,"kind":"field","token":"wrong"}')
                with pytest.raises(Exception):  # noqa: B017 - closed with 1008
                    while True:
                        await raw.recv()
            await wait_until(lambda: hub.positions.written >= 5, 10, "the track write")
            m = await scrape(url)
            assert _value(m, "ndc_hub_connections", kind="console") == 1
            assert _value(m, "ndc_hub_connections", kind="field") == 1
            assert _value(m, "ndc_hub_connections", kind="intake") == 1
            assert _value(m, "ndc_hub_messages_total", kind="field", type="position") == 5
            assert _value(m, "ndc_hub_messages_total", kind="intake", type="new_call") == 1
            assert _value(m, "ndc_hub_errors_total", code="unauthorized") == 1
            assert _value(m, "ndc_hub_commit_seconds_count", type="new_call") == 1
            assert _value(m, "ndc_hub_commit_seconds_sum", type="new_call") > 0
            assert _value(m, "ndc_hub_positions_accepted") == 5
            assert _value(m, "ndc_hub_position_backlog") == 0
            assert _value(m, "ndc_db_pool_size") >= 1
            assert _value(m, "ndc_open_calls", sla="breached") == 1
            assert _value(m, "ndc_open_calls", sla="at_risk") == 1
            assert _value(m, "ndc_open_calls", sla="ok") == 2  # + the intake's urgent call
            assert 40 * 60 <= _value(m, "ndc_oldest_unassigned_call_seconds") < 41 * 60
            assert _value(m, "ndc_hub_feed_behind_events") == 0
            # the sample dashboard and alert rules only use metrics the hub really has
            scraped = {name for name, _labels in m}
            assert documented_metrics() <= scraped, documented_metrics() - scraped
            # a bad frame from a connected app counts by its code
            await app.send({"type": "no_such_thing"})
            errors = hub.metrics.errors.labels("unknown_type")
            await wait_until(lambda: errors._value.get() == 1, 5, "the error answer")
            m = await scrape(url)
            assert _value(m, "ndc_hub_errors_total", code="unknown_type") == 1
            for client in (app, intake):
                await client.close()
            await console.close()
            await wait_until(
                lambda: hub.metrics.connections.labels("field")._value.get() == 0, 5, "close"
            )

    run(scenario())


def test_healthz_and_readyz(db: Database) -> None:
    make_center(db, technicians=0, channels=0)

    async def scenario() -> None:
        async with running_hub(db, metrics_port=0) as hub:
            assert hub.health is not None
            url = hub.health.url
            status, body = await asyncio.to_thread(_get, url + "/healthz")
            assert status == 200 and json.loads(body)["ok"] is True
            status, body = await asyncio.to_thread(_get, url + "/readyz")
            ready = json.loads(body)
            assert status == 200 and ready["database"] and ready["listening"]
            assert (await asyncio.to_thread(_get, url + "/nope"))[0] == 404
            # the database really goes away: not ready, with the reason
            await asyncio.to_thread(_break_database, hub.db)
            status, body = await asyncio.to_thread(_get, url + "/readyz")
            assert status == 503 and json.loads(body)["database"] is False
            # a stuck event loop (a blocking call in it): not alive, said from another thread
            answer: list[tuple[int, bytes]] = []
            probe = threading.Thread(target=lambda: (time.sleep(STALL_SECONDS + 0.5),
                                                     answer.append(_get(url + "/healthz"))))
            probe.start()
            time.sleep(STALL_SECONDS + 1.5)
            probe.join()
            status, body = answer[0]
            assert status == 503 and json.loads(body)["ok"] is False

    run(scenario())


def _break_database(db: Database) -> None:
    """SQLite: the file is overwritten with junk. PostgreSQL: the database stops taking
    connections and the open ones are cut."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        db.dispose()
        path = Path(str(url.database))
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.write_bytes(b"this is not a database" * 100)
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = :name AND pid <> pg_backend_pid()"),
                     {"name": url.database})
    admin.dispose()
    db.dispose()


def test_json_logs_are_one_object_per_line_without_personal_data() -> None:
    import logging

    from console.hub.jsonlog import JsonFormatter

    record = logging.LogRecord("console.hub", logging.WARNING, __file__, 1,
                               "call from %s (%s) failed", ("+86 139 0000 1111", "a@b.cn"),
                               None)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line and entry["level"] == "warning" and entry["logger"] == "console.hub"
    assert "139" not in line and "a@b.cn" not in line
    assert entry["event"] == "call from [number] ([email]) failed"


def test_hub_command_serves_metrics_and_json_logs(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "console.cli", "hub", "--db", url, "--port", "0",
         "--metrics-port", "0", "--log-json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()  # hub listening on ws://...
        found = re.search(r"(http://\S+)/metrics", proc.stdout.readline())
        assert found
        status, body = _get(found.group(1) + "/readyz")
        assert status == 200 and json.loads(body)["ok"] is True
        status, body = _get(found.group(1) + "/metrics")
        assert status == 200 and b"ndc_open_calls" in body
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        lines = [line for line in proc.stderr.read().splitlines() if line.strip()]
        assert lines, "the hub logged nothing"
        entries = [json.loads(line) for line in lines]  # every line is one JSON object
        assert any("hub listening" in e["event"] for e in entries)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
