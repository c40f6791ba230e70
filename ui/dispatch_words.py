"""What a dispatcher reads when a command loses a race or is refused: the hub's details said
in the dispatcher's words ("Wang Wei got it first (by Ann)")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.models.labels import actor_name, label


def winner_message(details: dict[str, Any]) -> str:
    """ "Wang Wei got it first (by Ann)" from a Conflict's ``details.winner``."""
    winner = details.get("winner") or {}
    name = winner.get("technician_name")
    if not name:
        return QCoreApplication.translate("DispatchActions", "Someone else changed this call first")
    who = actor_name(str(winner.get("assigned_by") or ""))
    if who:
        return QCoreApplication.translate(
            "DispatchActions", "{name} got it first (by {who})"
        ).format(name=name, who=who)
    return QCoreApplication.translate("DispatchActions", "{name} got it first").format(name=name)


def transition_message(call_id: int | None, details: dict[str, Any]) -> str:
    """ "Call #25 is already Accepted: it cannot be Assigned now", in the dispatcher's words
    (the hub's sentence names internal states)."""
    return QCoreApplication.translate(
        "DispatchActions", "Call #{call} is already {status}: it cannot be {step} now"
    ).format(
        call=details.get("call_id", call_id),
        status=label(str(details.get("status"))),
        step=label(str(details.get("refused") or "")).lower(),
    )
