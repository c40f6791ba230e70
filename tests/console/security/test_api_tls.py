"""``dispatch-console api`` off loopback: https (and wss:// for its hub) with a certificate
from the center's own ``tls init``, verified against that CA; without TLS, a one-line
refusal (no traceback) unless ``--insecure``; guessable logins and an expired certificate
refused the same way."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from console.cli import main
from console.client import ConsoleClient
from console.db.engine import Database
from console.db.models import AuditRecord
from console.security import tls
from console.services.accounts import create_user
from console.services.actors import SYSTEM
from tests.helpers.hub_support import run

USER, PASSWORD = "mei", "quiet-river-stone"


def _said(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    said = out.out.strip()
    assert "\n" not in said and "Traceback" not in out.out + out.err
    return said


def test_off_loopback_without_tls_is_refused_in_one_line(
        db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["api", "--db", db.url, "--host", "0.0.0.0", "--port", "0", "--ws-port", "0"]
    assert main(base) == 2
    assert _said(capsys) == (
        "dispatch-console api: refusing to listen on 0.0.0.0 without TLS: give --tls-cert "
        "and --tls-key (make them with `dispatch-console tls init`), or --insecure to accept "
        "unencrypted traffic on this network")
    assert main([*base, "--tls-cert", str(tmp_path / "hub.pem")]) == 2
    assert _said(capsys) == "dispatch-console api: --tls-cert and --tls-key go together"

    create_user(db, actor=SYSTEM, username="admin", display_name="Admin", role="admin",
                password="admin")
    assert main([*base, "--insecure"]) == 2  # the hub beside it refuses the demo login
    assert "(the demo logins): admin." in _said(capsys)

    old = tls.init(tmp_path, ["127.0.0.1"], days=1, now=datetime.now(UTC) - timedelta(days=3))
    assert main([*base, "--tls-cert", str(old.cert), "--tls-key", str(old.key)]) == 2
    assert "expired on" in _said(capsys)
    with db.reading() as s:
        reasons = s.execute(select(AuditRecord.reason)
                            .where(AuditRecord.action == "hub_start_refused")).scalars().all()
    assert len(reasons) == 2 and "demo logins" in (reasons[0] or "")
    assert "expired" in (reasons[1] or "")


def test_https_with_the_centers_ca(db: Database, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    certs = tmp_path / "certs"
    assert main(["tls", "init", "--dir", str(certs), "--host", "localhost",
                 "--host", "127.0.0.1"]) == 0
    capsys.readouterr()
    create_user(db, actor=SYSTEM, username=USER, display_name="Mei", role="admin",
                password=PASSWORD)
    args = [sys.executable, "-m", "console.cli", "api", "--db", db.url, "--host", "0.0.0.0",
            "--port", "0", "--ws-port", "0", "--tls-cert", str(certs / "hub.pem"),
            "--tls-key", str(certs / "hub-key.pem")]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"API listening on https://0\.0\.0\.0:(\d+), hub on "
                          r"wss://0\.0\.0\.0:(\d+)", line)
        assert found, line
        api_port, ws_port = found.groups()
        trusted = tls.client_context(certs / "ca.pem")
        answer = httpx.get(f"https://127.0.0.1:{api_port}/v1/openapi.json", verify=trusted,
                           timeout=30)
        assert answer.status_code == 200 and "openapi" in answer.json()
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(f"https://localhost:{api_port}/v1/openapi.json",
                      verify=tls.client_context(), timeout=30)  # the system store: refused
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{api_port}/v1/openapi.json", timeout=30)

        async def console() -> dict[str, object]:
            client = ConsoleClient(f"wss://127.0.0.1:{ws_port}", username=USER,
                                   password=PASSWORD, ssl_context=trusted)
            await client.start()
            await client.wait_ready()
            security = dict(client.security)
            await client.close()
            return security

        assert run(console())["tls"] is True
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
