"""The New call window: the call form in a non-modal dialog that lives for the whole shift.

Closing hides it (the window keeps the object, so Ctrl+N can always show it again); a saved
call hides it too. While the dispatcher picks the spot on the map the dialog steps out of
the way and comes back when the spot is picked (or on the next Ctrl+N).

Signals:
    pick_requested()   the form's "Pick on map" was pressed: the shell arms the map
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from ui.panels.call_form import CallForm


class NewCallDialog(QDialog):
    pick_requested = Signal()

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("newCallDialog")
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "New call"))
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.form = CallForm(window.ctx.actions, self)
        layout.addWidget(self.form)
        window.add_demo_banner(self)
        self.form.call_saved.connect(self._on_saved)
        self.form.pick_on_map_requested.connect(self._on_pick_requested)
        self.picking = False
        self._placed = False
        self.resize(560, max(420, self.sizeHint().height()))

    def open_form(self) -> None:
        """Show, raise and put the cursor where the dispatcher types next."""
        self.picking = False
        if not self._placed:
            self._place_beside_the_map()
        self.show()
        self.raise_()
        self.activateWindow()
        self.form.focus_first_empty()

    def _place_beside_the_map(self) -> None:
        """First opening: over the left of the window (the queue), not over the map, so
        the dispatcher sees where the address is while typing."""
        self._placed = True
        owner = self.parentWidget()
        if owner is None:
            return
        top_left = owner.window().mapToGlobal(owner.window().rect().topLeft())
        self.move(top_left.x() + 24, top_left.y() + 60)

    @Slot(float, float)
    def location_picked(self, lat: float, lon: float) -> None:
        """The map's pick (or right-click): fill the spot and come back."""
        self.form.set_location(lat, lon)
        self.open_form()

    def _on_pick_requested(self) -> None:
        self.picking = True
        self.hide()  # the map is under the dialog otherwise; the form keeps what was typed
        self.pick_requested.emit()

    def _on_saved(self, _call: Any) -> None:
        self.hide()

    def hideEvent(self, event: QHideEvent) -> None:
        """Saved or closed: the keyboard goes back to the console (J, K, Ctrl+N at once)."""
        super().hideEvent(event)
        owner = self.parentWidget()
        if owner is not None and owner.isVisible() and not self.picking:
            owner.window().activateWindow()
