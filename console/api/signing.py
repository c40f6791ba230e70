"""Webhook signatures: ``Dispatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>``.

The MAC covers ``"<t>.<raw body>"`` so a receiver can refuse replays outside its window
(docs/webhooks.md shows the receiver's side; a test runs that example).
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "Dispatch-Signature"
REPLAY_WINDOW_S = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, now: float,
           window: int = REPLAY_WINDOW_S) -> bool:
    """True for a signature made with ``secret`` less than ``window`` seconds ago."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(now - timestamp) > window:
        return False
    want = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(want, parts.get("v1", ""))
