"""Command ids and re-sending: what makes a client's retry safe.

Every write a client sends carries a fresh ``command_id`` (``stamp``); the hub does a
command once per id and answers a repeat with the first result (console.hub.commands). So
when a connection drops with a command in flight, the client waits for the link to come back
and sends the same message again (``until_answered``) instead of guessing whether it was
applied. A ``rate_limited`` refusal is waited out (its ``retry_after``, with jitter) and
the command sent again: the hub refused it before reading it, so nothing was done. Used by
the console client and the reconnecting field and intake clients.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from console import operations
from console.hub.protocol import HubUnavailable, RateLimited, error_from_wire

T = TypeVar("T")

#: How long (s) a client keeps re-sending an unanswered command over reconnects.
RESEND_WINDOW = 30.0
#: Pause (s) before each resend: a link that just died can still look up until its reader
#: runs, and resending at once would spin without ever letting that reader run.
RESEND_PAUSE = 0.02


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
    (retried after ``wait_online`` says the link is back, for up to ``window`` seconds).
    A ``rate_limited`` refusal (raised, or returned as the error answer) is sent again
    after the hub's ``retry_after``, within the same window."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + window
    first = True
    while True:
        try:
            answer = await send()
        except RateLimited as exc:
            if not await _waited_out(exc, deadline):
                raise
            continue  # refused unread: as if never sent (an Unsent next still raises)
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
            await asyncio.sleep(RESEND_PAUSE)
            first = False
            continue
        limited = _limited(answer)
        if limited is None or not await _waited_out(limited, deadline):
            return answer  # a refusal answer is the caller's to raise, as ever


async def _waited_out(exc: RateLimited, deadline: float) -> bool:
    """Sleep the hub's ``retry_after`` (at least 10 ms, stretched by up to half at random so
    clients refused together do not come back together); False if past ``deadline``."""
    raw = exc.details.get("retry_after")
    pause = max(float(raw) if isinstance(raw, int | float) else 0.05, 0.01)
    pause *= random.uniform(1.0, 1.5)
    loop = asyncio.get_running_loop()
    if loop.time() + pause > deadline:
        return False
    await asyncio.sleep(pause)
    return True


def _limited(answer: object) -> RateLimited | None:
    """A ``rate_limited`` error answer (the console client returns errors as answers)."""
    if not isinstance(answer, dict) or answer.get("type") != "error":
        return None
    exc = error_from_wire(answer) if answer.get("code") == RateLimited.code else None
    return exc if isinstance(exc, RateLimited) else None

