"""``dispatch-console doctor`` finds each broken condition it claims to, and says what to do."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import text
from websockets.asyncio.server import serve

from console import doctor
from console.cli import main
from console.db.engine import Database
from console.db.migrate import upgrade
from console.hub.server import Hub

sys.path.insert(0, str(Path(__file__).parent / "hub"))
from tests.helpers.hub_support import make_center


def _sqlite(tmp_path: Path, revision: str = "head") -> str:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    db = Database(url)
    upgrade(db, revision)
    db.dispose()
    return url


def _statuses(findings: list[doctor.Finding]) -> dict[str, str]:
    return {f.check: f.status for f in findings}


def test_a_healthy_database_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = _sqlite(tmp_path)
    assert main(["doctor", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "OK    database" in out and "newest migration" in out and "0 failed" in out


def test_missing_database_file_fails_and_is_not_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    [finding] = doctor.check_database(url)
    assert finding.status == doctor.FAIL and "no database file" in finding.detail
    assert "db upgrade" in finding.fix and not (tmp_path / "none.sqlite3").exists()


def test_unreachable_database_server_fails() -> None:
    [finding] = doctor.check_database("postgresql://postgres@127.0.0.1:9/nothing")
    assert finding.status == doctor.FAIL and "cannot connect" in finding.detail
    assert "start the database" in finding.fix


def test_schema_behind_or_ahead_fails_with_the_fix(tmp_path: Path) -> None:
    url = _sqlite(tmp_path, "0001")
    found = doctor.check_database(url)
    schema = next(f for f in found if f.check == "schema")
    assert schema.status == doctor.FAIL and re.search(r"\d+ migration\(s\) behind", schema.detail)
    assert schema.fix.startswith("run: dispatch-console db upgrade")
    db = Database(url)
    upgrade(db)
    with db.transaction() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.dispose()
    schema = next(f for f in doctor.check_database(url) if f.check == "schema")
    assert schema.status == doctor.FAIL and "does not know" in schema.detail


def test_clock_skew_is_graded() -> None:
    ref = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    assert doctor.skew("clock (hub)", ref + timedelta(seconds=0.5), ref).status == doctor.OK
    warn = doctor.skew("clock (hub)", ref + timedelta(seconds=5), ref)
    assert warn.status == doctor.WARN and "5.0 s ahead of the hub" in warn.detail
    fail = doctor.skew("clock (hub)", ref - timedelta(minutes=3), ref)
    assert fail.status == doctor.FAIL and "behind" in fail.detail and "set-ntp" in fail.fix


def test_clock_skew_against_the_database_server() -> None:
    url = os.environ.get("DISPATCH_TEST_PG_URL")
    if not url:
        pytest.skip("the database clock check needs PostgreSQL (DISPATCH_TEST_PG_URL)")
    fast = doctor.check_database(url, clock=lambda: datetime.now(UTC) + timedelta(minutes=2))
    assert _statuses(fast)["clock (database)"] == doctor.FAIL
    right = doctor.check_database(url)
    assert _statuses(right)["clock (database)"] == doctor.OK


def test_hub_reachable_unreachable_and_impostor(tmp_path: Path) -> None:
    db = Database(_sqlite(tmp_path))
    make_center(db, technicians=0, channels=0)

    async def scenario() -> None:
        hub = Hub(db)
        await hub.start()
        try:
            [up] = await asyncio.to_thread(doctor.check_hub, hub.url)
            assert up.status == doctor.OK and "answered in" in up.detail
        finally:
            await hub.stop()
        [down] = await asyncio.to_thread(doctor.check_hub, hub.url)
        assert down.status == doctor.FAIL and "start the hub" in down.fix

        async def echo(ws):  # type: ignore[no-untyped-def]
            async for message in ws:
                await ws.send(message)

        async with serve(echo, "127.0.0.1", 0) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            [odd] = await asyncio.to_thread(doctor.check_hub, f"ws://127.0.0.1:{port}")
        assert odd.status == doctor.FAIL and "not like a dispatch hub" in odd.detail

    asyncio.run(scenario())
    db.dispose()


def test_a_web_server_is_not_a_hub() -> None:
    class Plain(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Plain)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        [finding] = doctor.check_hub(f"ws://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert finding.status == doctor.FAIL


def _cert(tmp: Path, days: int) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                    str(days), "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def test_certificate_expiry_soon_and_past(tmp_path: Path) -> None:
    cert, _key = _cert(tmp_path, 3)
    soon = doctor.check_certificate_file(cert)
    assert soon.status == doctor.WARN and "expires in" in soon.detail and "renew" in soon.fix
    later = datetime.now(UTC) + timedelta(days=10)  # the same certificate, ten days on
    gone = doctor.check_certificate_file(cert, clock=lambda: later)
    assert gone.status == doctor.FAIL and "expired" in gone.detail
    long_cert, _ = _cert(_sub(tmp_path), 400)
    assert doctor.check_certificate_file(long_cert).status == doctor.OK
    missing = doctor.check_certificate_file(tmp_path / "nope.pem")
    assert missing.status == doctor.FAIL


def _sub(tmp: Path) -> Path:
    sub = tmp / "long"
    sub.mkdir()
    return sub


def test_a_wss_hub_with_an_expiring_certificate_warns(tmp_path: Path) -> None:
    cert, key = _cert(tmp_path, 3)
    db = Database(_sqlite(tmp_path))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    async def scenario() -> list[doctor.Finding]:
        hub = Hub(db, ssl_context=context)
        await hub.start()
        try:
            return await asyncio.to_thread(doctor.check_hub, hub.url)
        finally:
            await hub.stop()

    found = _statuses(asyncio.run(scenario()))
    db.dispose()
    assert found == {"hub": doctor.OK, "tls": doctor.WARN}


def test_low_disk_space_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    free_mb = shutil.disk_usage(tmp_path).free / 2**20
    [warn] = doctor.check_disk([tmp_path], warn_mb=free_mb * 2, fail_mb=1)
    assert warn.status == doctor.WARN and "free space" in warn.fix
    [fail] = doctor.check_disk([tmp_path / "not" / "yet"], warn_mb=free_mb * 4,
                               fail_mb=free_mb * 2)
    assert fail.status == doctor.FAIL
    url = _sqlite(tmp_path)
    assert main(["doctor", "--db", url, "--min-free-mb", str(free_mb * 10)]) == 1
    assert "FAIL  disk" in capsys.readouterr().out
