"""Command ids and re-sending: what makes a client's retry safe.

Every write a client sends carries a fresh ``command_id`` (``stamp``); the hub does a
command once per id and answers a repeat with the first result (console.hub.commands). So
when a connection drops with a command in flight, the client waits for the link to come back
and sends the same message again (``until_answered``) instead of guessing whether it was
applied. Used by the console client and the reconnecting field and intake clients.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from console import operations
from console.hub.protocol import HubUnavailable

T = TypeVar("T")

#: How long (s) a client keeps re-sending an unanswered command over reconnects.
RESEND_WINDOW = 30.0


def new_command_id() -> str:
    return uuid.uuid4().hex


def stamp(kind: str, op: str, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with a new command id when ``op`` writes and has none yet."""
    spec = operations.lookup(kind, op)
    if spec is None or not spec.writes or fields.get("command_id"):
        return fields
    return {**fields, "command_id": new_command_id()}


class Unsent(HubUnavailable):
    """The hub was unreachable when the command was to be sent: it was not sent at all."""


async def until_answered(
    send: Callable[[], Awaitable[T]],
    wait_online: Callable[[float], Awaitable[bool]],
    *,
    window: float = RESEND_WINDOW,
    command_id: str | None = None,
) -> T:
    """Run ``send`` until it is answered. ``send`` raises Unsent when offline (not retried
    on the first try: the caller queues it) and HubUnavailable when the answer was lost
    (retried after ``wait_online`` says the link is back, for up to ``window`` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + window
    first = True
    while True:
        try:
            return await send()
        except HubUnavailable as exc:
            if (first and isinstance(exc, Unsent)) or command_id is None:
                raise
            left = deadline - loop.time()
            if left <= 0 or not await wait_online(left):
                raise HubUnavailable(
                    f"no answer within {window:g}s; it may have been applied: send it again "
                    "with the same command_id to learn its result",
                    command_id=command_id,
                ) from None
        first = False
