"""``/v1/webhooks``: subscriptions, their status and deliveries, and re-sending one.

Only keys with the ``webhooks`` scope reach these, and only admins create keys.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request

from console.api import body
from console.api.callers import Caller, Gate
from console.api.context import ApiContext
from console.errors import InvalidInput
from console.services import webhooks
from console.services.webhooks import EVENT_TYPES

_CREATE = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "additionalProperties": False, "required": ["url", "event_types"],
    "properties": {
        "url": {"type": "string", "maxLength": 500, "format": "uri"},
        "event_types": {"type": "array", "minItems": 1,
                        "items": {"type": "string", "enum": ["*", *EVENT_TYPES]}},
        "secret": {"type": "string", "minLength": 16, "maxLength": 128},
    }}}}}}


def _sub(view: webhooks.SubscriptionView) -> dict[str, Any]:
    doc = asdict(view)
    for k in ("created_at", "last_attempt_at"):
        doc[k] = doc[k].isoformat() if doc[k] else None
    doc["event_types"] = list(view.event_types)
    return doc


def build(ctx: ApiContext, gate: Gate) -> APIRouter:
    r = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
    admin = Depends(gate.scope("webhooks"))

    @r.post("", status_code=201, summary="Subscribe a URL to event types",
            openapi_extra=_CREATE)
    async def create(request: Request, caller: Caller = admin) -> dict[str, Any]:
        """The answer holds the signing secret; it is not shown again."""
        raw = await body.json_object(request, ctx)
        extra = sorted(set(raw) - {"url", "event_types", "secret"})
        if extra:
            raise InvalidInput(f"unknown field(s): {', '.join(extra)}", field=extra[0])
        view, secret = await ctx.write(_create, ctx, caller, raw)
        return {"webhook": _sub(view), "secret": secret}

    @r.get("", summary="Subscriptions with their delivery status")
    async def list_(caller: Caller = admin) -> dict[str, Any]:
        views = await ctx.read(webhooks.list_subscriptions, ctx.db)
        return {"webhooks": [_sub(v) for v in views]}

    @r.delete("/{webhook_id}", status_code=204, summary="Unsubscribe")
    async def remove(webhook_id: int, caller: Caller = admin) -> None:
        await ctx.write(_remove, ctx, caller, webhook_id)

    @r.get("/{webhook_id}/deliveries", summary="Recent deliveries, newest first")
    async def list_deliveries(webhook_id: int, caller: Caller = admin) -> dict[str, Any]:
        return {"deliveries": await ctx.read(webhooks.deliveries, ctx.db, webhook_id)}

    @r.post("/deliveries/{delivery_id}/resend", status_code=202, summary="Send again now")
    async def resend(delivery_id: int, caller: Caller = admin) -> dict[str, Any]:
        await ctx.write(_resend, ctx, caller, delivery_id)
        return {"delivery_id": delivery_id, "state": "pending"}

    return r


def _create(ctx: ApiContext, caller: Caller, raw: dict[str, Any]) -> Any:
    return webhooks.create_subscription(
        ctx.db, actor=caller.principal.actor, url=raw.get("url", ""),
        event_types=raw.get("event_types", []), secret=raw.get("secret"))


def _remove(ctx: ApiContext, caller: Caller, webhook_id: int) -> None:
    webhooks.remove_subscription(ctx.db, actor=caller.principal.actor,
                                 subscription_id=webhook_id)


def _resend(ctx: ApiContext, caller: Caller, delivery_id: int) -> None:
    webhooks.resend(ctx.db, actor=caller.principal.actor, delivery_id=delivery_id)
