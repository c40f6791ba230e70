"""Webhook delivery: follow the event log into a durable queue, then POST with retries.

Two loops on the hub's asyncio loop. ``_enqueue`` wakes on every new event (the hub's feed)
and, in one transaction, turns events after a cursor kept in ``settings`` into delivery rows.
``_send`` POSTs due deliveries, signed, and records each outcome: delivered, or the next try
after an exponential backoff, until 24 hours have passed. Everything lives in the database,
so a restart resumes exactly where the last process stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from console.api import signing
from console.api.context import ApiContext
from console.db.models import Event, Setting, WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)
CURSOR_KEY = "webhooks.cursor"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    first_delay: float = 10.0  # seconds before the second attempt; doubles each time
    max_delay: float = 3600.0
    give_up_after: timedelta = timedelta(hours=24)
    timeout: float = 10.0  # per attempt
    tick: float = 0.5  # how often due retries are looked for
    coalesce: float = 0.2  # events arriving within this are queued in one transaction
    batch: int = 50
    concurrency: int = 16

    def delay(self, attempts: int) -> float:
        return min(self.max_delay, self.first_delay * 2.0 ** max(0, attempts - 1))


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    url: str
    secret: str
    body: bytes
    event_type: str


@dataclass(frozen=True, slots=True)
class Outcome:
    id: int
    ok: bool
    status: int | None
    error: str | None


def _matches(sub: WebhookSubscription, type_: str) -> bool:
    return "*" in sub.event_types or type_ in sub.event_types


class WebhookDispatcher:
    def __init__(self, ctx: ApiContext, policy: RetryPolicy | None = None) -> None:
        self.ctx = ctx
        self.policy = policy or RetryPolicy()
        self.wake = asyncio.Event()
        self.sent = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._unsubscribe: Any = None
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=self.policy.timeout, follow_redirects=False,
                                         limits=httpx.Limits(max_connections=64))
        self._unsubscribe = self.ctx.hub.subscribe(self.wake.set)
        self._tasks = [asyncio.create_task(self._enqueue()), asyncio.create_task(self._send())]

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()

    # --- event log -> delivery rows ---------------------------------------------------

    async def _enqueue(self) -> None:
        while True:
            try:
                more = await self.ctx.write(self.enqueue_once)
            except Exception:
                log.exception("queueing webhook deliveries failed; retrying")
                more = False
            if not more:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(1.0):
                        await self.wake.wait()
                # let a burst of events gather: one writer transaction queues them all
                await asyncio.sleep(self.policy.coalesce)

    def enqueue_once(self, limit: int = 500) -> bool:
        """Queue deliveries for events after the cursor; True if more events are waiting."""
        db = self.ctx.db
        with db.transaction() as session:
            q = select(Setting).where(Setting.key == CURSOR_KEY)
            cursor_row = session.execute(
                q.with_for_update() if db.is_postgres else q).scalar_one_or_none()
            if cursor_row is None:
                cursor_row = Setting(key=CURSOR_KEY, value="0")
                session.add(cursor_row)
            after = int(cursor_row.value)
            events = session.execute(
                select(Event).where(Event.seq > after).order_by(Event.seq).limit(limit)
            ).scalars().all()
            if not events:
                return False
            subs = session.execute(
                select(WebhookSubscription).where(WebhookSubscription.active.is_(True))
            ).scalars().all()
            now = db.now()
            for ev in events:
                for sub in subs:
                    if ev.seq > sub.from_seq and _matches(sub, ev.type):
                        session.add(WebhookDelivery(
                            subscription_id=sub.id, event_seq=ev.seq, event_type=ev.type,
                            payload={"seq": ev.seq, "type": ev.type, "at": ev.at.isoformat(),
                                     "data": ev.payload},
                            state="pending", attempts=0, created_at=now, next_attempt_at=now))
            cursor_row.value = str(events[-1].seq)
            more = len(events) == limit
        return more

    # --- delivery rows -> HTTP ---------------------------------------------------------

    async def _send(self) -> None:
        outcomes: list[Outcome] = []
        while True:
            try:
                jobs = await self.ctx.write(self.record_and_claim, outcomes)
                outcomes = []
                if jobs:
                    outcomes = list(await asyncio.gather(*(self._post(j) for j in jobs)))
                    continue
            except Exception:
                log.exception("sending webhooks failed; retrying")
                outcomes = []  # their leases expire and they are tried again
            await asyncio.sleep(self.policy.tick)

    def record_and_claim(self, outcomes: list[Outcome]) -> list[Job]:
        """One writer transaction per round: the last round's outcomes, the next jobs."""
        if outcomes:
            self.record(outcomes)
        return self.claim()

    def claim(self) -> list[Job]:
        """Due deliveries, leased for one attempt (another hub skips them meanwhile)."""
        db, p = self.ctx.db, self.policy
        with db.transaction() as session:
            now = db.now()
            q = (select(WebhookDelivery, WebhookSubscription)
                 .join(WebhookSubscription,
                       WebhookSubscription.id == WebhookDelivery.subscription_id)
                 .where(WebhookDelivery.state == "pending",
                        WebhookDelivery.next_attempt_at <= now,
                        WebhookSubscription.active.is_(True))
                 .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                 .limit(p.batch))
            if db.is_postgres:
                q = q.with_for_update(skip_locked=True, of=WebhookDelivery)
            jobs = []
            for d, sub in session.execute(q).all():
                d.next_attempt_at = now + timedelta(seconds=p.timeout + 5)
                d.attempts += 1
                body = json.dumps({"delivery_id": d.id, **d.payload}, separators=(",", ":"),
                                  ensure_ascii=False, default=str).encode()
                jobs.append(Job(d.id, sub.url, sub.secret, body, d.event_type))
            return jobs

    async def _post(self, job: Job) -> Outcome:
        assert self._client is not None
        headers = {
            "Content-Type": "application/json",
            signing.HEADER: signing.sign(job.secret, job.body, int(time.time())),
            "Dispatch-Event": job.event_type,
            "Dispatch-Delivery": str(job.id),
            "User-Agent": "night-dispatch-console-webhooks",
        }
        try:
            r = await self._client.post(job.url, content=job.body, headers=headers)
        except httpx.TimeoutException:
            return Outcome(job.id, False, None, f"no answer within {self.policy.timeout:g} s")
        except httpx.HTTPError as exc:
            return Outcome(job.id, False, None, f"{type(exc).__name__}: {exc}"[:500])
        ok = 200 <= r.status_code < 300
        return Outcome(job.id, ok, r.status_code, None if ok else f"HTTP {r.status_code}")

    def record(self, outcomes: list[Outcome]) -> None:
        db, p = self.ctx.db, self.policy
        with db.transaction() as session:
            now = db.now()
            for o in outcomes:
                d = session.get(WebhookDelivery, o.id)
                if d is None:
                    continue  # the subscription was removed meanwhile
                sub = session.get(WebhookSubscription, d.subscription_id)
                assert sub is not None
                d.last_status, d.last_error = o.status, o.error
                sub.last_status, sub.last_error, sub.last_attempt_at = o.status, o.error, now
                if o.ok:
                    d.state, d.delivered_at = "delivered", now
                    sub.failures, sub.delivered = 0, sub.delivered + 1
                    self.sent += 1
                    continue
                sub.failures += 1
                retry_at = now + timedelta(seconds=p.delay(d.attempts))
                if retry_at > d.created_at + p.give_up_after:
                    d.state = "dead"
                else:
                    d.next_attempt_at = retry_at
