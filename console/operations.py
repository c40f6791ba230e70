"""Every request a client may send, described once: who may send it, its fields, the service
function that does it, whether it writes, and the capability it needs.

The hub's protocol checks (``protocol.check``), its dispatch (``Hub.execute``), the role
check (``permissions.require``), the console client's methods and docs/protocol.md's table
are all read from ``OPERATIONS``; tests fail when any of them disagrees with it. Adding an
operation means one entry here plus its function in ``console.hub.ops``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from console.fields import Field
from console.fields import field as _f
from console.hub import admin_ops, ops, ops_security
from console.hub.ops import Op
from console.hub.report_builder import console_security_report, console_weekly_report
from console.hub.training_ops import record_training, set_training_rule, training_records
from console.permissions import (
    ACCOUNTS,
    AUDIT,
    CUSTOMER_DATA,
    DISPATCH,
    EXPORT,
    NOTES,
    POLICY,
    REPORTS,
    ROLE_CAPS,
    TRAINER,
)
from console.services import (
    add_note,
    advance_status,
    assign_call,
    cancel_call,
    complete_call,
    fail_call,
    rate_call,
    reassign_call,
    unassign_call,
)
from console.services.pins import pin_call, unpin_call

FIELD, INTAKE, CONSOLE = "field", "intake", "console"
KINDS = (FIELD, INTAKE, CONSOLE)


@dataclass(frozen=True, slots=True)
class Operation:
    """One request type. ``run`` None: answered on the event loop by the front door itself
    (``ping``; a field app's ``position`` goes to the position store, not a service)."""

    type: str
    kinds: tuple[str, ...]
    fields: tuple[Field, ...]
    run: Op | None
    writes: bool
    capability: str | None = None  # console role capability; None: any principal of the kinds
    result: str = ""  # what the ``ok`` answer's ``result`` holds (docs, client decoding)

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


_CALL = _f("call_id", "id")
_TECH = _f("technician_id", "id")
_VERSION = _f("expected_version", "int", False, lo=1, hi=2**31)
_OVERRIDE = _f("override_reason", "str", False, max_len=2000)
_REASON = _f("reason", "str", False, max_len=2000)
#: When a field step or shift change happened (a phone uploading its offline queue); the
#: protocol bounds it (5 min ahead .. 24 h old), the service keeps it after the previous step.
_AT = _f("at", "time", False)
_NEW_CALL = (
    _f("customer_name", "str", max_len=120),
    _f("phone", "str", max_len=32),
    _f("address", "str", max_len=300),
    _f("lat", "num", lo=-90, hi=90),
    _f("lon", "num", lo=-180, hi=180),
    _f("category", "str", max_len=32),
    _f("priority", "str", False, max_len=16),
    _f("district", "str", False, max_len=64),
    _f("required_skills", "list", False, max_len=8),
    _f("crew_size", "int", False, lo=1, hi=4),
    _f("notes", "str", False, max_len=4000),
    _f("price_quoted", "num", False, lo=0, hi=1e6),
)
_CALL_RESULT = "call"
_USER = _f("user_id", "id")
_ROLE = _f("role", "str", max_len=16)
_PASSWORD = _f("password", "str", max_len=200)


def _admin(type_: str, fields: tuple[Field, ...], run: Op, writes: bool = True,
           result: str = "user") -> Operation:
    """An account request of the Admin dialog: admins only (the accounts capability)."""
    return Operation(type_, (CONSOLE,), fields, run, writes, ACCOUNTS, result)


def _console(
    type_: str, fields: tuple[Field, ...], run: Op, capability: str | None = DISPATCH
) -> Operation:
    return Operation(type_, (CONSOLE,), fields, run, True, capability, _CALL_RESULT)


OPERATIONS: tuple[Operation, ...] = (
    Operation("ping", KINDS, (_f("t", "num", False),), None, False, result="pong"),
    # --- field app ---
    Operation(
        "position",
        (FIELD,),
        (
            _f("lat", "num", lo=-90, hi=90),
            _f("lon", "num", lo=-180, hi=180),
            _f("accuracy", "num", False, lo=0, hi=100_000),
            _f("heading", "num", False, lo=0, hi=360),
            _f("speed", "num", False, lo=0, hi=500),
            _f("at", "time", False),
            _f("time", "time", False),  # the older name of ``at``
            _f("technician_id", "id", False),
        ),
        None,
        True,
    ),
    Operation(
        "step",
        (FIELD,),
        (
            _CALL,
            _f("step", "str", max_len=16),
            _f("notes", "str", False, max_len=4000),
            _f("parts", "list", False, max_len=50),
            _f("price_charged", "num", False, lo=0, hi=1e6),
            _REASON,
            _f("rating", "int", False, lo=1, hi=5),
            _f("feedback", "str", False, max_len=2000),
            _VERSION,
            _AT,
        ),
        ops.field_step,
        True,
        result="call",
    ),
    Operation(
        "shift",
        (FIELD,),
        (_f("action", "str", max_len=16), _AT),
        ops.field_shift,
        True,
        result="technician",
    ),
    # --- intake channel ---
    Operation(
        "new_call",
        (INTAKE,),
        (_f("idempotency_key", "str", max_len=100), *_NEW_CALL),
        ops.intake_new_call,
        True,
        result="call",
    ),
    Operation(
        "cancel",
        (INTAKE,),
        (
            _f("idempotency_key", "str", False, max_len=100),
            _f("call_id", "id", False),
            _REASON,
        ),
        ops.intake_cancel,
        True,
        result="call",
    ),
    # --- console ---
    _console(
        "create_call",
        (
            *_NEW_CALL,
            _f("channel", "str", False, max_len=16),
            _f("idempotency_key", "str", False, max_len=100),  # made when the form opens
        ),
        ops.console_create_call,
    ),
    _console("assign", (_CALL, _TECH, _VERSION, _OVERRIDE), ops.call_op(assign_call)),
    _console(
        "reassign",
        (_CALL, _TECH, _f("from_technician_id", "id", False), _VERSION, _OVERRIDE),
        ops.call_op(reassign_call),
    ),
    _console(
        "unassign",
        (_CALL, _f("technician_id", "id", False), _VERSION, _REASON),
        ops.call_op(unassign_call),
    ),
    _console("cancel", (_CALL, _REASON, _VERSION), ops.call_op(cancel_call)),
    _console("pin", (_CALL,), ops.call_op(pin_call)),
    _console("unpin", (_CALL,), ops.call_op(unpin_call)),
    _console(
        "add_note",
        (_CALL, _f("text", "str", max_len=4000)),
        ops.call_op(add_note),
        capability=NOTES,
    ),
    _console(
        "advance", (_CALL, _f("to", "str", max_len=16), _VERSION), ops.call_op(advance_status)
    ),
    _console(
        "complete",
        (
            _CALL,
            _f("price_charged", "num", False, lo=0, hi=1e6),
            _f("notes", "str", False, max_len=4000),
            _f("parts", "list", False, max_len=50),
            _VERSION,
        ),
        ops.call_op(complete_call),
    ),
    _console(
        "fail",
        (_CALL, _f("reason", "str", max_len=2000), _f("revisit", "bool", False), _VERSION),
        ops.call_op(fail_call),
    ),
    _console(
        "rate",
        (_CALL, _f("rating", "int", lo=1, hi=5), _f("feedback", "str", False, max_len=2000)),
        ops.call_op(rate_call),
    ),
    Operation(
        "set_technician_status",
        (CONSOLE,),
        (_TECH, _f("status", "str", max_len=16)),
        ops.console_set_status,
        True,
        DISPATCH,
        "technician",
    ),
    Operation(
        "lookup_customer",
        (CONSOLE,),
        (_f("phone", "str", max_len=32),),
        ops.console_lookup,
        False,
        CUSTOMER_DATA,
        result="customer",
    ),
    Operation(
        "call_detail", (CONSOLE,), (_CALL,), ops.console_detail, False, result="detail"
    ),
    Operation("policies", (CONSOLE,), (), ops.console_policies, False, result="policies"),
    Operation(
        "set_policy",
        (CONSOLE,),
        (
            _f("mode", "str", max_len=16),
            _f("start", "str", max_len=5),
            _f("end", "str", max_len=5),
            _f("category", "str", False, max_len=32),
            _f("hold_seconds", "int", False, lo=0, hi=3600),
        ),
        ops.console_set_policy,
        True,
        POLICY,
        result="policy",
    ),
    Operation(
        "remove_policy",
        (CONSOLE,),
        (_f("policy_id", "id"),),
        ops.console_remove_policy,
        True,
        POLICY,
        result="policy",
    ),
    Operation(
        "weekly_report",
        (CONSOLE,),
        (
            _f("week", "str", max_len=10),
            _f("lang", "str", False, max_len=8),
            _f("paper", "str", False, max_len=8),
            _f("tz", "str", False, max_len=64),
        ),
        console_weekly_report,
        False,
        REPORTS,
        result="pdf",
    ),
    # --- sessions and accounts (console.hub.admin_ops) ---
    Operation("sign_out", (CONSOLE,), (), admin_ops.sign_out, True, result="session"),
    _admin("users", (), admin_ops.users, writes=False, result="users"),
    _admin(
        "create_user",
        (
            _f("username", "str", max_len=64),
            _f("display_name", "str", False, max_len=120),
            _ROLE,
            _PASSWORD,
        ),
        admin_ops.add_user,
    ),
    _admin("set_user_role", (_USER, _ROLE), admin_ops.set_user_role),
    _admin("deactivate_user", (_USER, _REASON), admin_ops.deactivate_user),
    _admin("reset_password", (_USER, _PASSWORD), admin_ops.reset_password),
    _admin("unlock_user", (_USER,), admin_ops.unlock_user),
    _admin(
        "sessions",
        (_f("user_id", "id", False), _f("open_only", "bool", False)),
        admin_ops.list_sessions,
        writes=False,
        result="sessions",
    ),
    _admin(
        "revoke_session",
        (_f("session_id", "id"), _f("reason", "str", max_len=2000)),
        admin_ops.revoke_session,
        result="session",
    ),
    Operation(
        "security_report",
        (CONSOLE,),
        (
            _f("month", "str", max_len=7),
            _f("lang", "str", False, max_len=8),
            _f("tz", "str", False, max_len=64),
        ),
        console_security_report,
        False,
        AUDIT,
        result="pdf",
    ),
    Operation(
        "audit_trail",
        (CONSOLE,),
        (
            _f("actor", "str", False, max_len=160),
            _f("action", "str", False, max_len=48),
            _f("call_id", "id", False),
            _f("since", "time", False),
            _f("until", "time", False),
            _f("before_id", "id", False),
            _f("limit", "int", False, lo=1, hi=500),
        ),
        ops_security.console_audit_trail,
        False,
        AUDIT,
        result="audit",
    ),
    Operation(
        "export_calls",
        (CONSOLE,),
        (
            _f("first", "str", max_len=10),
            _f("last", "str", max_len=10),
            _f("target", "str", False, max_len=300),
        ),
        ops_security.console_export_calls,
        True,  # writes its ``export`` audit row
        EXPORT,
        result="export",
    ),
    Operation(
        "record_export",
        (CONSOLE,),
        (
            _f("kind", "str", max_len=32),
            _f("rows", "int", False, lo=0, hi=10**9),
            _f("target", "str", False, max_len=300),
        ),
        ops_security.console_record_export,
        True,
        result="recorded",
    ),
    # --- training records (the demo console sends its night to the live hub) ---
    Operation(
        "record_training",
        (CONSOLE,),
        (
            _f("night_key", "str", max_len=64),
            _f("trainer", "str", False, max_len=120),
            _f("scenario", "str", max_len=64),
            _f("seed", "int", lo=0, hi=2**31),
            _f("speed", "num", lo=0.01, hi=1000),
            _f("engine", "str", False, max_len=16),
            _f("wall_seconds", "num", lo=0, hi=7 * 86400),
            _f("sim_seconds", "num", lo=0, hi=7 * 86400),
            _f("injections", "list", False, max_len=200),
            _f("calls", "int", lo=0, hi=100_000),
            _f("mean_min", "num", False, lo=0, hi=100_000),
            _f("p90_min", "num", False, lo=0, hi=100_000),
            _f("sla_met", "int", lo=0, hi=100_000),
            _f("sla_decided", "int", lo=0, hi=100_000),
            _f("travel_km", "num", lo=0, hi=1e7),
            _f("engine_mean_min", "num", False, lo=0, hi=100_000),
            _f("engine_p90_min", "num", False, lo=0, hi=100_000),
            _f("engine_sla_met", "int", False, lo=0, hi=100_000),
            _f("engine_sla_decided", "int", False, lo=0, hi=100_000),
            _f("engine_travel_km", "num", False, lo=0, hi=1e7),
        ),
        record_training,
        True,
        result="night",
    ),
    Operation(
        "training_records",
        (CONSOLE,),
        (_f("scenario", "str", False, max_len=64),),
        training_records,
        False,
        TRAINER,
        result="training",
    ),
    Operation(
        "set_training_rule",
        (CONSOLE,),
        (
            _f("nights", "int", lo=1, hi=100),
            _f("sla_within_pts", "num", lo=0, hi=100),
            _f("scenario", "str", False, max_len=64),
        ),
        set_training_rule,
        True,
        TRAINER,
        result="rule",
    ),
)


@cache
def by_kind() -> dict[str, dict[str, Operation]]:
    """kind -> type -> operation (a type may mean different things per kind: ``cancel``)."""
    table: dict[str, dict[str, Operation]] = {kind: {} for kind in KINDS}
    for op in OPERATIONS:
        for kind in op.kinds:
            if op.type in table[kind]:
                raise ValueError(f"operation {op.type!r} is listed twice for {kind}")
            table[kind][op.type] = op
    return table


@cache
def schemas_for(kind: str) -> dict[str, list[Field]]:
    """type -> fields for one connection kind (what ``protocol.check`` validates against)."""
    return {t: list(op.fields) for t, op in by_kind()[kind].items()}


def lookup(kind: str, type_: str) -> Operation | None:
    return by_kind().get(kind, {}).get(type_)


def roles_with(capability: str | None) -> tuple[str, ...]:
    """Roles that may run an operation needing ``capability`` (every role when None)."""
    return tuple(r for r, caps in ROLE_CAPS.items() if capability is None or capability in caps)


def markdown_table() -> str:
    """The table as docs/protocol.md shows it (a test keeps the two equal)."""
    rows = [
        "| type | sent by | fields (required in bold) | writes | who may send it |",
        "|---|---|---|---|---|",
    ]
    for op in OPERATIONS:
        names = ", ".join(f"**`{f.name}`**" if f.required else f"`{f.name}`" for f in op.fields)
        if CONSOLE in op.kinds and op.capability is not None:
            who = f"{op.capability}: " + ", ".join(roles_with(op.capability))
        else:
            who = "any signed-in " + " / ".join(op.kinds)
        writes = "yes" if op.writes else "no"
        rows.append(f"| `{op.type}` | {', '.join(op.kinds)} | {names or '–'} | {writes} | {who} |")
    return "\n".join(rows) + "\n"
