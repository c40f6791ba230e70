"""The status bar's auto-dispatch words follow the hub's policies per category: an auto
policy for one category is "on for leak until …", not "off" because the center is manual."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.services.actors import Actor
from console.services.policy import set_policy
from console.timezone import CENTER_TZ
from tests.ui.conftest import until

ADMIN = Actor("user", 9, "Ada", role="admin")


def _window(hours_back: int, hours_ahead: int) -> tuple[str, str]:
    """A local window around now (it may cross midnight: policies allow that)."""
    now = datetime.now(ZoneInfo(CENTER_TZ))
    start, end = now - timedelta(hours=hours_back), now + timedelta(hours=hours_ahead)
    return f"{start:%H:%M}", f"{end:%H:%M}"


def test_auto_for_some_categories_is_said_in_the_status_bar(
    hub_env: Any, make_main_window: Callable[..., Any], arun: Callable[..., Any]
) -> None:
    start, end = _window(1, 2)
    set_policy(hub_env.db, actor=ADMIN, mode="auto", start=start, end=end, category="leak")
    window = make_main_window()
    label = window.status.auto_dispatch
    want = f"Auto-dispatch: on for leak until {end}"
    arun(until(lambda: label.text() == want, what=want))
    assert label.isVisibleTo(window)

    set_policy(hub_env.db, actor=ADMIN, mode="auto", start=start, end=end, category="lockout")
    window.panel_set.plan.check_policies()  # its minute timer, now
    want = f"Auto-dispatch: on for 2 categories until {end}"
    arun(until(lambda: label.text() == want, what=want))

    db, day = hub_env.db, {"start": "00:00", "end": "00:00"}
    set_policy(db, actor=ADMIN, mode="auto", **day)
    set_policy(db, actor=ADMIN, mode="manual", category="boiler_failure", **day)
    window.panel_set.plan.check_policies()
    want = "Auto-dispatch: on except boiler failure"
    arun(until(lambda: label.text() == want, what=want))
