"""Demo and training mode: a simulated night on the real console.

:class:`DemoSession` runs an in-process hub on a throwaway SQLite file under
``data_dir()/demo/`` (never the live database, whatever ``DISPATCH_DB_URL`` or ``--db``
say), with the simulated clock, technicians and customers. The trainee logs in with the
returned credentials and dispatches; the engine does not, unless autopilot is switched on.
With ``warmup_minutes`` the night is already under way when the trainee sits down
(:mod:`console.sim.warmup`).
In a child process the same night (scenario and seed) is simulated with an engine
dispatching (``engine``: the planner by default, or the recommendation engine), so
:meth:`DemoSession.score` can put the trainee's night next to the engine's; the training
record names which engine that was.

A training night is recorded once: when its run reaches the scenario's end (the wall clock
stops there, so a window left open afterwards adds no hours), or when it is stopped first
(closed or reset: an abandoned night). A record the live hub did not take is kept and sent
again at the next stop.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from console.db import engine as db_engine
from console.db.engine import Database
from console.db.migrate import upgrade
from console.services.privacy import mark_synthetic
from console.sim.accounts import create_accounts
from console.sim.clock import SimClock
from console.sim.engines import ENGINES
from console.sim.fleet import Trip
from console.sim.headless import SIM_LIMITS
from console.sim.localhub import LocalHub
from console.sim.metrics import NightSummary, summarize
from console.sim.plan import NightPlan, build_plan
from console.sim.scenario import Scenario, load_scenario
from console.sim.shadow import read_trips
from console.sim.simulator import Simulator
from console.sim.warmup import LIVE_FIX_SECONDS, WARMUP_FIX_SECONDS, warm_up
from console.training.record import NightFacts

log = logging.getLogger(__name__)
NightEnded = Callable[[NightFacts], Awaitable[None]]
RECORD_TIMEOUT_S = 20.0

INJECTIONS = ("emergency_call", "van_breakdown", "customer_cancel", "hub_outage")


@dataclass(frozen=True, slots=True)
class DemoInfo:
    hub_url: str
    username: str
    password: str
    clock: Callable[[], datetime]
    db_url: str


@dataclass(frozen=True, slots=True)
class SessionScore:
    """The trainee's night so far next to the engine's on the same calls (``engine`` is None
    while the engine's shadow night is still being computed)."""

    at: datetime
    trainee: NightSummary
    engine: NightSummary | None
    since: datetime | None = None  # after a warm-up: earlier calls were the engine's


class DemoSession:
    def __init__(
        self,
        scenario: str = "quiet_weeknight",
        seed: int = 1,
        speed: float = 10.0,
        data_dir: Path | None = None,
        *,
        autopilot: bool = False,
        shadow: bool = True,
        warmup_minutes: float = 0.0,
        engine: str = "planner",
    ) -> None:
        if not 0 <= warmup_minutes <= 24 * 60:
            raise ValueError(f"warm-up must be 0 to 1440 minutes, got {warmup_minutes}")
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
        self.scenario_name = scenario
        self.seed = seed
        self.initial_speed = speed
        self.data_dir = data_dir
        self.autopilot = autopilot
        self.shadow_enabled = shadow
        self.engine = engine  # who dispatches the shadow night the score is set against
        self.warmup_minutes = float(warmup_minutes)
        # after a warm-up: the engine's last dispatch; later calls are the trainee's to dispatch
        self.handover: datetime | None = None
        self.scenario: Scenario | None = None
        self.plan: NightPlan | None = None
        self.clock: SimClock | None = None
        self.db: Database | None = None
        self.hub: LocalHub | None = None
        self.sim: Simulator | None = None
        self.info: DemoInfo | None = None
        self.folder: Path | None = None
        self._task: asyncio.Task[None] | None = None
        self._shadow: subprocess.Popen[bytes] | None = None
        self._shadow_url = ""
        self._trips_path = Path()
        self._shadow_trips: list[Trip] = []
        self._shadow_db: Database | None = None
        # training records: each night (start to stop or reset) is handed to these when it
        # ends, before its database goes (ui.app sends it to the live hub)
        self.night_ended: list[NightEnded] = []
        self.trainer = ""
        self.night_key = ""
        self.injections: list[str] = []
        self._wall_start = 0.0
        self._wall_end: float | None = None  # when the night's run finished
        # records not yet taken by a callback (the live hub was down): sent again on stop
        self.unsent: list[tuple[NightEnded, NightFacts]] = []
        self._sending: asyncio.Task[None] | None = None

    # --- lifecycle -----------------------------------------------------------------

    def demo_folder(self) -> Path:
        root = (self.data_dir or db_engine.data_dir()) / "demo"
        root.mkdir(parents=True, exist_ok=True)
        return root

    async def start(self) -> DemoInfo:
        """Create the demo database, start the hub and the night; returns how to log in."""
        scenario = load_scenario(self.scenario_name)
        plan = build_plan(scenario, self.seed)
        warm = self.warmup_minutes > 0
        clock = SimClock(plan.start, speed=None if warm else self.initial_speed)
        self.folder = Path(tempfile.mkdtemp(prefix="session-", dir=self.demo_folder()))
        url = f"sqlite:///{self.folder / 'demo.sqlite3'}"
        _refuse_live(url)
        db = Database(url, clock=clock)
        accounts = await asyncio.to_thread(_prepare, db, plan)
        hub = LocalHub(db, limits=SIM_LIMITS)
        await hub.start()
        sim = Simulator(
            plan,
            clock,
            hub.url,
            accounts,
            db=db,
            autopilot=self.autopilot or warm,
            fix_seconds=WARMUP_FIX_SECONDS if warm else LIVE_FIX_SECONDS,
            hub=hub,
        )
        await sim.connect()
        sim.prime()
        self.handover = None
        if warm:
            try:
                self.handover = await warm_up(
                    sim,
                    clock,
                    plan,
                    minutes=self.warmup_minutes,
                    speed=self.initial_speed,
                    autopilot=self.autopilot,
                )
            except BaseException:
                await sim.close()
                await hub.stop()
                db.dispose()
                raise
        self.scenario, self.plan, self.clock, self.db, self.hub, self.sim = (
            scenario,
            plan,
            clock,
            db,
            hub,
            sim,
        )
        self._task = asyncio.create_task(self._run_night(sim, plan.end), name="demo night")
        self.night_key, self.injections = uuid.uuid4().hex, []
        self._wall_start, self._wall_end = time.monotonic(), None
        if self.shadow_enabled:
            self._start_shadow(plan)
        user, password = accounts.trainee
        self.info = DemoInfo(hub.url, user, password, clock, url)
        return self.info

    def _start_shadow(self, plan: NightPlan) -> None:
        """The engine's night on the same scenario, seed and start, in a child process (the
        planner's takes longer than the recommendation engine's; until it is done the
        score's engine side is None)."""
        assert self.folder is not None
        db_path = self.folder / "shadow.sqlite3"
        self._shadow_url = f"sqlite:///{db_path}"
        self._trips_path = self.folder / "shadow-trips.json"
        log = (self.folder / "shadow.log").open("wb")
        self._shadow = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "console.sim.shadow",
                self.scenario_name,
                str(self.seed),
                plan.start.isoformat(),
                self._shadow_url,
                str(self._trips_path),
                "--engine",
                self.engine,
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    async def _run_night(self, sim: Simulator, until: datetime) -> None:
        """The night's agenda; when it runs out the night is over and recorded at once."""
        await sim.run(until)
        if not self.night_key:
            return  # stopped meanwhile: stop() has recorded it
        self._wall_end = time.monotonic()
        self._capture_night()
        # apart from this task, which stop() cancels: a send in flight is waited for instead
        self._sending = asyncio.create_task(self._send_unsent(), name="training record")

    async def stop(self) -> None:
        """Stop the night, the hub and the shadow run; delete the demo database. A night
        still running goes to ``night_ended`` first (abandoned), and records the live hub
        did not take are sent again (a failure there is logged, never raised)."""
        await self._report_night()
        if self._task is not None:
            task = self._task
            # cancel until it ends: a cancel that lands as an inner wait_for finishes can be
            # swallowed on 3.11 (DESIGN.md), and one lost cancel left stop() waiting forever
            while not task.done():
                task.cancel()
                await asyncio.wait({task}, timeout=1.0)
            await asyncio.gather(task, return_exceptions=True)
            self._task = None
        if self.sim is not None:
            await self.sim.close()
        if self.hub is not None:
            await self.hub.stop()
        if self._shadow is not None:
            if self._shadow.poll() is None:
                self._shadow.terminate()
            await asyncio.to_thread(self._shadow.wait, 10)
            self._shadow = None
        for db in (self.db, self._shadow_db):
            if db is not None:
                db.dispose()
        self.db = self._shadow_db = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.sim = self.hub = None

    async def reset(self) -> DemoInfo:
        """Start the night over (a new database and a new hub port: consoles log in again
        with the returned info)."""
        speed = self.clock.speed if self.clock is not None else self.initial_speed
        await self.stop()
        self.initial_speed = speed
        return await self.start()

    # --- trainer controls ----------------------------------------------------------

    def _clock(self) -> SimClock:
        if self.clock is None:
            raise RuntimeError("the demo session is not started")
        return self.clock

    def pause(self) -> None:
        self._clock().pause()

    def resume(self) -> None:
        self._clock().resume()

    def set_speed(self, x: float) -> None:
        self._clock().set_speed(x)

    @property
    def paused(self) -> bool:
        return self.clock is not None and self.clock.paused

    def set_autopilot(self, on: bool) -> None:
        self.autopilot = on
        if self.sim is not None:
            self.sim.autopilot = on
            self.sim.want_dispatch()

    async def inject(self, kind: str, **kw: Any) -> None:
        """emergency_call (category=, notes=), van_breakdown (technician_id=, minutes=),
        customer_cancel (call_id=), hub_outage (minutes=, default 1: the drill, now)."""
        sim = self.sim
        if sim is None:
            raise RuntimeError("the demo session is not started")
        if kind == "emergency_call":
            await sim.emergency_call(**kw)
        elif kind == "van_breakdown":
            minutes = float(kw.get("minutes", 45))
            await sim.van_breakdown(kw.get("technician_id"), timedelta(minutes=minutes))
        elif kind == "customer_cancel":
            await sim.customer_cancel(kw.get("call_id"))
        elif kind == "hub_outage":
            await sim.in_turn(
                "hub outage", partial(sim.outage, timedelta(minutes=float(kw.get("minutes", 1))))
            )
        else:
            raise ValueError(f"inject kind {kind!r} is not one of: {', '.join(INJECTIONS)}")
        self.injections.append(kind)

    def night_facts(self) -> NightFacts:
        """The night so far as a training record's facts (wall time since start)."""
        score = self.score()
        assert self.plan is not None
        began = self.handover or self.plan.start
        return NightFacts(
            night_key=self.night_key,
            scenario=self.scenario_name,
            seed=self.seed,
            speed=self._clock().speed,
            wall_seconds=(self._wall_end or time.monotonic()) - self._wall_start,
            sim_seconds=max(0.0, (score.at - began).total_seconds()),
            injections=tuple(self.injections),
            trainee=score.trainee,
            engine_score=score.engine,
            engine=self.engine,
            trainer=self.trainer,
        )

    @property
    def recorded(self) -> bool:
        """Whether ended nights go anywhere (``--hub``: the live hub); a demo on its own has
        no shared database to keep them in, and its window says so."""
        return bool(self.night_ended)

    @property
    def night_over(self) -> bool:
        """The night's run reached its end (its record is made; the window may stay open)."""
        return self._wall_end is not None

    def _capture_night(self) -> None:
        """Freeze the night's facts for every callback, once per night."""
        if self.sim is None or self.db is None or not self.night_ended or not self.night_key:
            return
        try:
            facts = self.night_facts()
        except Exception:  # a bug here must not stop the demo; the trainer sees no record
            log.exception("the training night's facts could not be collected")
            return
        self.night_key = ""  # one record per night, however often stop is called
        self.unsent.extend((callback, facts) for callback in self.night_ended)

    async def _report_night(self) -> None:
        """On stop: capture a night still running, let a send in flight finish, then try
        again whatever the live hub has not taken."""
        self._capture_night()
        if self._sending is not None:
            await asyncio.gather(self._sending, return_exceptions=True)
            self._sending = None
        await self._send_unsent()

    async def _send_unsent(self) -> None:
        """Send each kept record; those refused or unanswered stay for the next try (the
        hub keeps one record per ``night_key``, so a resend is never a second night)."""
        batch, self.unsent = self.unsent, []
        kept: list[tuple[NightEnded, NightFacts]] = []
        for callback, facts in batch:
            try:  # a live hub that does not answer must not hold up closing the demo
                async with asyncio.timeout(RECORD_TIMEOUT_S):
                    await callback(facts)
            except Exception:
                log.exception("the training night could not be recorded; kept for a retry")
                kept.append((callback, facts))
        self.unsent = kept + self.unsent  # (and any captured meanwhile)

    def score(self) -> SessionScore:
        """The trainee's night so far, and the engine's on the same calls up to now; after a
        warm-up only calls that arrived after the handover (and trips started after it)."""
        if self.sim is None or self.db is None:
            raise RuntimeError("the demo session is not started")
        now = self._clock().now()
        since = self.handover
        trainee = summarize(self.db, self.sim.trips, until=now, since=since)
        engine = None
        if self.shadow_ready:
            if self._shadow_db is None:
                self._shadow_db = Database(self._shadow_url)
                self._shadow_trips = read_trips(self._trips_path)
            engine = summarize(self._shadow_db, self._shadow_trips, until=now, since=since)
        return SessionScore(now, trainee, engine, since)

    @property
    def shadow_ready(self) -> bool:
        """The engine's night is computed (it takes seconds; None of it blocks the loop)."""
        return self._shadow is not None and self._shadow.poll() == 0 and self._trips_path.exists()


def _prepare(db: Database, plan: NightPlan) -> Any:
    upgrade(db)
    # one marker: made-up customers (the trainer sees them unmasked), and no report or
    # training record mistakes this database for the live one
    mark_synthetic(db)
    return create_accounts(db, plan, trainee=True)


def _refuse_live(url: str) -> None:
    """The demo must never write into the live database, however the app was configured."""
    live = {db_engine.default_url(), db_engine.resolve_url(None)}
    if db_engine.normalise_url(url) in live:
        raise RuntimeError(f"refusing to run a demo in the live database {url}")
