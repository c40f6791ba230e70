"""Who is calling the HTTP API: a bearer API key with scopes and its own rate limit.

Each key acts as the intake channel it owns (same Principal the websocket intake gets), so
the hub's operations apply the same idempotency and ownership rules to it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from console.api.context import ApiContext
from console.errors import Forbidden
from console.hub.auth import AuthFailed, Principal
from console.hub.limits import TokenBucket
from console.hub.protocol import RateLimited
from console.services.actors import Actor
from console.services.api_keys import ApiKeyView, find_api_key


@dataclass(frozen=True, slots=True)
class Caller:
    key: ApiKeyView
    principal: Principal

    def has(self, scope: str) -> bool:
        return scope in self.key.scopes


def principal_for(key: ApiKeyView) -> Principal:
    actor = Actor("api_key", key.id, f"api:{key.name}", "partner_api")
    return Principal("intake", actor, channel_id=key.channel_id, channel_kind="partner_api")


class Gate:
    """Authenticates keys and keeps one token bucket per key."""

    def __init__(self, ctx: ApiContext) -> None:
        self.ctx = ctx
        self.buckets: dict[int, TokenBucket] = {}
        self._known: dict[str, tuple[float, ApiKeyView | None]] = {}

    async def _find(self, secret: str) -> ApiKeyView | None:
        """The key for a secret, remembered for ``key_cache_s`` so a busy integration does
        not cost a database read per request (a revocation takes effect within that)."""
        now = time.monotonic()
        hit = self._known.get(secret)
        if hit is not None and now - hit[0] < self.ctx.limits.key_cache_s:
            return hit[1]
        key = await self.ctx.read(find_api_key, self.ctx.db, secret)
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[secret] = (now, key)
        return key

    async def caller(self, request: Request, scopes: tuple[str, ...]) -> Caller:
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise AuthFailed("send the API key as 'Authorization: Bearer <key>'")
        key = await self._find(secret.strip())
        if key is None:
            raise AuthFailed("unknown or revoked API key")
        request.state.api_key = key
        bucket = self.buckets.get(key.id)
        if bucket is None:
            bucket = self.buckets[key.id] = TokenBucket(key.rate_per_s, key.burst)
        if not bucket.take():
            raise RateLimited(
                f"more than {key.rate_per_s:g} requests per second for this key; slow down",
                retry_after=round(1 / key.rate_per_s, 3),
            )
        if not any(s in key.scopes for s in scopes):
            raise Forbidden(
                f"this key lacks the {' or '.join(scopes)} scope", needed=list(scopes)
            )
        return Caller(key, principal_for(key))

    def scope(self, *scopes: str) -> Callable[[Request], Awaitable[Caller]]:
        """A FastAPI dependency admitting keys with any of ``scopes``."""

        async def dependency(request: Request) -> Caller:
            return await self.caller(request, scopes)

        return dependency
