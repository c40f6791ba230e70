"""How close a call is to its promised arrival: the levels the queue colours by."""

from __future__ import annotations

import enum
import math
from datetime import datetime

from console.domain import CallView

WARNING_MINUTES = 15
CRITICAL_MINUTES = 5


class SlaLevel(enum.Enum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    BREACHED = "breached"


def sla_level(deadline: datetime, now: datetime) -> SlaLevel:
    """ok > 15 min left, warning <= 15, critical <= 5, breached once the deadline passed."""
    left = (deadline - now).total_seconds()
    if left < 0:
        return SlaLevel.BREACHED
    if left <= CRITICAL_MINUTES * 60:
        return SlaLevel.CRITICAL
    if left <= WARNING_MINUTES * 60:
        return SlaLevel.WARNING
    return SlaLevel.OK


def format_countdown(deadline: datetime, now: datetime) -> str:
    """ "12:05" left, or "-3:10" once breached (minutes:seconds; hours roll into minutes)."""
    secs = int((deadline - now).total_seconds())
    sign = "-" if secs < 0 else ""
    secs = abs(secs)
    return f"{sign}{secs // 60}:{secs % 60:02d}"


def format_waiting(since: datetime, now: datetime) -> str:
    secs = max(0, int((now - since).total_seconds()))
    hours, rem = divmod(secs // 60, 60)
    return f"{hours}h {rem:02d}m" if hours else f"{rem}m"


def arrived_at(call: CallView) -> datetime | None:
    """When the technician reached the customer: the moment the SLA promise was settled."""
    return call.step_times.get("on_site")


def minutes_late(deadline: datetime, at: datetime) -> int:
    """Whole minutes past the deadline at ``at`` (0 when on time)."""
    late = (at - deadline).total_seconds()
    return 0 if late <= 0 else math.ceil(late / 60)


def outcome_level(call: CallView) -> SlaLevel | None:
    """For an arrived call, OK (kept) or BREACHED (broken); None while still pending."""
    at = arrived_at(call)
    if at is None:
        return None
    return SlaLevel.BREACHED if minutes_late(call.sla_deadline, at) else SlaLevel.OK
