"""TLS for a call center's LAN: a small private CA, hub certificates, and the contexts the
hub and its clients use.

``dispatch-console tls init --host hub.local --host 10.0.0.5`` writes ``ca.pem`` (give it to
every console and client), ``ca-key.pem`` (keep it offline), ``hub.pem`` and ``hub-key.pem``
(the hub's ``--tls-cert``/``--tls-key``). Clients verify the hub's certificate against the CA
file (``--tls-ca``) or the system's trust store; they never skip verification.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from console.errors import DispatchError

#: The console warns this long before the hub's certificate expires.
EXPIRY_WARNING = timedelta(days=14)


class TlsRequired(Exception):
    """A hub on a non-loopback address without TLS and without --insecure."""


class CertificateExpired(Exception):
    """The hub's own certificate is past its not-after date."""


@dataclass(frozen=True, slots=True)
class Issued:
    ca_cert: Path
    ca_key: Path
    cert: Path
    key: Path
    not_after: datetime


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _name(common: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Night Dispatch Console"),
        x509.NameAttribute(NameOID.COMMON_NAME, common),
    ])


def _san(hosts: list[str]) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    os.chmod(path, 0o600)


def init(out: Path, hosts: list[str], *, days: int = 397, ca_days: int = 3650,
         now: datetime | None = None, ca_name: str = "Night Dispatch private CA") -> Issued:
    """A new CA (unless ``out`` already has one, which is reused) and a hub certificate
    for ``hosts`` (DNS names and IP addresses) valid ``days`` days from ``now``."""
    if not hosts:
        raise ValueError("name at least one host name or IP address for the hub certificate")
    out.mkdir(parents=True, exist_ok=True)
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)
    ca_cert_path, ca_key_path = out / "ca.pem", out / "ca-key.pem"
    if ca_cert_path.exists() and ca_key_path.exists():
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
        loaded = serialization.load_pem_private_key(ca_key_path.read_bytes(), None)
        assert isinstance(loaded, ec.EllipticCurvePrivateKey)
        ca_key = loaded
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_cert = (
            x509.CertificateBuilder().subject_name(_name(ca_name)).issuer_name(_name(ca_name))
            .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=ca_days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        _write_key(ca_key_path, ca_key)
        ca_cert_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    key = ec.generate_private_key(ec.SECP256R1())
    not_after = start + timedelta(days=days)
    cert = (
        x509.CertificateBuilder().subject_name(_name(hosts[0])).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(not_after)
        .add_extension(_san(hosts), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = out / "hub.pem", out / "hub-key.pem"
    _write_key(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Issued(ca_cert_path, ca_key_path, cert_path, key_path,
                  cert.not_valid_after_utc)


def not_after(cert_file: str | Path) -> datetime:
    cert = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    return cert.not_valid_after_utc


def server_context(cert_file: str | Path, key_file: str | Path, *,
                   now: datetime | None = None) -> tuple[ssl.SSLContext, datetime]:
    """The hub's context and its certificate's expiry; an expired certificate is refused."""
    expires = not_after(cert_file)
    if expires <= (now or datetime.now(UTC)):
        raise CertificateExpired(
            f"the hub certificate {cert_file} expired on {expires:%Y-%m-%d %H:%M} UTC; "
            "issue a new one with `dispatch-console tls init`")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(cert_file), str(key_file))
    return ctx, expires


def client_context(ca_file: str | Path | None = None) -> ssl.SSLContext:
    """Verifies the hub's certificate and host name: against ``ca_file`` (the center's CA)
    or, without it, the system's trust store."""
    ctx = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def trust_instructions(ca_file: Path) -> str:
    return "\n".join([
        f"Give {ca_file} (public) to every console and client machine; keep "
        f"{ca_file.with_name('ca-key.pem')} offline.",
        f"  consoles:  dispatch-console --hub wss://HOST:8765 --tls-ca {ca_file.name}",
        f"  or trust it system-wide: Debian/Ubuntu: sudo cp {ca_file.name} "
        "/usr/local/share/ca-certificates/night-dispatch-ca.crt && sudo update-ca-certificates",
        f"  Windows: certutil -addstore -f Root {ca_file.name}   macOS: sudo security "
        f"add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {ca_file.name}",
        "  hub:       dispatch-console hub --host 0.0.0.0 --tls-cert hub.pem --tls-key hub-key.pem",
    ])


def expiry_notice(cert_not_after: datetime | None, now: datetime) -> str | None:
    """What a console shows about the hub's certificate: None when far from expiry."""
    if cert_not_after is None:
        return None
    left = cert_not_after - now
    if left <= timedelta(0):
        return f"hub certificate expired on {cert_not_after:%Y-%m-%d}"
    if left <= EXPIRY_WARNING:
        return f"hub certificate expires in {max(1, left.days)} day(s) ({cert_not_after:%Y-%m-%d})"
    return None


class UntrustedHub(DispatchError):
    """The hub's certificate did not verify (unknown CA, wrong host name, expired)."""

    code = "tls_untrusted"


def untrusted(url: str, exc: ssl.SSLCertVerificationError) -> UntrustedHub:
    said = exc.verify_message or str(exc)
    return UntrustedHub(
        f"refusing the hub at {url}: its certificate is not trusted ({said}); check --tls-ca "
        "and the hub certificate's names and dates")
