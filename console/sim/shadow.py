"""The engine's shadow night for a demo's score, in its own process so the window's event
loop never competes with it: ``python -m console.sim.shadow SCENARIO SEED START DB_URL
TRIPS_JSON [--engine planner|recommend]`` (default the planner). The trainee's session reads
the shadow database and the trips file."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path

from console.sim.engines import ENGINES
from console.sim.fleet import Trip
from console.sim.headless import run_night
from console.sim.scenario import load_scenario

DEFAULT_ENGINE = "planner"


def write_trips(trips: tuple[Trip, ...], path: Path) -> None:
    rows = [
        {
            "call_id": t.call_id,
            "technician_id": t.technician_id,
            "km": t.km,
            "started": t.started.isoformat(),
        }
        for t in trips
    ]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows), encoding="utf-8")
    tmp.replace(path)  # appears complete or not at all


def read_trips(path: Path) -> list[Trip]:
    return [
        Trip(r["call_id"], r["technician_id"], r["km"], datetime.fromisoformat(r["started"]))
        for r in json.loads(path.read_text(encoding="utf-8"))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m console.sim.shadow",
        description="The engine's night on a demo's scenario, seed and start.",
    )
    parser.add_argument("scenario")
    parser.add_argument("seed", type=int)
    parser.add_argument("start", type=datetime.fromisoformat)
    parser.add_argument("db_url")
    parser.add_argument("trips", type=Path)
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result = asyncio.run(
        run_night(
            load_scenario(args.scenario),
            args.seed,
            db_url=args.db_url,
            start=args.start,
            engine=args.engine,
        )
    )
    write_trips(result.trips, args.trips)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
