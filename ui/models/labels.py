"""Display names for the domain's codes (categories, skills, statuses, priorities, channels).

The codes stay English on the wire and in the database; what the dispatcher reads goes
through Qt's translator (context "Labels"), so the shell's Chinese .qm covers the panels.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_SOURCE: dict[str, object] = {  # values: QT_TRANSLATE_NOOP returns its text
    # categories
    "burst_pipe": QT_TRANSLATE_NOOP("Labels", "Burst pipe"),
    "blocked_drain": QT_TRANSLATE_NOOP("Labels", "Blocked drain"),
    "leak": QT_TRANSLATE_NOOP("Labels", "Leak"),
    "lockout": QT_TRANSLATE_NOOP("Labels", "Lockout"),
    "broken_lock": QT_TRANSLATE_NOOP("Labels", "Broken lock"),
    "power_outage": QT_TRANSLATE_NOOP("Labels", "Power outage"),
    "electrical_fault": QT_TRANSLATE_NOOP("Labels", "Electrical fault"),
    "no_heating": QT_TRANSLATE_NOOP("Labels", "No heating"),
    "boiler_failure": QT_TRANSLATE_NOOP("Labels", "Boiler failure"),
    "appliance_repair": QT_TRANSLATE_NOOP("Labels", "Appliance repair"),
    "broken_window": QT_TRANSLATE_NOOP("Labels", "Broken window"),
    "pests": QT_TRANSLATE_NOOP("Labels", "Pests"),
    # skills
    "plumbing": QT_TRANSLATE_NOOP("Labels", "Plumbing"),
    "locksmith": QT_TRANSLATE_NOOP("Labels", "Locksmith"),
    "electrical": QT_TRANSLATE_NOOP("Labels", "Electrical"),
    "appliance": QT_TRANSLATE_NOOP("Labels", "Appliance"),
    "heating": QT_TRANSLATE_NOOP("Labels", "Heating"),
    "glazing": QT_TRANSLATE_NOOP("Labels", "Glazing"),
    "pest": QT_TRANSLATE_NOOP("Labels", "Pest control"),
    # call and technician statuses, and the steps of a call
    "created": QT_TRANSLATE_NOOP("Labels", "Created"),
    "new": QT_TRANSLATE_NOOP("Labels", "New"),
    "assigned": QT_TRANSLATE_NOOP("Labels", "Assigned"),
    "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
    "en_route": QT_TRANSLATE_NOOP("Labels", "En route"),
    "on_site": QT_TRANSLATE_NOOP("Labels", "On site"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Completed"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    "failed": QT_TRANSLATE_NOOP("Labels", "Failed"),
    "off_duty": QT_TRANSLATE_NOOP("Labels", "Off duty"),
    "available": QT_TRANSLATE_NOOP("Labels", "Available"),
    "on_break": QT_TRANSLATE_NOOP("Labels", "On break"),
    # priorities
    "emergency": QT_TRANSLATE_NOOP("Labels", "Emergency"),
    "urgent": QT_TRANSLATE_NOOP("Labels", "Urgent"),
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    # channels
    "phone": QT_TRANSLATE_NOOP("Labels", "Phone"),
    "app": QT_TRANSLATE_NOOP("Labels", "App"),
    "mini_program": QT_TRANSLATE_NOOP("Labels", "Mini program"),
    "web": QT_TRANSLATE_NOOP("Labels", "Web form"),
    "partner_api": QT_TRANSLATE_NOOP("Labels", "Partner API"),
    # assignment end reasons
    "reassigned": QT_TRANSLATE_NOOP("Labels", "Reassigned"),
    "unassigned": QT_TRANSLATE_NOOP("Labels", "Unassigned"),
    # who did it, when no person's name is known
    "system": QT_TRANSLATE_NOOP("Labels", "the system"),
    "user": QT_TRANSLATE_NOOP("Labels", "a user"),
    "technician": QT_TRANSLATE_NOOP("Labels", "the technician"),
    "channel": QT_TRANSLATE_NOOP("Labels", "an intake channel"),
    "auto": QT_TRANSLATE_NOOP("Labels", "auto-dispatch"),
}


def label(code: str) -> str:
    """The dispatcher-facing name of a code; unknown codes read as words ("a_b" -> "a b")."""
    source = _SOURCE.get(str(code))
    if source is None:
        return str(code).replace("_", " ")
    return QCoreApplication.translate("Labels", str(source))


def actor_name(actor: str) -> str:
    """A person's name from an audit label ("user:3 Ann" -> "Ann"); without a name, what
    kind of actor it was, in words ("user:3" -> "a user") — never an internal id."""
    text = str(actor or "").strip()
    if not text:
        return ""
    head, _, rest = text.partition(" ")
    if ":" in head or head in _SOURCE:
        if rest.strip():
            return rest.strip()
        return label(head.split(":", 1)[0])
    return text
