"""Checks an operator runs before a night shift (``dispatch-console doctor``).

Each check returns a ``Finding``: ok, warn or fail, what was seen, and — when not ok —
what to do about it, in one line an on-call engineer can act on at 3 a.m.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import ssl
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from console.db.engine import Database, resolve_url
from console.db.migrate import alembic_config, current

OK, WARN, FAIL = "ok", "warn", "fail"
#: The hub refuses fixes stamped in the future; skew past this breaks field apps.
SKEW_WARN_S, SKEW_FAIL_S = 2.0, 30.0
CERT_WARN_DAYS = 14
HUB_SLOW_MS = 250.0
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    status: str
    detail: str
    fix: str = ""


def _utcnow() -> datetime:
    return datetime.now(UTC)


# ---- database -------------------------------------------------------------------------------


def check_database(url: str | None, *, clock: Clock = _utcnow) -> list[Finding]:
    """Reachable, which server, schema at the newest migration, clock against the server."""
    resolved = resolve_url(url)
    if resolved.startswith("sqlite:///"):  # opening a missing SQLite file would create it
        path = Path(resolved.removeprefix("sqlite:///"))
        if not path.is_file():
            return [Finding("database", FAIL, f"no database file at {path}",
                            f"run: dispatch-console db upgrade --db '{resolved}' (or fix the "
                            "path)")]
    db = Database(resolved)
    shown = db.engine.url.render_as_string(hide_password=True)
    try:
        try:
            with db.read_engine.connect() as conn:
                version = _server_version(conn, db.is_postgres)
                server_now = conn.execute(text("SELECT now()")).scalar_one() \
                    if db.is_postgres else None
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            return [Finding("database", FAIL, f"cannot connect to {shown}: {reason}",
                            "start the database server or fix --db / DISPATCH_DB_URL / "
                            "the config file's database")]
        found = [Finding("database", OK, f"{shown}: {version}")]
        found.append(_schema(db))
        if server_now is not None:
            found.append(skew("clock (database)", clock(), server_now))
        return found
    finally:
        db.dispose()


def _server_version(conn: object, postgres: bool) -> str:
    run = conn.execute  # type: ignore[attr-defined]
    if postgres:
        return "PostgreSQL " + str(run(text("SHOW server_version")).scalar_one())
    return "SQLite " + str(run(text("SELECT sqlite_version()")).scalar_one())


def _schema(db: Database) -> Finding:
    head = ScriptDirectory.from_config(alembic_config(db.url)).get_current_head()
    have = current(db)
    fix = f"run: dispatch-console db upgrade --db '{db.url}'"
    if have is None:
        return Finding("schema", FAIL, "no schema: the database was never migrated", fix)
    if have != head:
        script = ScriptDirectory.from_config(alembic_config(db.url))
        known = {rev.revision for rev in script.walk_revisions()}
        if have not in known:
            return Finding("schema", FAIL, f"at {have}, which this version does not know "
                           f"(newer than {head}?)", "upgrade this console to the hub's version")
        behind = sum(1 for _ in script.iterate_revisions(head, have))
        return Finding("schema", FAIL, f"at {have}, {behind} migration(s) behind {head}", fix)
    return Finding("schema", OK, f"at the newest migration ({head})")


def skew(name: str, local: datetime, reference: datetime) -> Finding:
    delta = (local - reference).total_seconds()
    detail = f"this machine is {abs(delta):.1f} s {'ahead of' if delta > 0 else 'behind'} " \
             f"the {name.split('(')[-1].rstrip(')')}"
    fix = "turn on time sync (timedatectl set-ntp true / w32tm /resync) on both machines"
    if abs(delta) >= SKEW_FAIL_S:
        return Finding(name, FAIL, detail, fix)
    if abs(delta) >= SKEW_WARN_S:
        return Finding(name, WARN, detail, fix)
    return Finding(name, OK, detail)


# ---- hub ------------------------------------------------------------------------------------


def check_hub(url: str, *, timeout: float = 5.0, clock: Clock = _utcnow) -> list[Finding]:
    """Reachable and speaking our protocol (a hello without credentials must be refused as
    unauthorized), how long that took, the server's clock, its TLS certificate."""
    found = [asyncio.run(_probe(url, timeout))]
    if url.startswith("wss://") and found[0].status != FAIL:
        parts = urlsplit(url)
        found.append(check_remote_certificate(parts.hostname or "", parts.port or 443,
                                              timeout=timeout, clock=clock))
    return found


async def _probe(url: str, timeout: float) -> Finding:
    fix = "start the hub (dispatch-console hub) or fix --hub / the config file's hub_url; " \
          "check the firewall"
    context = None
    if url.startswith("wss://"):  # reachability first; the certificate is its own check
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    start = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            async with connect(url, ssl=context, open_timeout=timeout) as ws:
                await ws.send(json.dumps({"type": "hello", "v": 1, "kind": "console"}))
                reply = json.loads(await ws.recv())
    except (OSError, TimeoutError, InvalidHandshake, InvalidURI, ConnectionClosed) as exc:
        return Finding("hub", FAIL, f"{url}: {type(exc).__name__}: {exc}".strip(), fix)
    ms = (time.perf_counter() - start) * 1000
    if reply.get("type") != "error" or reply.get("code") not in ("unauthorized", "invalid",
                                                                  "bad_message"):
        return Finding("hub", FAIL, f"{url} answered, but not like a dispatch hub: "
                       f"{str(reply)[:80]}", "check the URL points at the hub's port")
    if ms > HUB_SLOW_MS:
        return Finding("hub", WARN, f"{url} answered in {ms:.0f} ms",
                       "the network to the hub is slow; check the link and the hub's load")
    return Finding("hub", OK, f"{url} answered in {ms:.0f} ms")


# ---- TLS ------------------------------------------------------------------------------------


def certificate_finding(pem: str, where: str, now: datetime) -> Finding:
    with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as f:
        f.write(pem)
    try:
        # the standard library's own PEM decoder (no third-party crypto package needed)
        info = ssl._ssl._test_decode_cert(f.name)  # type: ignore[attr-defined]
    finally:
        os.unlink(f.name)
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(info["notAfter"]), UTC)
    days = (expires - now).total_seconds() / 86400
    fix = "renew the certificate and restart the hub with the new --tls-cert/--tls-key"
    if days < 0:
        return Finding("tls", FAIL, f"{where}: expired {-days:.0f} days ago ({expires:%Y-%m-%d})",
                       fix)
    if days < CERT_WARN_DAYS:
        return Finding("tls", WARN, f"{where}: expires in {days:.1f} days ({expires:%Y-%m-%d})",
                       fix)
    return Finding("tls", OK, f"{where}: valid until {expires:%Y-%m-%d} ({days:.0f} days)")


def check_certificate_file(path: Path, *, clock: Clock = _utcnow) -> Finding:
    try:
        pem = path.read_text()
    except OSError as exc:
        return Finding("tls", FAIL, f"{path}: {exc.strerror}", "point --tls-cert at the PEM file")
    return certificate_finding(pem, str(path), clock())


def check_remote_certificate(host: str, port: int, *, timeout: float = 5.0,
                             clock: Clock = _utcnow) -> Finding:
    try:
        pem = ssl.get_server_certificate((host, port), timeout=timeout)
    except (OSError, ssl.SSLError) as exc:
        return Finding("tls", FAIL, f"{host}:{port}: no certificate ({exc})",
                       "check the hub runs with --tls-cert and --tls-key")
    return certificate_finding(pem, f"{host}:{port}", clock())


# ---- disk -----------------------------------------------------------------------------------


def check_disk(paths: list[Path], *, warn_mb: float = 1024, fail_mb: float = 200) -> list[Finding]:
    """Free space where the database, tile cache and logs live."""
    found = []
    seen: set[int] = set()
    for path in paths:
        probe = path if path.exists() else next(p for p in path.parents if p.exists())
        device = probe.stat().st_dev
        if device in seen:
            continue
        seen.add(device)
        free_mb = shutil.disk_usage(probe).free / 2**20
        detail = f"{probe}: {free_mb:,.0f} MB free"
        fix = f"free space on the disk holding {probe} (old demo databases, logs, tile caches)"
        status = FAIL if free_mb < fail_mb else WARN if free_mb < warn_mb else OK
        found.append(Finding("disk", status, detail, "" if status == OK else fix))
    return found
