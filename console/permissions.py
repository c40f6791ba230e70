"""What each role may do, in one table the hub enforces and the window displays; which
capability each request needs is in the operation table (console.operations).

Supervisors watch the floor and print reports; they can add notes but not move work.
Trainers run demo nights and may dispatch in them. Admins may do everything.
"""

from __future__ import annotations

from console.domain import Role
from console.errors import Forbidden

DISPATCH = "dispatch"
REPORTS = "reports"
TRAINER = "trainer"
NOTES = "notes"
POLICY = "policy"  # dispatch policies (manual / suggest / auto): admins only
ACCOUNTS = "accounts"  # users, roles, sessions, lockouts (the Admin dialog): admins only

ROLE_CAPS: dict[str, frozenset[str]] = {
    Role.DISPATCHER.value: frozenset({DISPATCH, NOTES}),
    Role.SUPERVISOR.value: frozenset({REPORTS, NOTES}),
    Role.TRAINER.value: frozenset({DISPATCH, NOTES, TRAINER}),
    Role.ADMIN.value: frozenset({DISPATCH, NOTES, REPORTS, TRAINER, POLICY, ACCOUNTS}),
}

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
