"""``dispatch-console``: one entry point for the window, the hub, the simulator, reports and
benchmarks.

Commands that live in the upper layers (the window in ``ui``, ``report`` in ``reports``,
``bench map`` in ``maps``) are looked up by module name when they are run, so this core
module never imports Qt: those modules register here by name, the way console scripts name
an entry point, and each parses its own arguments.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from sqlalchemy.exc import ArgumentError, OperationalError

from console import __version__

#: Commands provided by other packages: name -> (module, help). Each module has
#: ``main(argv: list[str]) -> int``.
FORWARDED: dict[str, tuple[str, str]] = {
    "report": ("reports.cli", "weekly, handover, security and training PDF reports "
               "(report weekly|handover|security|training --help)"),
}

#: ``dispatch-console bench NAME``: which module measures NAME.
BENCHES: dict[str, tuple[str, str]] = {
    "hub": ("console.hub.bench", "hub latency at load and ingest at saturation"),
    "map": ("maps.bench", "map batch apply time against a bare Leaflet page"),
    "ui": ("ui.bench", "UI event-loop lag while streaming events"),
    "report": ("reports.bench", "weekly report build time and memory for a large week"),
    "plan": ("console.planning.bench", "planner solve time, cold and warm, 300 calls x 200"),
    "api": ("console.api.bench", "HTTP intake vs websocket intake, webhook deliveries/s"),
    "replay": ("ui.replay.bench", "replay a seeded night: seek time, playback speed, memory"),
    "outage": ("console.hub.outage_bench", "hub SIGKILLed N times: lost, doubled, recovery"),
    "capacity": ("console.sim.capacity", "a scaled night through the hub: does it hold?"),
}

#: Core commands: name -> (module, help). Each module has ``add_arguments(parser)`` and
#: ``run(args) -> int``.
CORE: dict[str, tuple[str, str]] = {
    "db": ("console.commands.db", "create or migrate the database schema (db upgrade)"),
    "seed-demo": ("console.commands.seed", "fill a database with weeks of realistic history"),
    "hub": ("console.commands.hub", "run the realtime hub (websockets server)"),
    "simulate": ("console.commands.simulate", "run a simulated night headless"),
    "evaluate": ("console.commands.evaluate", "compare dispatch engines on simulated nights"),
    "policy": ("console.commands.policy", "dispatch policies: manual, suggest or auto by hour"),
    "user": ("console.commands.accounts", "add console users (user add NAME --role ROLE)"),
    "map": ("console.commands.map", "tile cache (map cache --bbox W,S,E,N --zoom 10-16) and "
            "service area (map import-area FILE.geojson)"),
    "doctor": ("console.commands.doctor", "check database, hub, clock, TLS and disk; says "
               "what to fix"),
    "api": ("console.commands.api", "serve the HTTP API, webhooks and customer pages"),
    "apikey": ("console.commands.apikey", "API keys for integrations (create|revoke|list)"),
    "webhook": ("console.commands.webhook", "webhook subscriptions (add|list|resend|remove)"),
    "import": ("console.commands.importing", "import technicians|customers from CSV/XLSX"),
    "tls": ("console.commands.tls", "private CA and hub certificates (tls init --host NAME)"),
    "export": ("console.commands.exporting", "export jobs|calls --from D --to D FILE.csv|.xlsx"),
    "retention": ("console.commands.retention", "how long data is kept: retention show|set|"
                  "run [--dry-run]|privacy"),
}

WINDOW_MODULE = "ui.app"


def _import(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise SystemExit(
                f"dispatch-console: {module} is not available in this install"
            ) from exc
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dispatch-console",
        description="Night Dispatch Console. Without a command, opens the console window.",
        epilog="Window options: --demo [--scenario NAME] [--speed X] [--seed S], --db URL, "
        "--lang en|zh, --theme night|day|auto. See `dispatch-console window --help`.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("window", help="open the console window (the default)", add_help=False)
    for name, (module, help_) in CORE.items():
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue  # not built into this install (yet)
        p = sub.add_parser(name, help=help_, description=help_)
        mod.add_arguments(p)
        p.set_defaults(_module=module)
    for name, (_module, help_) in FORWARDED.items():
        sub.add_parser(name, help=help_, add_help=False)
    bench = sub.add_parser(
        "bench", help="measure speed and memory; prints JSON with --json", add_help=False
    )
    bench.set_defaults(_benches=True)
    return parser


def _bench_usage() -> str:
    lines = ["usage: dispatch-console bench NAME [--json] [options]", "", "benchmarks:"]
    lines += [f"  {name:<8} {help_}" for name, (_m, help_) in BENCHES.items()]
    return "\n".join(lines)


def _forward(module: str, argv: list[str]) -> int:
    entry = _import(module).main
    return int(entry(argv) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    if not args_list or (
        args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")
    ):
        return _forward(WINDOW_MODULE, args_list)
    if first == "window" and args_list[0] == "window":
        return _forward(WINDOW_MODULE, args_list[1:])
    if args_list[0] in FORWARDED:
        return _forward(FORWARDED[args_list[0]][0], args_list[1:])
    if args_list[0] == "bench":
        rest = args_list[1:]
        if not rest or rest[0] in ("-h", "--help") or rest[0] not in BENCHES:
            print(
                _bench_usage(),
                file=sys.stderr if rest and rest[0] not in ("-h", "--help") else sys.stdout,
            )
            return 0 if not rest or rest[0] in ("-h", "--help") else 2
        return _forward(BENCHES[rest[0]][0], rest[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    run: Callable[[argparse.Namespace], int] = _import(args._module).run
    try:
        return run(args)
    except ArgumentError as exc:  # includes an unknown dialect (NoSuchModuleError)
        print(f"dispatch-console {args.command}: bad database URL: {exc}", file=sys.stderr)
    except OperationalError as exc:
        print(
            f"dispatch-console {args.command}: cannot open the database: {exc.orig}",
            file=sys.stderr,
        )
    except OSError as exc:  # e.g. a SQLite path whose folder cannot be created
        print(f"dispatch-console {args.command}: {exc}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
