"""The strip across the top while the console works offline: "Offline since 03:02 — 4
actions waiting", and after the reconnect, "2 actions could not be applied as made" with
the button that opens the reconcile view.

It reads the connection state (HubBridge) and the outbox (console.outbox, through
DispatchActions) and shows nothing while the hub is there and nothing is waiting.

Signals: review_requested().
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QToolBar, QWidget

from console.outbox import Outbox

GROUND, TEXT, EDGE = "#3a1d12", "#f4c7a1", "#9c4a24"


class OfflineBanner(QToolBar):
    review_requested = Signal()

    def __init__(
        self,
        outbox: Outbox,
        *,
        state: Callable[[], str],
        since: Callable[[], datetime],
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tz = tz  # the center's clock, as the status bar shows it
        self.setObjectName("offlineBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.setStyleSheet(
            f"#offlineBanner {{ background: {GROUND}; border-bottom: 1px solid {EDGE}; }}"
            f"#offlineBanner QLabel {{ color: {TEXT}; font-weight: bold; padding: 4px 8px; }}"
        )
        self.outbox = outbox
        self._state = state
        self._since = since
        self.label = QLabel(self)
        self.label.setObjectName("offlineBannerText")
        self.review = QPushButton(self.tr("Review conflicts…"), self)
        self.review.setObjectName("offlineBannerReview")
        self.review.clicked.connect(self.review_requested)
        self.addWidget(self.label)
        self._review_action = self.addWidget(self.review)  # a toolbar shows its actions
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the connection state and the outbox (cheap: two small queries)."""
        waiting = len(self.outbox.waiting())
        conflicts = len(self.outbox.conflicts())
        online = self._state() == "connected"
        parts: list[str] = []
        if not online:
            since = self._since().astimezone(self._tz).strftime("%H:%M")
            parts.append(
                self.tr("Offline since {since} — {actions}").format(
                    since=since, actions=self._waiting(waiting)
                )
            )
        elif waiting:
            parts.append(self.tr("Sending {actions}…").format(actions=self._waiting(waiting)))
        if conflicts == 1:
            parts.append(self.tr("1 action could not be applied as made"))
        elif conflicts:
            parts.append(
                self.tr("{n} actions could not be applied as made").format(n=conflicts)
            )
        self.label.setText(" · ".join(parts))
        self._review_action.setVisible(conflicts > 0)
        self.setVisible(bool(parts))

    def _waiting(self, n: int) -> str:
        if n == 1:
            return self.tr("1 action waiting")
        return self.tr("{n} actions waiting").format(n=n)

    def text(self) -> str:
        return self.label.text()
