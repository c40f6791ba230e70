"""The status bar: hub connection, latency, queued commands, who is signed in, and the clock;
a warning when the hub runs without TLS (--insecure) or its certificate expires within 14 days.

The clock is injected (wall time, or the simulator's clock in demo mode) and shown in local
time; "reconnecting since 03:12:40" reads from the moment the state changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from console.security.tls import EXPIRY_WARNING
from ui.hub_bridge import HubBridge
from ui.shell.roles import role_name

CLOCK_MS = 1000


class StatusBar(QStatusBar):
    def __init__(
        self,
        bridge: HubBridge,
        *,
        clock: Callable[[], datetime],
        user: dict[str, object] | None,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.bridge = bridge
        self.clock = clock
        self.tz = tz
        self._replay = False  # a replay window: no hub behind it (show_replay)
        self.connection = self._label("connection")
        self.latency = self._label("latency")
        self.queued = self._label("queued")
        self.auto_dispatch = self._label("autoDispatch")
        self.security = self._label("security")
        self.user = self._label("user")
        self.time = self._label("clock")
        for label in (self.connection, self.latency, self.queued, self.auto_dispatch,
                      self.security):
            self.addWidget(label)
        self.addPermanentWidget(self.user)
        self.addPermanentWidget(self.time)
        self.queued.hide()
        self.auto_dispatch.hide()
        self.security.hide()
        self.set_user(user)
        bridge.state_changed.connect(self._on_state_changed)
        bridge.latency_changed.connect(self._on_latency_changed)
        self._timer = QTimer(self, interval=CLOCK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._on_state_changed(bridge.connection_state)
        self._on_latency_changed(-1.0)
        self._tick()

    def set_auto_dispatch(self, text: str) -> None:
        """ "Auto-dispatch: on until 22:00" (from the Plan panel's policy watch); "" hides."""
        self.auto_dispatch.setText(text)
        self.auto_dispatch.setVisible(bool(text))

    def set_security(self, info: dict[str, object], now: datetime) -> None:
        """The hub's ``security`` from its welcome: warn about plain ws:// off loopback and
        a certificate that expires within 14 days; otherwise hidden."""
        text = ""
        if info.get("insecure"):
            text = self.tr("Not encrypted: the hub runs with --insecure")
        elif info.get("cert_not_after"):
            expires = datetime.fromisoformat(str(info["cert_not_after"]))
            if expires - now <= EXPIRY_WARNING:
                text = self.tr("Hub certificate expires {date}").format(
                    date=expires.astimezone(self.tz).strftime("%Y-%m-%d"))
        self.security.setText(text)
        self.security.setVisible(bool(text))

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label

    def set_user(self, user: dict[str, object] | None) -> None:
        if not user:
            self.user.setText(self.tr("Not signed in"))
            return
        role = role_name(str(user.get("role", "")))
        self.user.setText(
            self.tr("{name} · {role}").format(
                name=user.get("display_name") or user.get("username"), role=role
            )
        )

    def set_queued(self, count: int) -> None:
        self.queued.setVisible(count > 0)
        self.queued.setText(self.tr("%n command(s) queued", "", count))

    def show_replay(self) -> None:
        """A replay has no hub: say so where the connection would be, and drop latency."""
        self._replay = True
        self.latency.hide()
        self._render_state()

    def _on_state_changed(self, state: str) -> None:
        self.connection.setProperty("state", state)
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)
        self._render_state()

    def _render_state(self) -> None:
        if self._replay:
            self.connection.setText(self.tr("▶ Replay from history (no hub)"))
            return
        state = self.bridge.connection_state
        since = self.bridge.state_since.astimezone(self.tz).strftime("%H:%M:%S")
        text = {
            "connected": self.tr("● Connected"),
            "connecting": self.tr("○ Connecting…"),
            "reconnecting": self.tr("◐ Reconnecting since {since}").format(since=since),
            "offline": self.tr("○ Offline since {since}").format(since=since),
        }.get(state, state)
        self.connection.setText(text)

    def _on_latency_changed(self, ms: float) -> None:
        if ms < 0:
            self.latency.setText(self.tr("latency –"))
        else:
            self.latency.setText(self.tr("latency {ms} ms").format(ms=f"{ms:.0f}"))

    def _tick(self) -> None:
        now = self.clock().astimezone(self.tz)
        self.time.setText(now.strftime("%Y-%m-%d %H:%M:%S"))

    def state_text(self) -> str:
        return self.connection.text()

    def stop(self) -> None:
        self._timer.stop()
