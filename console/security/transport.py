"""The hub's transport rules: TLS required off loopback, no guessable logins off loopback,
what consoles are told about it, the ``hub_start`` audit row, and refusing a field-app or
channel token offered as a console.
"""

from __future__ import annotations

import logging
import ssl
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from websockets.asyncio.server import ServerConnection

from console.db.engine import Database
from console.db.models import IntakeChannel, Technician
from console.hub.auth import AuthFailed
from console.security.logins import GuessableLogins, named_as_password
from console.security.tls import CertificateExpired, TlsRequired, is_loopback, server_context
from console.services.accounts import hash_token
from console.services.actors import Actor
from console.services.journal import Journal
from console.services.signin import SYSTEM

log = logging.getLogger(__name__)
HUB_ACTOR = Actor("system", None, "hub")


class _Hub(Protocol):
    db: Database
    id: str
    host: str
    port: int
    ssl_context: ssl.SSLContext | None
    insecure: bool
    cert_not_after: datetime | None


def check_bind(hub: _Hub) -> None:
    """Plain ws:// is for loopback only, unless the operator said --insecure (logged); and
    no hub off loopback while an account's password is its user name (audited)."""
    if is_loopback(hub.host):
        return
    if hub.ssl_context is None and not hub.insecure:
        raise TlsRequired(
            f"refusing to listen on {hub.host} without TLS: give --tls-cert and --tls-key "
            "(make them with `dispatch-console tls init`), or --insecure to accept "
            "unencrypted traffic on this network")
    guessable = named_as_password(hub.db)
    if guessable:
        refused = GuessableLogins(hub.host, guessable)
        audit_refused_start(hub.db, hub.host, str(refused))
        raise refused
    if hub.ssl_context is None:
        log.warning("INSECURE: hub listening on %s without TLS; passwords, customer data "
                    "and positions cross the network unencrypted", hub.host)


def security_info(hub: _Hub) -> dict[str, Any]:
    return {
        "tls": hub.ssl_context is not None,
        "insecure": hub.ssl_context is None and hub.insecure,
        "cert_not_after": hub.cert_not_after.isoformat() if hub.cert_not_after else None,
    }


def audit_start(hub: _Hub) -> None:
    with hub.db.transaction() as s:
        Journal(s, HUB_ACTOR, hub.db.now()).audit(
            "hub_start", "hub", None, None,
            {"hub_id": hub.id, "bind": f"{hub.host}:{hub.port}", **security_info(hub)})


def audit_refused_start(db: Database, host: str, reason: str) -> None:
    """A hub that would not start for a transport reason (an expired certificate,
    guessable logins off loopback)."""
    with db.transaction() as s:
        Journal(s, HUB_ACTOR, db.now()).audit(
            "hub_start_refused", "hub", None, None, {"bind": host}, reason)


def server_tls(db: Database, *, cert: str | None, key: str | None,
               host: str) -> tuple[ssl.SSLContext | None, datetime | None]:
    """A server's TLS context and its certificate's expiry (none without ``cert``); an
    expired certificate is refused and the refusal audited (the hub and the HTTP API).
    The commands check first that ``cert`` and ``key`` come together."""
    if not cert or not key:
        return None, None
    try:
        return server_context(cert, key, now=db.now())
    except CertificateExpired as exc:
        audit_refused_start(db, host, str(exc))
        raise


def peer(ws: ServerConnection) -> str:
    """The client's address for the session row and the audit (never personal data)."""
    addr = ws.remote_address
    if isinstance(addr, tuple) and len(addr) >= 2:
        return f"{addr[0]}:{addr[1]}"
    return str(addr or "")


def refuse_token_as_console(db: Database, token: str, client: str) -> None:
    """A console hello with a field-app or channel token: refused and audited, saying so."""
    with db.transaction() as s:
        h = hash_token(token)
        tech = s.execute(select(Technician.id).where(Technician.token_hash == h)).first()
        chan = s.execute(select(IntakeChannel.id).where(IntakeChannel.token_hash == h)).first()
        what = "a field-app token" if tech else "an intake channel token" if chan else "a token"
        Journal(s, SYSTEM, db.now()).audit(
            "sign_in_failed", "user", None, None,
            {"username": None, "reason": f"{what} used as a console", "client": client})
    raise AuthFailed(
        f"{what} cannot open a console; a console signs in with a user name and password")
