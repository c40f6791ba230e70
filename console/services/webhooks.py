"""Webhook subscriptions (admin-managed) and their durable delivery queue.

Each subscription names a URL, the event types it wants and a signing secret. Deliveries are
rows, one per (subscription, event), so a crash or restart resumes every pending retry.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import Event, WebhookDelivery, WebhookSubscription
from console.errors import IllegalTransition, InvalidInput, NotFound
from console.services import validate
from console.services.actors import Actor
from console.services.journal import Journal

EVENT_TYPES = (
    "call.created", "call.assigned", "call.reassigned", "call.unassigned", "call.status",
    "call.completed", "call.failed", "call.cancelled", "call.rated", "call.note",
    "call.pinned", "call.unpinned", "technician.status", "technician.created", "cost.added",
)


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    id: int
    url: str
    event_types: tuple[str, ...]
    active: bool
    created_at: datetime
    last_status: int | None
    last_error: str | None
    last_attempt_at: datetime | None
    failures: int
    delivered: int
    pending: int = 0


def _view(s: WebhookSubscription, pending: int = 0) -> SubscriptionView:
    return SubscriptionView(s.id, s.url, tuple(s.event_types), s.active, s.created_at,
                            s.last_status, s.last_error, s.last_attempt_at, s.failures,
                            s.delivered, pending)


def check_url(url: object) -> str:
    text = validate.text("url", url, max_len=500)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("url must be an absolute http(s) URL", field="url")
    return text


def check_event_types(types: object) -> list[str]:
    if not isinstance(types, list) or not types or len(types) > len(EVENT_TYPES) + 1:
        raise InvalidInput("event_types must be a non-empty list", field="event_types")
    bad = [t for t in types if t != "*" and t not in EVENT_TYPES]
    if bad:
        raise InvalidInput(f"unknown event type(s) {bad!r}; known: *, {', '.join(EVENT_TYPES)}",
                           field="event_types")
    return sorted(set(types))


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def create_subscription(db: Database, *, actor: Actor, url: object, event_types: object,
                        secret: str | None = None) -> tuple[SubscriptionView, str]:
    """Subscribe; events from now on are delivered. Returns the view and the secret."""
    target = check_url(url)
    types = check_event_types(event_types)
    key = secret if secret is not None else "whsec_" + secrets.token_urlsafe(24)
    key = validate.text("secret", key, max_len=128)
    if len(key) < 16:
        raise InvalidInput("secret must have at least 16 characters", field="secret")
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        head = session.execute(select(func.max(Event.seq))).scalar_one() or 0
        sub = WebhookSubscription(url=target, event_types=types, secret=key, active=True,
                                  created_at=journal.at, created_by=actor.label, from_seq=head,
                                  failures=0, delivered=0)
        session.add(sub)
        session.flush()
        journal.audit("create_webhook", "webhook", sub.id, None,
                      {"url": target, "event_types": types})
        return _view(sub), key


def remove_subscription(db: Database, *, actor: Actor, subscription_id: int) -> None:
    """Stop a subscription; its undelivered deliveries are dropped with it."""
    with db.transaction() as session:
        sub = session.get(WebhookSubscription, subscription_id)
        if sub is None:
            raise NotFound(f"webhook {subscription_id} does not exist")
        journal = Journal(session, actor, db.now())
        journal.audit("remove_webhook", "webhook", sub.id, {"url": sub.url}, None)
        session.delete(sub)


def list_subscriptions(db: Database) -> list[SubscriptionView]:
    with db.reading() as session:
        pending: dict[int, int] = dict(session.execute(
            select(WebhookDelivery.subscription_id, func.count())
            .where(WebhookDelivery.state == "pending")
            .group_by(WebhookDelivery.subscription_id)
        ).all())
        subs = session.execute(select(WebhookSubscription).order_by(WebhookSubscription.id))
        return [_view(s, pending.get(s.id, 0)) for s in subs.scalars()]


def deliveries(db: Database, subscription_id: int, limit: int = 100) -> list[dict[str, Any]]:
    with db.reading() as session:
        if session.get(WebhookSubscription, subscription_id) is None:
            raise NotFound(f"webhook {subscription_id} does not exist")
        rows = session.execute(
            select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
            .order_by(WebhookDelivery.id.desc()).limit(limit)
        ).scalars()
        return [{"id": d.id, "event_seq": d.event_seq, "event_type": d.event_type,
                 "state": d.state, "attempts": d.attempts, "last_status": d.last_status,
                 "last_error": d.last_error, "created_at": d.created_at.isoformat(),
                 "next_attempt_at": d.next_attempt_at.isoformat(),
                 "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None}
                for d in rows]


def resend(db: Database, *, actor: Actor, delivery_id: int) -> None:
    """Send a delivery again now (delivered or given up); its 24 h of retries start over."""
    with db.transaction() as session:
        d = session.get(WebhookDelivery, delivery_id)
        if d is None:
            raise NotFound(f"delivery {delivery_id} does not exist")
        if d.state == "pending":
            raise IllegalTransition(f"delivery {delivery_id} is still being retried",
                                    status=d.state, refused="resend")
        journal = Journal(session, actor, db.now())
        d.state, d.attempts, d.created_at, d.next_attempt_at = ("pending", 0, journal.at,
                                                                journal.at)
        journal.audit("resend_webhook", "webhook_delivery", d.id, None, None)
