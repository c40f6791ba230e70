"""A demo night already under way when the trainee sits down, like taking over a shift.

The first minutes run on the discrete clock with the recommendation engine dispatching (the
headless ``--speed max`` path, so the same scenario and seed always hand over the same
night); the calls of the last few minutes are left waiting for the trainee; then the clock
goes live at the chosen speed and the engine steps back (unless autopilot is on).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from console.sim.clock import SimClock
from console.sim.plan import NightPlan
from console.sim.simulator import Simulator

#: Seconds of simulated time between a moving van's position fixes: live, the map's
#: markers glide; during the warm-up nobody watches, and fewer fixes keep it quick.
LIVE_FIX_SECONDS = 10.0
WARMUP_FIX_SECONDS = 60.0
#: A warm-up's last minutes (at most) whose calls the engine leaves waiting in the queue:
#: a handover with nothing waiting teaches nothing.
HANDOVER_QUEUE_MINUTES = 8.0


async def warm_up(
    sim: Simulator,
    clock: SimClock,
    plan: NightPlan,
    *,
    minutes: float,
    speed: float,
    autopilot: bool,
) -> datetime:
    """Run the night's first ``minutes`` (``sim`` primed, on autopilot, ``clock`` discrete),
    then go live at ``speed``. Returns when the engine stopped dispatching: the calls the
    trainee answers for are the ones created after it."""
    handover = min(plan.end, plan.start + timedelta(minutes=minutes))
    engine_until = handover - timedelta(minutes=min(HANDOVER_QUEUE_MINUTES, minutes / 4))
    await sim.run(engine_until)
    await sim.settle()
    sim.autopilot = autopilot
    await sim.run(handover)
    await sim.settle()
    sim.fix_seconds = LIVE_FIX_SECONDS
    clock.go_live(speed)
    sim.plan_live_fixes()
    sim.want_dispatch()
    return engine_until
