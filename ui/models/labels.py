"""Display names for the domain's codes (categories, skills, statuses, priorities, channels).

The codes stay English on the wire and in the database; what the dispatcher reads goes
through Qt's translator (context "Labels"), so the shell's Chinese .qm covers the panels.
"""

from __future__ import annotations

from datetime import datetime

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
    # demo scenarios (resources/scenarios/*.toml names)
    "quiet_weeknight": QT_TRANSLATE_NOOP("Labels", "Quiet weeknight"),
    "holiday_peak": QT_TRANSLATE_NOOP("Labels", "Holiday peak"),
    "hub_outage_drill": QT_TRANSLATE_NOOP("Labels", "Hub outage drill"),
    "winter_freeze": QT_TRANSLATE_NOOP("Labels", "Winter freeze"),
}

_INJECTIONS: dict[str, object] = {
    "emergency_call": QT_TRANSLATE_NOOP("Labels", "emergency call"),
    "van_breakdown": QT_TRANSLATE_NOOP("Labels", "van breakdown"),
    "customer_cancel": QT_TRANSLATE_NOOP("Labels", "customer cancels"),
    "hub_outage": QT_TRANSLATE_NOOP("Labels", "hub outage"),
}

_WEEKDAYS: tuple[object, ...] = (
    QT_TRANSLATE_NOOP("Weekdays", "Mon"),
    QT_TRANSLATE_NOOP("Weekdays", "Tue"),
    QT_TRANSLATE_NOOP("Weekdays", "Wed"),
    QT_TRANSLATE_NOOP("Weekdays", "Thu"),
    QT_TRANSLATE_NOOP("Weekdays", "Fri"),
    QT_TRANSLATE_NOOP("Weekdays", "Sat"),
    QT_TRANSLATE_NOOP("Weekdays", "Sun"),
)


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


def words() -> dict[str, str]:
    """Every known code with its name in the interface language (for the map page)."""
    return {code: label(code) for code in _SOURCE}


def injection_name(kind: str) -> str:
    """A trainer injection in words ("van_breakdown" -> "van breakdown", translated)."""
    source = _INJECTIONS.get(kind)
    return (
        kind.replace("_", " ")
        if source is None
        else QCoreApplication.translate("Labels", str(source))
    )


def weekday(at: datetime) -> str:
    """The short weekday name in the interface language ("Tue", "周二")."""
    return QCoreApplication.translate("Weekdays", str(_WEEKDAYS[at.weekday()]))


def duration(minutes: float) -> str:
    """ "1h 03m" / "7m" in the interface language ("1小时03分" / "7分")."""
    total = max(0, int(minutes))
    hours, rest = divmod(total, 60)
    if hours:
        return (
            QCoreApplication.translate("Durations", "%1h %2m")
            .replace("%1", str(hours))
            .replace("%2", f"{rest:02d}")
        )
    return QCoreApplication.translate("Durations", "%1m").replace("%1", str(rest))
