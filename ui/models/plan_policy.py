"""What the Plan panel may propose under the dispatch policies (plain Python, no Qt).

``manual`` (recommendations only) set by an admin turns the panel's proposals off: for the
whole centre (nothing is solved) or for a category (its calls are left out of the diff).
``suggest`` and ``auto`` windows are planned. A centre with no policy at all, or a console
that has not heard the policies yet, is planned as before policies existed. The dispatcher
may ask for a plan anyway; that lasts until they reject the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from console.services import policy


class PlanGate:
    """The policies the hub last sent, and the dispatcher's "plan anyway"."""

    def __init__(self, clock: Callable[[], datetime], tz: str) -> None:
        self.clock = clock
        self.tz = tz
        self.policies: list[policy.PolicyView] | None = None  # None: not known (no hub)
        self.plan_anyway = False

    def update(self, policies: list[policy.PolicyView], tz: str) -> policy.ActiveMode:
        """Keep the hub's answer; returns the centre's mode now (for the status bar)."""
        self.policies, self.tz = policies, tz
        return policy.active_mode(policies, None, self.clock(), tz)

    def manual(self, category: str | None) -> policy.ActiveMode | None:
        """The admin's ``manual`` policy in force for ``category`` now (None: the whole
        centre), or None when the panel may propose."""
        if self.policies is None or self.plan_anyway:
            return None
        mode = policy.active_mode(self.policies, category, self.clock(), self.tz)
        return mode if mode.mode == "manual" and mode.policy_id is not None else None

    def off(self) -> policy.ActiveMode | None:
        """Manual for the whole centre, with no category planned differently: nothing to
        solve. Returns that mode (its ``until`` is said)."""
        mode = self.manual(None)
        return mode if mode is not None and not mode.categories else None
