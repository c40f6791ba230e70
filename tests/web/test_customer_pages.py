"""The customer's pages in a real browser engine (QtWebEngine, offscreen): the form filled
and pinned by a real click, sent twice yet one call; the tracking page following the job,
showing the van while en route, then taking a rating that lands on the call.

Set NDC_SHOTS=DIR to also save phone-sized screenshots (the README's come from here).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWebEngineWidgets import QWebEngineView

from console.db.engine import Database
from console.db.models import Call, Technician
from console.services import advance_status, assign_call, complete_call
from console.services.accounts import create_technician
from console.services.actors import SYSTEM
from tests.helpers.api_support import running_api

PHONE = (390, 844)
Js = Callable[[str], Any]


@pytest.fixture
def browser(qtbot: Any) -> Iterator[tuple[QWebEngineView, Js]]:
    view = QWebEngineView()
    qtbot.addWidget(view)
    view.resize(*PHONE)
    view.show()

    def js(expression: str) -> Any:
        with qtbot.waitCallback(timeout=10_000) as callback:
            view.page().runJavaScript(f"JSON.stringify({expression})", 0, callback)
        raw = callback.args[0]
        return json.loads(raw) if isinstance(raw, str) and raw else None

    yield view, js
    view.close()
    view.deleteLater()  # the page goes before the profile does, at exit
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _load(qtbot: Any, view: QWebEngineView, url: str) -> None:
    with qtbot.waitSignal(view.loadFinished, timeout=20_000) as done:
        view.load(QUrl(url))
    assert done.args == [True]


def _shot(qtbot: Any, view: QWebEngineView, name: str) -> None:
    folder = os.environ.get("NDC_SHOTS")
    if folder:
        qtbot.wait(700)  # let the compositor paint the last change before grabbing
        view.grab().save(str(Path(folder) / f"{name}.png"))


def _calls(db: Database) -> int:
    with db.reading() as s:
        return int(s.execute(select(func.count()).select_from(Call)).scalar_one())


def test_form_to_tracking_to_rating(db: Database, qtbot: Any,
                                    browser: tuple[QWebEngineView, Js]) -> None:
    view, js = browser
    tech, _ = create_technician(db, actor=SYSTEM, name="王伟", phone="13800000011",
                                skills=["heating"], home_base="Xuhui", home_lat=31.19,
                                home_lon=121.43)
    with running_api(db) as api:
        _load(qtbot, view, f"{api.url}/web/?lang=en")
        qtbot.waitUntil(lambda: js("document.body.dataset.ready") == "1", timeout=10_000)
        js("(() => { const f = document.getElementById('intake');"
           " f.customer_name.value = 'Emma Brown'; f.phone.value = '139 0000 4444';"
           " f.address.value = '8 Wulumuqi Rd, apt 1202'; f.category.value = 'no_heating';"
           " f.notes.value = 'Boiler shows a red light'; return true; })()")
        # nothing pinned yet: the page refuses and says why
        js("document.getElementById('intake').requestSubmit()")
        qtbot.waitUntil(lambda: "Pin" in js("document.querySelector('[data-for=lat]')"
                                            ".textContent"), timeout=5_000)
        box = js("(() => { const r = document.getElementById('map')"
                 ".getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
        js("document.getElementById('map').scrollIntoView()")
        box = js("(() => { const r = document.getElementById('map')"
                 ".getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
        spot = QPoint(int(box[0] + box[2] / 2), int(box[1] + box[3] / 2))
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=spot)
        qtbot.waitUntil(lambda: "Pinned" in js("document.getElementById('pin-hint')"
                                               ".textContent"), timeout=5_000)
        js("window.scrollTo(0, 0)")
        _shot(qtbot, view, "customer-intake-en")
        # sent twice: the form's submit and a second request with the same key at once
        js("(() => { document.getElementById('intake').requestSubmit();"
           " send(collect()); return true; })()")
        qtbot.waitUntil(lambda: js("document.body.dataset.callId") is not None, timeout=10_000)
        assert _calls(db) == 1
        call_id = int(js("document.body.dataset.callId"))
        _shot(qtbot, view, "customer-intake-sent-en")
        link = js("document.getElementById('tracking-url').textContent")
        assert link.startswith(f"{api.url}/t/{call_id}.")

        _load(qtbot, view, link + "&poll=200")

        def status() -> Any:
            return js("document.body.dataset.status")

        qtbot.waitUntil(lambda: status() == "new", timeout=10_000)
        assign_call(db, actor=SYSTEM, call_id=call_id, technician_id=tech.id,
                    override_reason="test")
        qtbot.waitUntil(lambda: status() == "assigned", timeout=10_000)
        assert js("document.getElementById('technician').textContent") == "王师傅"
        assert js("document.getElementById('map-card').hidden") is True
        with db.transaction() as s:
            s.execute(update(Technician).values(last_lat=31.205, last_lon=121.432))
        advance_status(db, actor=SYSTEM, call_id=call_id, to="accepted")
        advance_status(db, actor=SYSTEM, call_id=call_id, to="en_route")
        qtbot.waitUntil(lambda: js("document.body.dataset.van") == "31.20500,121.43200",
                        timeout=10_000)
        assert js("document.getElementById('map-card').hidden") is False
        assert "min" in js("document.getElementById('eta').textContent")
        _shot(qtbot, view, "customer-tracking-en-route-en")
        advance_status(db, actor=SYSTEM, call_id=call_id, to="on_site")
        qtbot.waitUntil(lambda: status() == "on_site", timeout=10_000)
        assert js("document.getElementById('map-card').hidden") is True
        complete_call(db, actor=SYSTEM, call_id=call_id, price_charged=180.0)
        qtbot.waitUntil(lambda: js("document.getElementById('rate-card').hidden") is False,
                        timeout=10_000)
        assert js("document.getElementById('technician').textContent") == "王师傅"
        js("(() => { document.querySelector('[data-stars=\"4\"]').click();"
           " document.getElementById('feedback').value = 'Warm again, thanks';"
           " return true; })()")
        _shot(qtbot, view, "customer-tracking-rate-en")
        js("document.getElementById('rate-send').click()")
        qtbot.waitUntil(lambda: js("document.getElementById('thanks').hidden") is False,
                        timeout=10_000)
        with db.reading() as s:
            call = s.get(Call, call_id)
            assert call is not None and call.rating == 4
            assert call.feedback == "Warm again, thanks"


def test_chinese_form_and_unknown_link(db: Database, qtbot: Any,
                                       browser: tuple[QWebEngineView, Js]) -> None:
    view, js = browser
    with running_api(db) as api:
        _load(qtbot, view, f"{api.url}/web/?lang=zh")
        qtbot.waitUntil(lambda: js("document.body.dataset.ready") == "1", timeout=10_000)
        assert js("document.querySelector('h1').textContent") == "预约上门维修"
        options = js("Array.from(document.getElementById('category').options)"
                     ".map(o => o.textContent)")
        assert "水管爆裂" in options
        _shot(qtbot, view, "customer-intake-zh")
        _load(qtbot, view, f"{api.url}/t/1.AAAAAAAAAAAAAAAAAAAAAAAA?lang=zh")
        qtbot.waitUntil(lambda: js("document.body.dataset.status") == "not_found",
                        timeout=10_000)
        assert js("document.getElementById('banner').textContent") == "此链接无效。"
