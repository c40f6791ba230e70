"""Pins: a dispatcher keeps a call with its current technicians, and every later plan (the
Plan panel of any console, the hub's auto-dispatch) leaves it where it is.

The pin names the technicians it keeps (``calls.pinned_technicians``) and holds only while
they are exactly the call's technicians (``console.views.is_pinned``): a reassignment or an
unassignment ends it without touching it, so no stale pin lands on somebody else.

Pinning does not bump the call's version (who goes did not change, as for a note), so a
dispatcher's undo or a versioned request in flight is not refused because of it. The call
row is locked first, as every assignment change locks it (its version update), so the
view in the ``call.pinned`` / ``call.unpinned`` event is never older than an assignment
event before it. Both are audited.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import Call
from console.domain import CallStatus, CallView
from console.errors import IllegalTransition
from console.services.actors import Actor
from console.services.call_rows import emit_call, load_call, tech_ids
from console.services.journal import Journal
from console.views import call_view, is_pinned


def pin_call(db: Database, *, actor: Actor, call_id: int) -> CallView:
    """Pin the call to the technicians on it now (pinning a pinned call changes nothing)."""
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _locked(session, call_id)
        techs = sorted(tech_ids(call))
        if not techs or not CallStatus(call.status).is_open:
            raise IllegalTransition(
                f"call {call.id} is {call.status} with nobody on it: there is nothing to pin "
                "it to (assign someone first)",
                call_id=call.id,
                status=call.status,
                refused="pinned",
            )
        if is_pinned(call):
            return call_view(call)
        call.pinned_technicians, call.pinned_at, call.pinned_by = techs, journal.at, actor.label
        session.flush()
        journal.audit("pin_call", "call", call.id, {"pinned": False},
                      {"pinned": True, "technicians": techs})
        view = emit_call(journal, "call.pinned", call, technician_ids=techs)
        journal.flush()
        return view


def unpin_call(db: Database, *, actor: Actor, call_id: int) -> CallView:
    """Let plans move the call again (unpinning a call with no pin changes nothing)."""
    with db.transaction() as session:
        journal = Journal(session, actor, db.now())
        call = _locked(session, call_id)
        if not is_pinned(call):
            return call_view(call)
        techs = sorted(tech_ids(call))
        call.pinned_technicians, call.pinned_at, call.pinned_by = None, None, None
        session.flush()
        journal.audit("unpin_call", "call", call.id, {"pinned": True, "technicians": techs},
                      {"pinned": False})
        view = emit_call(journal, "call.unpinned", call, technician_ids=techs)
        journal.flush()
        return view


def _locked(session: Session, call_id: int) -> Call:
    """The call, read after taking its row lock (PostgreSQL; SQLite writes one at a time),
    so its assignments are those committed before us."""
    if isinstance(call_id, int) and not isinstance(call_id, bool):  # else load_call says why
        session.execute(select(Call.id).where(Call.id == call_id).with_for_update()).all()
    return load_call(session, call_id)
