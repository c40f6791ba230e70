"""What each role may do and may see, in one table the hub enforces and the window displays;
which capability each request needs is in the operation table (console.operations).

Supervisors watch the floor and print reports; they can add notes but not move work.
Trainers run demo nights and may dispatch in them. Admins may do everything.

Data visibility (each role's ``visibility`` class below) decides what customer data leaves
the hub for a connection of that role: snapshots, events, look-ups, exports and reports.

- ``full`` (admin): everything.
- ``in_hand`` (dispatcher): a customer's phone is shown while the call is in hand: on an
  open call (new, assigned, accepted, en route, on site), in the detail of an open call and
  in the look-up of the number being answered. On a closed call (completed, cancelled,
  failed) and in a customer's call history it is masked to its last four digits.
- ``masked`` (supervisor): phones masked everywhere; a supervisor's exports mask them too
  unless the admin allows phones in supervisors' exports (setting
  ``privacy.supervisor_export_phones``).
- ``training`` (trainer): no real customer data at all: the name becomes "Customer #id", the
  phone is masked entirely, the street address is cut to the district and the location is
  rounded to about a kilometre. A demo night's database is synthetic (marked by the demo
  when it creates it), so there a trainer sees it as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from console.domain import TERMINAL_STATUSES, CallStatus, Role
from console.errors import Forbidden

DISPATCH = "dispatch"
REPORTS = "reports"
TRAINER = "trainer"
NOTES = "notes"
POLICY = "policy"  # dispatch policies (manual / suggest / auto): admins only
ACCOUNTS = "accounts"  # users, roles, sessions, lockouts (the Admin dialog): admins only
AUDIT = "audit"  # read the audit trail
EXPORT = "export"  # export customer data (calls with name, phone, address) to a file
CUSTOMER_DATA = "customer_data"  # look a real customer up by phone

#: Refusals of these capabilities are written to the audit trail (``access_denied``): they
#: guard personal data, and a security review wants to see who tried.
SENSITIVE = frozenset({AUDIT, EXPORT, CUSTOMER_DATA})

FULL = "full"
IN_HAND = "in_hand"
MASKED = "masked"
TRAINING = "training"
#: The visibility classes; the hub encodes each event once per class, in this order.
VISIBILITY_CLASSES: tuple[str, ...] = (FULL, IN_HAND, MASKED, TRAINING)


@dataclass(frozen=True, slots=True)
class Rights:
    """One role's row: the capabilities it has and the customer data it sees."""

    caps: frozenset[str]
    visibility: str


ROLES: dict[str, Rights] = {
    Role.DISPATCHER.value: Rights(frozenset({DISPATCH, NOTES, CUSTOMER_DATA}), IN_HAND),
    Role.SUPERVISOR.value: Rights(
        frozenset({REPORTS, NOTES, AUDIT, EXPORT, CUSTOMER_DATA}), MASKED
    ),
    Role.TRAINER.value: Rights(frozenset({DISPATCH, NOTES, TRAINER}), TRAINING),
    Role.ADMIN.value: Rights(
        frozenset({
            DISPATCH, NOTES, REPORTS, TRAINER, POLICY, ACCOUNTS, AUDIT, EXPORT, CUSTOMER_DATA
        }),
        FULL,
    ),
}

#: role -> capabilities (derived from ROLES).
ROLE_CAPS: dict[str, frozenset[str]] = {role: r.caps for role, r in ROLES.items()}

#: The setting an admin turns on to let supervisors' exports carry phone numbers.
SUPERVISOR_EXPORT_PHONES = "privacy.supervisor_export_phones"
#: The setting the demo writes into its own (synthetic) database.
SYNTHETIC_DATA = "data.synthetic"


def may(role: str, capability: str) -> bool:
    return capability in ROLE_CAPS.get(role, frozenset())


def require(role: str, op: str, needed: str | None) -> None:
    """Raise Forbidden when ``role`` lacks ``needed``, the capability console request ``op``
    asks for in the operation table (console.operations)."""
    if needed is not None and not may(role, needed):
        raise Forbidden(
            f"a {role or 'user without a role'} may not {op.replace('_', ' ')}: "
            f"that needs the {needed} permission",
            op=op,
            role=role,
        )


def visibility(role: str, *, synthetic: bool = False) -> str:
    """The visibility class of a role (an unknown role sees as a trainer: least)."""
    cls = ROLES[role].visibility if role in ROLES else TRAINING
    if cls == TRAINING and synthetic:
        return FULL
    return cls


def export_visibility(role: str, *, phones_allowed: bool) -> str:
    """What an export by ``role`` carries: a supervisor's masks phones unless allowed."""
    cls = visibility(role)
    if cls == MASKED and phones_allowed:
        return FULL
    return cls


_DIGIT = re.compile(r"\d")


def mask_phone(phone: str | None, keep: int = 4) -> str:
    """Every digit but the last ``keep`` becomes '*': '+86 139 0000 1234' -> '+** *** **** 1234'."""
    if not phone:
        return phone or ""
    digits = len(_DIGIT.findall(phone))
    seen = 0

    def star(m: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return m.group(0) if seen > digits - keep else "*"

    return _DIGIT.sub(star, phone)


_OPEN = frozenset(s.value for s in CallStatus if s not in TERMINAL_STATUSES)


def _call(d: dict[str, Any], cls: str, in_hand: bool) -> None:
    """Redact one call dict (console.wire.call_to_wire) in place."""
    if cls == TRAINING:
        d["customer_name"] = f"Customer #{d.get('customer_id', '')}"
        d["phone"] = mask_phone(d.get("phone"), 0)
        d["address"] = d.get("district") or ""
        for k in ("lat", "lon"):
            if isinstance(d.get(k), float):
                d[k] = round(d[k], 2)
        for k in ("notes", "feedback"):
            if d.get(k):
                d[k] = ""
    elif cls == MASKED or (cls == IN_HAND and not (in_hand and d.get("status") in _OPEN)):
        d["phone"] = mask_phone(d.get("phone"))


def _customer(d: dict[str, Any], cls: str, in_hand: bool) -> None:
    """Redact one customer dict (console.hub.snapshot._customer_wire) in place."""
    if cls == TRAINING:
        d["name"] = f"Customer #{d.get('id', '')}"
        d["phone"] = mask_phone(d.get("phone"), 0)
        d["address"] = d.get("district") or ""
        for k in ("lat", "lon"):
            if isinstance(d.get(k), float):
                d[k] = round(d[k], 2)
    elif cls == MASKED or (cls == IN_HAND and not in_hand):
        d["phone"] = mask_phone(d.get("phone"))


#: What a finance API key sees of a call it did not necessarily create: the money and the
#: district, not the person (its customer's name and street address are blanked).
FINANCE_HIDDEN = ("customer_name", "address")


def finance_view(call: dict[str, Any]) -> dict[str, Any]:
    """A public API call document (console.api.queries) as a finance key sees it."""
    return {**call, **{k: "" for k in FINANCE_HIDDEN if k in call}}


def carries_customer_data(payload: dict[str, Any]) -> bool:
    """Whether an event payload holds a call or a customer (else every class sees it as is)."""
    return "call" in payload or "customer" in payload or "calls" in payload


#: Keys under which calls and customers travel (events, snapshots, answers, look-ups).
_NESTED = ("call", "calls", "history", "results", "rows")


def redact(value: Any, cls: str, *, in_hand: bool = True) -> Any:
    """``value`` (an event payload, a snapshot, a look-up answer, a call) as a connection of
    visibility ``cls`` may see it: copies only what changes, never alters ``value``. Calls
    are dicts with ``customer_id`` and ``customer_name``; customers sit under a
    ``customer`` key. A customer beside an open ``call`` is in hand; ``history`` (a
    customer's other calls) never is."""
    if cls == FULL:
        return value
    if isinstance(value, list):
        return [redact(v, cls, in_hand=in_hand) for v in value]
    if not isinstance(value, dict):
        return value
    out = dict(value)
    for key in _NESTED:
        if isinstance(out.get(key), dict | list):
            out[key] = redact(out[key], cls, in_hand=in_hand and key != "history")
    if "customer_id" in out and "customer_name" in out:
        _call(out, cls, in_hand)
    if cls == TRAINING and isinstance(out.get("notes"), list):  # a call's notes (detail)
        out["notes"] = [{**n, "text": ""} if isinstance(n, dict) else n for n in out["notes"]]
    customer = out.get("customer")
    if isinstance(customer, dict) and "phone" in customer:
        call = value.get("call")
        open_call = not isinstance(call, dict) or call.get("status") in _OPEN
        out["customer"] = dict(customer)
        _customer(out["customer"], cls, in_hand and open_call)
    return out
