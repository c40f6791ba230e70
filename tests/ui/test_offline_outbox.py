"""Taking orders offline in the window: what the dispatcher does while the hub is down goes
to the durable outbox (console.outbox), survives closing the console, is sent in order on
reconnect, and what the hub refused is resolved in the reconcile view."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from console.db.models import Assignment, Call, CallNote
from console.domain import CallStatus
from console.services import assign_call, create_call
from console.services.actors import SYSTEM
from tests.helpers.hub_support import CALL
from tests.ui.conftest import until

NEW_CALL = dict(customer_name="Zhao Lei", phone="13911112222", address="88 Fuxing Road",
                lat=31.21, lon=121.46, category="leak", priority="urgent")


def _shoot(widget: Any, name: str) -> None:
    """Save a screenshot when DISPATCH_SCREENSHOTS names a folder (the README's figures)."""
    folder = os.environ.get("DISPATCH_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def _go_offline(window: Any, hub_env: Any, arun: Any) -> None:
    arun(hub_env.stop())
    arun(until(lambda: window.ctx.bridge.connection_state != "connected", what="offline"))


def test_outbox_survives_a_console_restart_and_is_sent_in_order(
    make_main_window: Any, hub_env: Any, arun: Any
) -> None:
    db, tech = hub_env.db, hub_env.technicians[0]
    existing = create_call(db, actor=SYSTEM, **CALL).id
    window = make_main_window()
    state, actions = window.ctx.state, window.ctx.actions
    arun(until(lambda: existing in state.calls, what="call"))
    _go_offline(window, hub_env, arun)

    actions.create_call(dict(NEW_CALL))
    actions.add_note(existing, "customer called back: gate code 4711")
    actions.assign(existing, tech.id)
    arun(until(lambda: actions.queued == 3, what="three queued"))
    desk = window.wiring.offline
    banner = desk.banner.text()
    assert banner.startswith("Offline since ") and banner.endswith("3 actions waiting"), banner
    # the time the link dropped, on the center's clock (as the status bar), not the machine's
    from zoneinfo import ZoneInfo

    assert desk.dropped_at is not None
    dropped = desk.dropped_at.astimezone(ZoneInfo(window.ctx.tz)).strftime("%H:%M")
    assert banner.startswith(f"Offline since {dropped} "), (banner, window.ctx.tz)
    since = window.ctx.bridge.state_since.astimezone(ZoneInfo(window.ctx.tz)).strftime("%H:%M:%S")
    assert since in window.status.connection.text()  # the status bar, on the same clock
    assert not desk.banner.review.isVisibleTo(desk.banner)  # nothing to reconcile yet
    model = window.panels["queue"].model
    unsent = [r for r in range(model.rowCount()) if model.call_at(r).id < 0]
    assert len(unsent) == 1
    assert model.data(model.index(unsent[0], model.columns.index("status"))) == "Not yet sent"
    row = model.row_of(existing)
    assignee = model.data(model.index(row, model.columns.index("assignee")))
    assert assignee == f"{tech.name} (tentative)"
    _shoot(window, "offline-banner.png")

    window.close()  # the console goes away with everything still waiting
    arun(window.ctx.client.close())
    arun(hub_env.restart())
    again = make_main_window()  # same user, same hub: the same outbox file
    arun(until(lambda: again.ctx.actions.queued == 0, timeout=20, what="outbox sent"))
    arun(until(lambda: existing in again.ctx.state.calls
               and again.ctx.state.calls[existing].status is CallStatus.ASSIGNED,
               timeout=15, what="assignment applied"))
    with db.reading() as s:
        created = s.execute(select(func.count()).select_from(Call)
                            .where(Call.address == NEW_CALL["address"])).scalar_one()
        notes = s.execute(select(CallNote.text).where(CallNote.call_id == existing)).scalars()
        assert created == 1
        assert list(notes) == ["customer called back: gate code 4711"]
    assert not again.wiring.offline.banner.isVisible()


def test_reconcile_view_lists_a_real_conflict_and_applies_mine(
    make_main_window: Any, hub_env: Any, arun: Any
) -> None:
    db = hub_env.db
    mine, theirs = hub_env.technicians[0], hub_env.technicians[1]
    call_id = create_call(db, actor=SYSTEM, **CALL).id
    window = make_main_window()
    state, actions = window.ctx.state, window.ctx.actions
    arun(until(lambda: call_id in state.calls, what="call"))
    _go_offline(window, hub_env, arun)
    actions.assign(call_id, mine.id)
    arun(until(lambda: actions.queued == 1, what="queued"))
    # meanwhile another dispatcher, on another hub of the database, gives it to someone else
    assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=theirs.id,
                override_reason="other desk")
    conflicts: list[Any] = []
    actions.outbox_sent.connect(conflicts.extend)
    arun(hub_env.restart())
    arun(until(lambda: conflicts, timeout=20, what="the conflict"))
    desk = window.wiring.offline
    assert "1 action could not be applied as made" in desk.banner.text()
    assert desk.banner.review.isVisibleTo(desk.banner)
    arun(until(lambda: state.calls[call_id].technician_ids == (theirs.id,), what="their win"))
    view = desk.open_reconcile()
    model = view.model
    assert model.rowCount() == 1
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells[1] == f"Assign call {call_id}"
    assert "changed by someone else" in cells[2] or "version" in cells[2], cells[2]
    assert theirs.name in cells[3]
    _shoot(window, "reconcile-window.png")
    _shoot(view, "reconcile-view.png")

    view.mine.click()  # apply mine on top: a reassignment from whoever has it now
    arun(until(lambda: state.calls[call_id].technician_ids == (mine.id,), timeout=15,
               what="mine applied"))
    assert model.rowCount() == 0 and desk.outbox.conflicts() == []
    with db.reading() as s:
        active = s.execute(select(Assignment.technician_id).where(
            Assignment.call_id == call_id, Assignment.active.is_(True))).scalars().all()
    assert active == [mine.id]
    view.close()
