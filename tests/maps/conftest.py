"""Map test fixtures: a real MapView on a real QtWebEngine page, offscreen.

tests/conftest.py sets QT_QPA_PLATFORM=offscreen and the QtWebEngine flags before Qt loads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from maps.view import MapView


class RequestLog(QWebEngineUrlRequestInterceptor):
    """Records every URL the page asks for; blocks http(s) so tests never touch the network."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        self.urls.append(url.toString())
        if url.scheme() in ("http", "https"):
            info.block(True)

    def remote(self) -> list[str]:
        return [u for u in self.urls if u.startswith(("http:", "https:"))]


@pytest.fixture
def requests_log() -> Iterator[RequestLog]:
    log = RequestLog()
    profile = QWebEngineProfile.defaultProfile()
    profile.setUrlRequestInterceptor(log)
    yield log
    profile.setUrlRequestInterceptor(None)


@pytest.fixture
def make_map(
    qtbot: Any, requests_log: RequestLog, caplog: pytest.LogCaptureFixture
) -> Iterator[Callable[..., MapView]]:
    """Builds a shown MapView (1000x700) and waits until its page is ready.

    A JavaScript error in the page fails the test. Views are deleted at teardown, before
    the profile, so no page outlives it.
    """
    caplog.set_level(logging.INFO, logger="maps.view")
    views: list[MapView] = []

    def make(**kwargs: Any) -> MapView:
        kwargs.setdefault("tiles_url", "none")
        view = MapView(**kwargs)
        views.append(view)
        view.resize(1000, 700)
        with qtbot.waitSignal(view.page_ready, timeout=15_000):
            view.show()
        return view

    yield make
    js_errors = [
        r.getMessage()
        for r in caplog.records
        if r.name == "maps.view" and r.levelno >= logging.ERROR
    ]
    assert not js_errors, js_errors
    for view in views:
        view.close()
        view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def js(qtbot: Any) -> Callable[[MapView, str], Any]:
    """Evaluates a JS expression in a map page and returns its JSON value."""

    def evaluate(view: MapView, expression: str) -> Any:
        with qtbot.waitCallback(timeout=5_000) as callback:
            view.evaluate(expression, callback)
        return callback.args[0]

    return evaluate
