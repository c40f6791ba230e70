"""Drag payloads: round trips, and garbage that must not turn into a call id."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QMimeData

from ui.mime import (
    ASSIGNMENT_MIME,
    CALL_MIME,
    assignment_from_mime,
    assignment_mime,
    call_id_from_mime,
    call_mime,
)


def test_call_and_assignment_round_trip(qtbot: QtBot) -> None:
    data = call_mime(42)
    assert bytes(data.data(CALL_MIME).data()) == b"42" and data.text() == "ndc-call:42"
    assert call_id_from_mime(data) == 42
    moved = assignment_mime(42, 7)
    assert bytes(moved.data(ASSIGNMENT_MIME).data()) == b"42:7"
    assert assignment_from_mime(moved) == (42, 7)
    assert call_id_from_mime(moved) == 42  # a bar dropped on the map still names its call
    plain = QMimeData()
    plain.setText("ndc-call:9")
    assert call_id_from_mime(plain) == 9  # e.g. pasted from a chat


def test_garbage_is_not_a_call(qtbot: QtBot) -> None:
    for raw in (b"", b"abc", b"-3", b"0", b"1e9", b"9" * 20, b"4 2"):
        data = QMimeData()
        data.setData(CALL_MIME, raw)
        assert call_id_from_mime(data) is None, raw
    text = QMimeData()
    text.setText("hello")
    assert call_id_from_mime(text) is None
    assert call_id_from_mime(None) is None
    for raw in (b"42", b"42:", b":7", b"a:b", b"42:7:1"):
        data = QMimeData()
        data.setData(ASSIGNMENT_MIME, raw)
        assert assignment_from_mime(data) is None, raw
    assert assignment_from_mime(call_mime(42)) is None
