"""Unguessable per-call tracking tokens for the customer's tracking page.

A token is ``<call id>.<HMAC-SHA256 of the call id>`` under a secret kept in the shared
``settings`` table: nothing per call is stored, every API process on one database agrees,
and the same call always gets the same link (a resubmitted form shows the same one). A
token opens exactly one call; it stops working 24 hours after the job ended.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

from console.db.engine import Database
from console.hub import auth

SECRET_KEY = "api.tracking_secret"
VALID_AFTER_END = timedelta(hours=24)


def load_secret(db: Database) -> bytes:
    """The tracking links' signing secret (replace the setting to void every link)."""
    return auth.load_secret(db, SECRET_KEY)


def _sig(secret: bytes, call_id: int) -> str:
    mac = hmac.new(secret, f"track:{call_id}".encode(), hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(mac).decode()


def token_for(secret: bytes, call_id: int) -> str:
    return f"{call_id}.{_sig(secret, call_id)}"


def call_id_of(secret: bytes, token: str) -> int | None:
    """The call a token opens, or None for a forged or malformed one."""
    head, _, sig = token.partition(".")
    if not head.isdigit() or len(head) > 10 or len(sig) != 24:
        return None
    call_id = int(head)
    return call_id if hmac.compare_digest(_sig(secret, call_id), sig) else None


def expired(ended_at: datetime | None, now: datetime) -> bool:
    return ended_at is not None and now > ended_at + VALID_AFTER_END
