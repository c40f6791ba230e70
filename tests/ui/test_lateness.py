"""A broken promise is said before and after the choice: in the recommendations, and with
the undo offer after a drop, with who would be on time instead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.ui.conftest import until
from ui.models.lateness import judge, late_by, verdict_text
from ui.panels.recommendations import COLUMNS

#: An emergency (45 min promised) near Emma Clarke's base in Xuhui, far from Pudong.
FAR_EMERGENCY = dict(
    customer_name="He Jun",
    phone="13800007777",
    address="7 Caoxi Rd",
    lat=31.1850,
    lon=121.4340,
    category="burst_pipe",
    priority="emergency",
)


AHEAD = {"minutes": 38}  # the window's clock runs this far ahead of the hub's


def _late_clock() -> datetime:
    return datetime.now(UTC) + timedelta(minutes=AHEAD["minutes"])


def test_recommendations_and_a_drop_say_late_by(make_main_window, hub_env, arun) -> None:
    AHEAD["minutes"] = 38  # 7 minutes of the promise left
    window = make_main_window(clock=_late_clock)
    call = arun(window.ctx.client.create_call(**FAR_EMERGENCY))
    arun(until(lambda: call.id in window.ctx.state.calls, what="the call"))
    wang = next(t.id for t in hub_env.technicians if t.name == "王伟")
    emma = next(t.id for t in hub_env.technicians if t.name == "Emma Clarke")
    state = window.ctx.state

    verdict = judge(
        state.calls[call.id],
        wang,
        state.technicians.values(),
        open_calls=state.open_calls(),
        now=_late_clock(),
        tz=window.ctx.tz,
    )
    assert verdict is not None and verdict.late > 0
    assert verdict.better is not None and verdict.better.technician_id == emma
    assert verdict_text(verdict).startswith(f"late by {verdict.late} min; Emma Clarke could")

    recs = window.panels["recommendations"]
    recs.set_call(call.id)
    promise = {
        recs.model.rows[r].technician_id: recs.model.index(r, COLUMNS.index("sla")).data()
        for r in range(recs.model.rowCount())
    }
    assert promise[emma] == "on time"
    assert promise[wang] == f"late by {verdict.late} min"
    AHEAD["minutes"] = 60  # past the promise: nobody can keep it now
    recs.refresh()
    assert "Nobody here can be there in time: the first is late by" in recs.title.text()
    AHEAD["minutes"] = 38

    window.panels["board"].assign(call.id, wang)  # the drop on Wang Wei's row
    arun(until(lambda: "Ctrl+Z" in window.toast.message.text(), what="the undo offer"))
    text = window.toast.message.text()
    assert f"late by {verdict.late} min" in text and "Emma Clarke could be there in time" in text


def test_late_by_counts_whole_minutes_past_the_promise(make_main_window, arun) -> None:
    window = make_main_window()
    call = arun(window.ctx.client.create_call(**FAR_EMERGENCY))
    now = call.sla_deadline - timedelta(minutes=10)
    assert late_by(call, 9.5, now) == 0
    assert late_by(call, 10.2, now) == 1
    assert late_by(call, 56, now) == 46
