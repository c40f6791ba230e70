"""The service layer: the only code that writes live data.

Each public function is one use case and one transaction that also appends its audit
record and event(s). Functions take keyword arguments and return plain views.
"""

from console.services.actors import Actor
from console.services.assignment import assign_call, reassign_call, unassign_call
from console.services.calls import Taken, create_call, take_call
from console.services.costs import add_cost_entry
from console.services.progress import (
    add_note,
    advance_status,
    cancel_call,
    complete_call,
    fail_call,
    rate_call,
)
from console.services.technicians import set_technician_status

__all__ = [
    "Actor",
    "Taken",
    "add_cost_entry",
    "add_note",
    "advance_status",
    "assign_call",
    "cancel_call",
    "complete_call",
    "create_call",
    "fail_call",
    "rate_call",
    "reassign_call",
    "set_technician_status",
    "take_call",
    "unassign_call",
]
