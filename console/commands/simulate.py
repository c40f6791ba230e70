"""``dispatch-console simulate``: a simulated night, headless, with the recommendation
engine dispatching through a real in-process hub. Writes into a fresh demo database unless
``--db`` names one; prints a summary; ``--events-out`` writes the event log as JSON lines."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy.engine import make_url

from console.db.engine import normalise_url
from console.sim.headless import NotEmpty, run_headless
from console.sim.metrics import format_summary
from console.sim.scenario import ScenarioError, available, load_scenario


def _speed(value: str) -> float | None:
    if value == "max":
        return None
    try:
        speed = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"speed must be 'max' or a number, not {value!r}"
        ) from None
    if not 1 <= speed <= 60:
        raise argparse.ArgumentTypeError(f"speed must be between 1 and 60 (or max), not {value}")
    return speed


def _hours(value: str) -> float:
    try:
        hours = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"hours must be a number, not {value!r}") from None
    if not 0 < hours <= 24:
        raise argparse.ArgumentTypeError(f"hours must be more than 0 and at most 24, not {value}")
    return hours


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        default="quiet_weeknight",
        metavar="NAME|PATH",
        help="a shipped scenario name or a .toml file "
        f"(default quiet_weeknight; shipped: {', '.join(available())})",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--hours", type=_hours, help="simulate only the first H hours")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="write into this (empty) database; default: a fresh demo file, "
        "never the live database",
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=None,
        metavar="max|X",
        help="max (default): as fast as possible and repeatable; X: ×1..×60 of real time",
    )
    parser.add_argument(
        "--events-out", type=Path, metavar="FILE.jsonl", help="write the event log as JSON lines"
    )


def run(args: argparse.Namespace) -> int:
    try:
        scenario = load_scenario(args.scenario)
        if args.hours is not None:
            scenario = scenario.with_hours(args.hours)
    except ScenarioError as exc:
        print(f"dispatch-console simulate: scenario refused: {exc}")
        return 2
    try:
        result = run_headless(
            scenario,
            args.seed,
            db_url=normalise_url(args.db) if args.db else None,
            speed=args.speed,
            events_out=args.events_out,
        )
    except NotEmpty as exc:
        print(f"dispatch-console simulate: {exc}")
        return 2
    plan = result.plan
    local = plan.start.astimezone(plan.start.tzinfo)
    print(
        f"simulated {scenario.name} (seed {args.seed}): {local:%Y-%m-%d %H:%M} "
        f"{scenario.timezone} for {scenario.hours:g} h, {len(plan.technicians)} technicians"
    )
    print(format_summary(result.summary))
    print(f"database: {make_url(result.db_url).render_as_string(hide_password=True)}")
    if args.events_out:
        print(f"event log: {args.events_out}")
    print(f"wall time: {result.wall_seconds:.1f} s")
    return 0
