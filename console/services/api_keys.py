"""API keys for integrations: created with scopes, shown once, stored hashed, revoked.

A key owns an intake channel of kind ``partner_api`` so calls it creates share the websocket
intake's rules: idempotency keys are scoped per channel and a key cancels only its own calls.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from console.db.engine import Database
from console.db.models import ApiKey, IntakeChannel
from console.domain import Channel
from console.errors import InvalidInput, NotFound
from console.services import validate
from console.services.accounts import hash_token
from console.services.actors import Actor
from console.services.journal import Journal

SCOPES = ("intake", "read", "finance", "webhooks")
KEY_PREFIX = "ndc_"
#: An intake channel that belongs to a key never accepts a websocket token.
NO_TOKEN = "!api-key-channel"


@dataclass(frozen=True, slots=True)
class ApiKeyView:
    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]
    channel_id: int
    rate_per_s: float
    burst: int
    active: bool
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


def _view(k: ApiKey) -> ApiKeyView:
    return ApiKeyView(k.id, k.name, k.prefix, tuple(k.scopes), k.channel_id, k.rate_per_s,
                      k.burst, k.active, k.created_at, k.created_by, k.revoked_at)


def parse_scopes(scopes: list[str] | tuple[str, ...] | str) -> list[str]:
    items = scopes.split(",") if isinstance(scopes, str) else list(scopes)
    out = sorted({s.strip() for s in items if s.strip()})
    bad = [s for s in out if s not in SCOPES]
    if bad or not out:
        raise InvalidInput(
            f"scopes must be some of: {', '.join(SCOPES)} (got {', '.join(bad) or 'none'})",
            field="scopes",
        )
    return out


def create_api_key(
    db: Database,
    *,
    actor: Actor,
    name: str,
    scopes: list[str] | tuple[str, ...] | str,
    rate_per_s: float = 20.0,
    burst: int = 40,
) -> tuple[ApiKeyView, str]:
    """Create a key; returns its view and the secret (shown once, only its hash is kept)."""
    label = validate.text("name", name, max_len=60)
    wanted = parse_scopes(scopes)
    if not 0 < rate_per_s <= 10_000:
        raise InvalidInput("rate_per_s must be in 0..10000", field="rate_per_s")
    validate.integer("burst", burst, 1, 100_000)
    secret = KEY_PREFIX + secrets.token_urlsafe(30)
    with db.transaction() as session:
        if session.execute(select(ApiKey.id).where(ApiKey.name == label)).first():
            raise InvalidInput(f"an API key named {label!r} already exists", field="name")
        journal = Journal(session, actor, db.now())
        channel = IntakeChannel(name=f"api:{label}", kind=Channel.PARTNER_API.value,
                                token_hash=NO_TOKEN, active=True)
        session.add(channel)
        session.flush()
        key = ApiKey(name=label, prefix=secret[:12], key_hash=hash_token(secret), scopes=wanted,
                     channel_id=channel.id, rate_per_s=float(rate_per_s), burst=burst,
                     active=True, created_at=journal.at, created_by=actor.label)
        session.add(key)
        session.flush()
        journal.audit("create_api_key", "api_key", key.id, None,
                      {"name": label, "scopes": wanted, "prefix": key.prefix})
        return _view(key), secret


def revoke_api_key(db: Database, *, actor: Actor, key_id: int) -> ApiKeyView:
    with db.transaction() as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            raise NotFound(f"API key {key_id} does not exist", key_id=key_id)
        journal = Journal(session, actor, db.now())
        if key.active:
            key.active = False
            key.revoked_at = journal.at
            channel = session.get(IntakeChannel, key.channel_id)
            if channel is not None:
                channel.active = False
            journal.audit("revoke_api_key", "api_key", key.id, {"active": True},
                          {"active": False})
        return _view(key)


def list_api_keys(db: Database) -> list[ApiKeyView]:
    with db.reading() as session:
        rows = session.execute(select(ApiKey).order_by(ApiKey.id)).scalars()
        return [_view(k) for k in rows]


def find_api_key(db: Database, secret: str) -> ApiKeyView | None:
    """The active key with this secret, or None (unknown and revoked look the same)."""
    if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
        return None
    with db.reading() as session:
        key = session.execute(
            select(ApiKey).where(ApiKey.key_hash == hash_token(secret))
        ).scalar_one_or_none()
        if key is None or not key.active:
            return None
        return _view(key)


WEB_CHANNEL = "web-form"


def ensure_web_channel(db: Database) -> int:
    """The intake channel of the customer's web form (kind ``web``), created on first use."""
    with db.reading() as session:
        found = session.execute(
            select(IntakeChannel.id).where(IntakeChannel.name == WEB_CHANNEL)
        ).scalar_one_or_none()
    if found is not None:
        return int(found)
    try:
        with db.transaction() as session:
            channel = IntakeChannel(name=WEB_CHANNEL, kind=Channel.WEB.value,
                                    token_hash=NO_TOKEN, active=True)
            session.add(channel)
            session.flush()
            Journal(session, Actor("system", None, "api"), db.now()).audit(
                "create_channel", "intake_channel", channel.id, None, {"name": WEB_CHANNEL})
            return channel.id
    except IntegrityError:  # another process created it first
        return ensure_web_channel(db)
