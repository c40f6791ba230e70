"""Working offline, in the window: the offline banner, the queue's unsent calls and
tentative assignments, and the reconcile view after the reconnect. Made only when the
window's DispatchActions has a durable outbox (console.outbox)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QObject, Qt

from console.outbox import tentative, unsent_call
from ui.dispatch_actions import DispatchActions
from ui.hub_bridge import HubBridge
from ui.models.call_queue_model import CallQueueModel
from ui.panels.offline_banner import OfflineBanner
from ui.panels.reconcile_view import ReconcileView
from ui.shell.window_base import ShellWindow


class OfflineDesk(QObject):
    """Keeps the banner and the queue in step with the outbox; opens the reconcile view."""

    def __init__(
        self,
        window: ShellWindow,
        actions: DispatchActions,
        bridge: HubBridge,
        queue: CallQueueModel,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(window)
        assert actions.outbox is not None
        self.window = window
        self.actions = actions
        self.outbox = actions.outbox
        self.queue = queue
        self.reconcile: ReconcileView | None = None
        self.tz = tz  # the center's clock, as the status bar shows it
        #: When the link last left "connected" (reconnecting, then offline, keep this time).
        self.dropped_at: datetime | None = (
            None if bridge.connection_state == "connected" else bridge.state_since)
        self.banner = OfflineBanner(
            self.outbox,
            state=lambda: bridge.connection_state,
            since=lambda: self.dropped_at or self.outbox.offline_since() or bridge.state_since,
            tz=tz,
            parent=window,
        )
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        bridge.state_changed.connect(self._on_state)
        actions.queued_changed.connect(lambda _n: self.refresh())
        actions.outbox_sent.connect(lambda _conflicts: self.refresh())
        self.banner.review_requested.connect(self.open_reconcile)
        self.refresh()
        if bridge.connection_state == "connected":  # left waiting by an earlier run
            actions.flush_queue()

    def _on_state(self, state: str) -> None:
        if state == "connected":
            self.dropped_at = None
        elif self.dropped_at is None:
            self.dropped_at = datetime.now(UTC)
        self.refresh()

    def refresh(self) -> None:
        waiting = self.outbox.waiting()
        self.queue.set_offline(
            [unsent_call(e) for e in waiting if e.op == "create_call"], tentative(waiting)
        )
        self.banner.refresh()

    def open_reconcile(self) -> ReconcileView:
        if self.reconcile is None:
            self.reconcile = ReconcileView(self.outbox, self.actions.state, self.window,
                                           tz=self.tz)
            self.reconcile.reapply_requested.connect(self.actions.reapply)
            self.reconcile.resolved.connect(lambda _seq: self.refresh())
        else:
            self.reconcile.model.reload()
        self.reconcile.show()
        self.reconcile.raise_()
        return self.reconcile
