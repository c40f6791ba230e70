"""``dispatch-console evaluate``: each engine dispatching the same simulated nights, side by
side per scenario (SLA met, response mean and p90, late calls by priority, km per completed
call, overtime, crew arrival spread). ``--json`` prints every night and the table."""

from __future__ import annotations

import argparse
import json
import os

from console.sim.engines import ENGINES
from console.sim.evaluate import evaluate, night_dict
from console.sim.scenario import ScenarioError, available, load_scenario


def _seeds(value: str) -> list[int]:
    try:
        if "-" in value:
            lo, hi = (int(x) for x in value.split("-", 1))
            seeds = list(range(lo, hi + 1))
        else:
            seeds = [int(x) for x in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"seeds are N, N-M or N,M,..., not {value!r}") from None
    if not seeds or len(seeds) > 1000:
        raise argparse.ArgumentTypeError(f"seeds {value!r} name no seed (or over 1000)")
    return seeds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        default="all",
        metavar="NAME|all",
        help=f"a shipped scenario or all (default; shipped: {', '.join(available())})",
    )
    parser.add_argument("--seeds", type=_seeds, default=[1], help="e.g. 1-10 (default 1)")
    parser.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    parser.add_argument("--hours", type=float, help="simulate only the first H hours")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="nights simulated at once, each in its own process (default 2)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    names = available() if args.scenario == "all" else [args.scenario]
    try:
        for name in names:
            sc = load_scenario(name)
            if args.hours is not None:
                sc.with_hours(args.hours)
    except (ScenarioError, ValueError) as exc:
        print(f"dispatch-console evaluate: {exc}")
        return 2
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    nights, table = evaluate(names, args.seeds, engines, jobs=max(1, args.jobs), hours=args.hours)
    rows = [t.row() for t in table]
    if args.json:
        print(
            json.dumps(
                {"seeds": args.seeds, "table": rows, "nights": [night_dict(n) for n in nights]}
            )
        )
        return 0
    print(format_table(rows))
    return 0


def format_table(rows: list[dict[str, object]]) -> str:
    head = (
        "scenario",
        "engine",
        "SLA met",
        "mean",
        "p90",
        "late E/U/N",
        "km/call",
        "overtime",
        "crew ≤10 min",
    )
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        late = r["late_by_priority"]
        assert isinstance(late, dict)
        lines.append(
            " | ".join(
                str(x)
                for x in (
                    r["scenario"],
                    r["engine"],
                    f"{r['sla_met_pct']}% ({r['sla_met']}/{r['sla_decided']})",
                    f"{r['mean_response_min']} min",
                    f"{r['p90_response_min']} min",
                    f"{late.get('emergency', 0)}/{late.get('urgent', 0)}/{late.get('normal', 0)}",
                    r["km_per_completed"],
                    f"{r['overtime_minutes']} min",
                    f"{r['crew_within_10_min']}/{r['crew_calls']} "
                    f"(share {r['crew_within_10min_share']}, max {r['crew_spread_max_min']})",
                )
            )
        )
    return "\n".join(lines)
