"""Drag-and-drop payloads shared by the queue, the technician board, the timeline and the map.

A call travels as "application/x-ndc-call-id" (its ASCII id) plus text/plain "ndc-call:<id>"
so a drop into a chat or a text field still says what it was. A timeline bar being moved
travels as "application/x-ndc-assignment" ("<call_id>:<from_tech_id>").
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData

CALL_MIME = "application/x-ndc-call-id"
ASSIGNMENT_MIME = "application/x-ndc-assignment"
TEXT_PREFIX = "ndc-call:"


def call_mime(call_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(CALL_MIME, str(int(call_id)).encode("ascii"))
    data.setText(f"{TEXT_PREFIX}{int(call_id)}")
    return data


def call_id_from_mime(data: QMimeData | None) -> int | None:
    """The dragged call's id, or None when the payload is not a call (or is garbled)."""
    if data is None:
        return None
    if data.hasFormat(CALL_MIME):
        return _int(bytes(data.data(CALL_MIME).data()).decode("ascii", "replace"))
    if data.hasText() and data.text().startswith(TEXT_PREFIX):
        return _int(data.text()[len(TEXT_PREFIX) :])
    return None


def assignment_mime(call_id: int, from_tech_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(ASSIGNMENT_MIME, f"{int(call_id)}:{int(from_tech_id)}".encode("ascii"))
    data.setText(f"{TEXT_PREFIX}{int(call_id)}")
    return data


def assignment_from_mime(data: QMimeData | None) -> tuple[int, int] | None:
    """(call_id, from_tech_id) of a dragged timeline bar, or None."""
    if data is None or not data.hasFormat(ASSIGNMENT_MIME):
        return None
    raw = bytes(data.data(ASSIGNMENT_MIME).data()).decode("ascii", "replace")
    call, _, tech = raw.partition(":")
    call_id, tech_id = _int(call), _int(tech)
    if call_id is None or tech_id is None:
        return None
    return call_id, tech_id


def _int(text: str) -> int | None:
    text = text.strip()
    if not text.isdigit() or len(text) > 12:
        return None
    value = int(text)
    return value if value > 0 else None
