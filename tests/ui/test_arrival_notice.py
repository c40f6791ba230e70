"""A new emergency is visible with the sound muted: a bar and a title count until seen."""

from __future__ import annotations

from tests.ui.conftest import until

EMERGENCY = dict(
    customer_name="Qian Yu",
    phone="13800004444",
    address="5 Xizang Rd",
    lat=31.23,
    lon=121.47,
    category="burst_pipe",
    priority="emergency",
)


def test_new_emergency_shows_a_bar_and_a_title_count_until_seen(
    make_main_window, connect, fresh_settings, arun
) -> None:
    fresh_settings.set("alerts/muted", True)
    window = make_main_window()
    title = window.windowTitle()
    notice = window.wiring.notice
    assert notice.isHidden()
    other = connect("admin")  # another desk takes the call
    call = arun(other.create_call(**EMERGENCY))
    arun(until(lambda: notice.isVisible(), what="the arrival bar"))
    assert window.windowTitle() == f"(1) {title}"
    assert f"#{call.id}" in notice.text.text() and "Burst pipe" in notice.text.text()
    chimes: list[tuple[int, float]] = []
    window.alerts.chimed.connect(lambda level, volume: chimes.append((level, volume)))

    notice.show_button.click()  # "Show": the call is selected, which is seeing it
    assert window.panels["queue"].selected_call_id() == call.id
    assert notice.isHidden() and window.windowTitle() == title

    second = arun(other.create_call(**{**EMERGENCY, "phone": "13800005555"}))
    arun(until(lambda: notice.unseen == [second.id], what="the second call"))
    arun(other.assign(second.id, 1))  # someone else sent a technician: nothing left to see
    arun(until(lambda: notice.isHidden(), what="the bar goes away"))
    assert window.windowTitle() == title
