"""The map's first view: the whole city fitted at a fractional zoom, refitted when the dock is
resized, until the dispatcher pans or zooms (then their view stays theirs)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from maps.view import MapView

Js = Callable[[MapView, str], Any]


def _poll(qtbot: Any, view: MapView, js: Js, check: Callable[[dict[str, Any]], bool]) -> dict:
    """NDC.counts() once ``check`` accepts it (resizes and zooms settle asynchronously)."""
    deadline = time.monotonic() + 8
    while True:
        counts: dict[str, Any] = js(view, "NDC.counts()")
        if check(counts):
            return counts
        assert time.monotonic() < deadline, f"map never got there: {counts}"
        qtbot.wait(50)


def _settled(qtbot: Any, view: MapView, js: Js) -> dict:
    last: list[float] = []

    def steady(c: dict[str, Any]) -> bool:
        last.append(c["zoom"])
        return len(last) >= 4 and len(set(last[-4:])) == 1

    return _poll(qtbot, view, js, steady)


def test_city_fits_on_load_and_resize_until_the_user_zooms(
    make_map: Callable[..., MapView], js: Js, qtbot: Any
) -> None:
    view = make_map()
    wide = _poll(qtbot, view, js, lambda c: c["cityInView"] and c["autoFit"])
    view.resize(420, 700)  # a narrow dock: zoom out, by a fraction if that is enough
    narrow = _poll(qtbot, view, js, lambda c: c["cityInView"] and c["zoom"] < wide["zoom"])
    assert narrow["autoFit"]
    assert wide["zoom"] - narrow["zoom"] < 2  # quarter steps, not a whole level too far

    # the dispatcher zooms with the wheel: from now on a resize leaves their view alone
    js(
        view,
        "document.querySelector('.leaflet-container').dispatchEvent("
        "new WheelEvent('wheel', {deltaY: -240, bubbles: true, cancelable: true,"
        " clientX: 200, clientY: 300})), true",
    )
    zoomed = _settled(qtbot, view, js)
    assert not zoomed["autoFit"] and zoomed["zoom"] > narrow["zoom"]
    view.resize(300, 700)
    after = _settled(qtbot, view, js)
    assert after["zoom"] == zoomed["zoom"] and not after["autoFit"]

    # and the shell can ask for the city again
    js(view, "NDC.fitCity(), true")
    _poll(qtbot, view, js, lambda c: c["cityInView"] and c["autoFit"])
