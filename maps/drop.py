"""Calls dragged from the call queue onto the map.

The queue starts a QDrag with ``call_mime_data(call_id)``. Qt delivers the drag to the web
view's render widget (its focus proxy); ``DropFilter`` sits on that widget, accepts drags
that carry a call, and on drop hands the call id and the page point to the view, which asks
the page which technician marker is under the point. Other drags pass through to Chromium.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

CALL_MIME = "application/x-ndc-call-id"
TEXT_PREFIX = "ndc-call:"
_MAX_ID_DIGITS = 18


def call_mime_data(call_id: int) -> QMimeData:
    """What the call queue puts in its QDrag."""
    mime = QMimeData()
    mime.setData(CALL_MIME, str(call_id).encode("ascii"))
    mime.setText(f"{TEXT_PREFIX}{call_id}")
    return mime


def call_id_from_mime(mime: QMimeData | None) -> int | None:
    """The dragged call's id, or None when the drag is not a call."""
    if mime is None:
        return None
    if mime.hasFormat(CALL_MIME):
        return _parse_id(bytes(mime.data(CALL_MIME).data()).decode("ascii", "replace"))
    if mime.hasText() and mime.text().startswith(TEXT_PREFIX):
        return _parse_id(mime.text()[len(TEXT_PREFIX) :])
    return None


def _parse_id(text: str) -> int | None:
    text = text.strip()
    if text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return None


class DropFilter(QObject):
    """Event filter for the view and its render widget; ``view`` maps points to the page.

    ``on_hover(point | None)`` follows the drag for drop-target feedback;
    ``on_drop(call_id, point)`` gets the drop in view coordinates.
    """

    def __init__(
        self,
        view: QWidget,
        on_hover: Callable[[QPointF | None], None],
        on_drop: Callable[[int, QPointF], None],
    ) -> None:
        super().__init__(view)
        self._view = view
        self._on_hover = on_hover
        self._on_drop = on_drop

    def watch(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragLeave:
            self._on_hover(None)
            return False
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent derive from it
        call_id = call_id_from_mime(event.mimeData())
        if call_id is None:
            return False
        point = self._to_view(obj, event.position())
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            self._on_hover(None)
            self._on_drop(call_id, point)
        else:
            self._on_hover(point)
        return True

    def _to_view(self, obj: QObject, pos: QPointF) -> QPointF:
        if obj is self._view or not isinstance(obj, QWidget):
            return pos
        return QPointF(obj.mapTo(self._view, pos.toPoint()))
