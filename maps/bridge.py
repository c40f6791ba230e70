"""The QObject the page talks to over QWebChannel (registered as ``ndc``).

Slots are called from JavaScript with untrusted values, so they check what they get.

Signals:
    marker_clicked(str, int): kind ("technician" | "call") and id of a clicked marker.
    context_requested(float, float): lat, lon of a right-click on the map.
    location_picked(float, float): lat, lon of the left click that ended pick mode.
    ready(): the page has set up its layers and the channel.
    follow_stopped(): the dispatcher dragged the map while following a technician.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Signal, Slot

KINDS = ("technician", "call")


class MapBridge(QObject):
    marker_clicked = Signal(str, int)
    context_requested = Signal(float, float)
    location_picked = Signal(float, float)
    ready = Signal()
    follow_stopped = Signal()

    @Slot(str, float)
    def markerClicked(self, kind: str, obj_id: float) -> None:
        if kind in KINDS and float(obj_id).is_integer():
            self.marker_clicked.emit(kind, int(obj_id))

    @Slot(float, float)
    def contextMenu(self, lat: float, lon: float) -> None:
        if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90:
            self.context_requested.emit(lat, lon)

    @Slot(float, float)
    def locationPicked(self, lat: float, lon: float) -> None:
        if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90:
            self.location_picked.emit(lat, lon)

    @Slot()
    def pageReady(self) -> None:
        self.ready.emit()

    @Slot()
    def followStopped(self) -> None:
        self.follow_stopped.emit()
