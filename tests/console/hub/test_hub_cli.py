"""``dispatch-console hub``: minting credentials (printed once, stored hashed) and serving,
over ws:// and wss://, until SIGTERM."""

from __future__ import annotations

import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from console.cli import main
from console.db.engine import Database
from console.hub.auth import AuthFailed
from console.hub.peers import FieldAppClient, IntakeClient
from tests.helpers.hub_support import make_center, run, running_hub


def test_channel_add_and_technician_token(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    center = make_center(db, technicians=1, channels=0)
    assert main(["hub", "--db", db.url, "channel", "add", "webform", "--kind", "web"]) == 0
    channel_token = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert main(["hub", "--db", db.url, "token", "technician", str(center.tech_ids[0])]) == 0
    tech_token = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert main(["hub", "--db", db.url, "token", "technician", "999"]) == 2
    assert "does not exist" in capsys.readouterr().out

    async def scenario() -> None:
        async with running_hub(db) as hub:
            intake = IntakeClient(hub.url, channel_token)
            assert (await intake.connect())["actor"]["role"] == "web"
            await intake.close()
            app = FieldAppClient(hub.url, tech_token)
            assert (await app.connect())["technician_id"] == center.tech_ids[0]
            await app.close()
            with pytest.raises(AuthFailed):  # the old token was revoked
                await FieldAppClient(hub.url, center.tech_tokens[0]).connect()

    run(scenario())


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.mark.parametrize("tls", [False, True], ids=["ws", "wss"])
def test_hub_command_serves_until_sigterm(tmp_path: Path, tls: bool) -> None:
    if tls and shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    args = [sys.executable, "-m", "console.cli", "hub", "--db", url, "--port", "0"]
    client_ssl = None
    if tls:
        cert, key = _self_signed(tmp_path)
        args += ["--tls-cert", str(cert), "--tls-key", str(key)]
        client_ssl = ssl.create_default_context(cafile=str(cert))
        client_ssl.check_hostname = False
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"(wss?://\S+)", line)
        assert found, line
        db = Database(url)
        center = make_center(db, technicians=1, channels=0)

        async def scenario() -> None:
            app = FieldAppClient(found.group(1), center.tech_tokens[0], ssl_context=client_ssl)
            await app.connect()
            assert (await app.shift("start"))["technician"]["status"] == "available"
            await app.close()

        run(scenario())
        db.dispose()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert found.group(1).startswith("wss://" if tls else "ws://")


def test_bad_tls_options_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    assert main(["hub", "--db", url, "--tls-cert", str(tmp_path / "c.pem")]) == 2
    assert "go together" in capsys.readouterr().out

