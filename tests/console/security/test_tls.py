"""TLS with the center's own CA: a loopback hub serving wss:// with a certificate from
``tls init``, clients that verify it (and refuse a wrong CA or an expired certificate), and
the rule that a hub off loopback needs TLS unless it is told --insecure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from console.cli import main as cli_main
from console.client import ConsoleClient
from console.db.engine import Database
from console.db.migrate import upgrade
from console.db.models import AuditRecord
from console.hub import Hub
from console.hub.peers import FieldAppClient
from console.security import tls
from tests.helpers.hub_support import PASSWORD, USER, make_center, run, running_hub


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'tls.db'}")
    upgrade(db)
    yield db  # type: ignore[misc]
    db.dispose()


def _audit(db: Database, action: str) -> list[AuditRecord]:
    with db.reading() as s:
        return list(s.execute(select(AuditRecord).where(AuditRecord.action == action)).scalars())


def test_wss_with_the_centers_ca_and_a_wrong_ca_refused(sqlite_db: Database,
                                                        tmp_path: Path) -> None:
    center = make_center(sqlite_db, technicians=1, channels=0)
    ours = tls.init(tmp_path / "ours", ["localhost", "127.0.0.1"], days=10)
    theirs = tls.init(tmp_path / "theirs", ["localhost", "127.0.0.1"])
    context, not_after = tls.server_context(ours.cert, ours.key)

    async def scenario() -> None:
        async with running_hub(sqlite_db, ssl_context=context, cert_not_after=not_after) as hub:
            assert hub.url.startswith("wss://127.0.0.1:")
            client = ConsoleClient(hub.url, username=USER, password=PASSWORD,
                                   ssl_context=tls.client_context(ours.ca_cert))
            await client.start()
            await client.wait_ready()
            assert client.security == {"tls": True, "insecure": False,
                                       "cert_not_after": not_after.isoformat()}
            notice = tls.expiry_notice(datetime.fromisoformat(client.security["cert_not_after"]),
                                       datetime.now(UTC))
            assert notice is not None and "expires in" in notice
            await client.close()
            wrong = ConsoleClient(hub.url, username=USER, password=PASSWORD,
                                  ssl_context=tls.client_context(theirs.ca_cert))
            await wrong.start()
            with pytest.raises(tls.UntrustedHub, match="certificate is not trusted"):
                await wrong.wait_ready()
            await wrong.close()
            phone = FieldAppClient(hub.url, center.tech_tokens[0],
                                   ssl_context=tls.client_context(theirs.ca_cert))
            with pytest.raises(tls.UntrustedHub):
                await phone.connect()

    run(scenario())
    assert tls.expiry_notice(not_after + timedelta(days=30), datetime.now(UTC)) is None
    start = _audit(sqlite_db, "hub_start")
    assert len(start) == 1 and start[0].after["tls"] is True
    assert start[0].after["cert_not_after"] == not_after.isoformat()


def test_an_expired_hub_certificate_is_refused_by_hub_and_client(sqlite_db: Database,
                                                                 tmp_path: Path) -> None:
    make_center(sqlite_db, technicians=0, channels=0)
    old = tls.init(tmp_path, ["127.0.0.1"], days=1,
                   now=datetime.now(UTC) - timedelta(days=3))
    with pytest.raises(tls.CertificateExpired, match="expired on"):
        tls.server_context(old.cert, old.key)
    url = str(sqlite_db.engine.url)
    code = cli_main(["hub", "--db", url, "--tls-cert", str(old.cert), "--tls-key",
                     str(old.key), "--port", "0"])
    assert code == 2
    refused = _audit(sqlite_db, "hub_start_refused")
    assert len(refused) == 1 and "expired" in (refused[0].reason or "")

    # a hub made to serve it anyway: the client says why it will not talk to it
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(old.cert, old.key)

    async def scenario() -> None:
        async with running_hub(sqlite_db, ssl_context=context) as hub:
            client = ConsoleClient(hub.url, username=USER, password=PASSWORD,
                                   ssl_context=tls.client_context(old.ca_cert))
            await client.start()
            with pytest.raises(tls.UntrustedHub, match="expired"):
                await client.wait_ready()
            await client.close()

    run(scenario())


def test_off_loopback_needs_tls_or_insecure(sqlite_db: Database) -> None:
    make_center(sqlite_db, technicians=0, channels=0)

    async def scenario() -> None:
        hub = Hub(sqlite_db, host="0.0.0.0")
        with pytest.raises(tls.TlsRequired, match="without TLS"):
            await hub.start()
        await hub.stop()
        async with running_hub(sqlite_db, host="0.0.0.0", insecure=True) as hub:
            client = ConsoleClient(f"ws://127.0.0.1:{hub.port}", username=USER,
                                   password=PASSWORD)
            await client.start()
            await client.wait_ready()
            assert client.security["insecure"] is True
            await client.close()

    run(scenario())
    start = _audit(sqlite_db, "hub_start")
    assert [a.after["insecure"] for a in start] == [True]
    assert tls.is_loopback("127.0.0.1") and tls.is_loopback("::1")
    assert not tls.is_loopback("10.0.0.5") and not tls.is_loopback("hub.local")


def test_tls_init_prints_how_to_trust_the_ca(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["tls", "init", "--dir", str(tmp_path), "--host", "hub.local",
                     "--host", "10.0.0.5"]) == 0
    out = capsys.readouterr().out
    assert "created CA" in out and "update-ca-certificates" in out and "--tls-ca" in out
    assert cli_main(["tls", "init", "--dir", str(tmp_path), "--host", "hub2.local"]) == 0
    assert "reused CA" in capsys.readouterr().out
    from cryptography import x509
    cert = x509.load_pem_x509_certificate((tmp_path / "hub.pem").read_bytes())
    ca = x509.load_pem_x509_certificate((tmp_path / "ca.pem").read_bytes())
    assert cert.issuer == ca.subject
    assert cert.extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName) == ["hub2.local"]
