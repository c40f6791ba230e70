"""The mime data a call drag carries, as the call queue builds it and the map reads it."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QMimeData

from maps.drop import CALL_MIME, call_id_from_mime, call_mime_data


def test_round_trip() -> None:
    mime = call_mime_data(4711)
    assert bytes(mime.data(CALL_MIME).data()) == b"4711"
    assert mime.text() == "ndc-call:4711"
    assert call_id_from_mime(mime) == 4711


def test_text_only_drag_is_understood() -> None:
    mime = QMimeData()
    mime.setText("ndc-call:12")
    assert call_id_from_mime(mime) == 12


@pytest.mark.parametrize(
    "text", ["hello", "ndc-call:", "ndc-call:-3", "ndc-call:1e5", "ndc-call:" + "9" * 40]
)
def test_other_drags_are_not_calls(text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    assert call_id_from_mime(mime) is None
    assert call_id_from_mime(None) is None
