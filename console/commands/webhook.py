"""``dispatch-console webhook add|list|deliveries|resend|remove``: admins' subscriptions."""

from __future__ import annotations

import argparse

from console.db.engine import Database
from console.db.migrate import upgrade
from console.errors import DispatchError
from console.services.actors import CLI
from console.services.webhooks import (
    EVENT_TYPES,
    create_subscription,
    deliveries,
    list_subscriptions,
    remove_subscription,
    resend,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="webhook_action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="subscribe a URL (the signing secret is printed once)")
    add.add_argument("url")
    add.add_argument("--events", required=True,
                     help=f"comma-separated event types or * (known: {', '.join(EVENT_TYPES)})")
    sub.add_parser("list", help="subscriptions with last status and failures")
    dl = sub.add_parser("deliveries", help="recent deliveries of one subscription")
    dl.add_argument("id", type=int)
    rs = sub.add_parser("resend", help="send one delivery again now")
    rs.add_argument("delivery_id", type=int)
    rm = sub.add_parser("remove", help="unsubscribe")
    rm.add_argument("id", type=int)
    for p in sub.choices.values():
        p.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    try:
        upgrade(db)
        action = args.webhook_action
        if action == "add":
            events = [e.strip() for e in args.events.split(",") if e.strip()]
            view, secret = create_subscription(db, actor=CLI, url=args.url,
                                               event_types=events)
            print(f"webhook {view.id} -> {view.url} ({','.join(view.event_types)}); "
                  f"signing secret (shown once): {secret}")
        elif action == "list":
            for v in list_subscriptions(db):
                print(f"{v.id:>4}  {v.url}  {','.join(v.event_types)}  last={v.last_status} "
                      f"failures={v.failures} delivered={v.delivered} pending={v.pending}"
                      + (f"  error={v.last_error}" if v.last_error else ""))
        elif action == "deliveries":
            for d in deliveries(db, args.id):
                print(f"{d['id']:>6}  seq {d['event_seq']:<8} {d['event_type']:<18} "
                      f"{d['state']:<9} attempts={d['attempts']} last={d['last_status']}")
        elif action == "resend":
            resend(db, actor=CLI, delivery_id=args.delivery_id)
            print(f"delivery {args.delivery_id} queued again")
        else:
            remove_subscription(db, actor=CLI, subscription_id=args.id)
            print(f"webhook {args.id} removed")
        return 0
    except DispatchError as exc:
        print(f"dispatch-console webhook: {exc.message}")
        return 2
    finally:
        db.dispose()
