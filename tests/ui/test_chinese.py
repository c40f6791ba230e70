"""The Chinese interface says durations, weekdays, scenario and category names, map
tooltips and shortcut keys in Chinese, each key once."""

from __future__ import annotations

from datetime import datetime

from ui import i18n
from ui.models.labels import duration, injection_name, label, weekday, words
from ui.shell import shortcuts


def test_chinese_durations_weekdays_codes_and_keys(qapp) -> None:
    try:
        assert i18n.install(qapp, "zh")
        assert duration(63) == "1小时03分" and duration(0) == "0分"
        assert weekday(datetime(2026, 12, 1)) == "周二"  # a Tuesday
        assert label("burst_pipe") == "水管爆裂"
        assert label("quiet_weeknight") == "平静的工作日夜晚"
        assert injection_name("van_breakdown") == "车辆故障"
        on_site = words()["on_site"]  # what the map's tooltips say
        assert on_site == label("on_site") and on_site != "On site" and "_" not in on_site
        sheet = shortcuts.CheatSheet(allowed=None)
        keys = dict((action, keys) for _group, action, keys in sheet.rows())
        assign = keys[shortcuts.tr("Assign top recommendation")]
        assert assign.count("Ctrl+回车") == 1, assign
        sheet.deleteLater()
    finally:
        i18n.install(qapp, "en")
    assert duration(63) == "1h 03m" and weekday(datetime(2026, 12, 1)) == "Tue"

