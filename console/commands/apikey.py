"""``dispatch-console apikey create|revoke|list``: keys for integrations, shown once."""

from __future__ import annotations

import argparse

from console.db.engine import Database
from console.db.migrate import upgrade
from console.errors import DispatchError
from console.services.actors import CLI
from console.services.api_keys import (
    SCOPES,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="apikey_action", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="create a key (the secret is printed once)")
    create.add_argument("name", help="the integration, e.g. insurer-x")
    create.add_argument("--scopes", required=True,
                        help=f"comma-separated, some of: {','.join(SCOPES)}")
    create.add_argument("--rate", type=float, default=20.0, help="requests per second")
    create.add_argument("--burst", type=int, default=40, help="requests at once")
    revoke = sub.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("id", type=int)
    sub.add_parser("list", help="list keys (never their secrets)")
    for p in (create, revoke, *sub.choices.values()):
        if not any(a.dest == "db" for a in p._actions):
            p.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        upgrade(db)
        if args.apikey_action == "create":
            view, secret = create_api_key(db, actor=CLI, name=args.name,
                                          scopes=args.scopes, rate_per_s=args.rate,
                                          burst=args.burst)
            print(f"API key {view.id} for {view.name} ({','.join(view.scopes)}); "
                  f"secret (shown once): {secret}")
        elif args.apikey_action == "revoke":
            view = revoke_api_key(db, actor=CLI, key_id=args.id)
            print(f"API key {view.id} ({view.name}) revoked")
        else:
            for k in list_api_keys(db):
                state = "active" if k.active else f"revoked {k.revoked_at:%Y-%m-%d %H:%M}"
                print(f"{k.id:>4}  {k.name:<24} {','.join(k.scopes):<28} {k.prefix}…  "
                      f"{k.rate_per_s:g}/s  {state}")
        return 0
    except DispatchError as exc:
        print(f"dispatch-console apikey: {exc.message}")
        return 2
    finally:
        db.dispose()
