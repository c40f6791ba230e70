"""The hub's JSON codec (orjson, or the stdlib when orjson is absent) and the hub process's
event loop (uvloop, or asyncio's): both paths give the same frames and the same errors."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from console.domain import Priority
from console.hub import codec, protocol, runtime
from console.hub.protocol import BadMessage

FRAMES = [
    {"type": "position", "lat": 31.2304, "lon": 121.4737, "accuracy": 8, "heading": 90,
     "speed": 32.5, "time": "2026-02-16T12:00:00+00:00"},
    {"type": "new_call", "id": "req-1", "customer_name": "李伟", "notes": "门锁 \u2603",
     "lat": -0.0, "crew_size": 2, "required_skills": ["locksmith"], "flag": True,
     "nothing": None, "big": 2**53 - 1, "priority": Priority.URGENT},
    {"type": "events", "events": [{"seq": 1, "payload": {"nested": [[1, [2, [3]]]]}}]},
]

HOSTILE: list[tuple[str | bytes, str]] = [
    ("[" * 5000, "nested too deeply"),
    (b'{"type": "ping", "x": "\xff\xfe"}', "not valid JSON"),
    ('{"type": "ping"', "not valid JSON"),
    ("", "not valid JSON"),
]


@pytest.fixture(params=["json", "orjson"])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    codec.use_stdlib(request.param == "json")
    assert request.param == codec.BACKEND
    yield request.param
    codec.use_stdlib(False)


@pytest.mark.parametrize("frame", FRAMES)
def test_frames_round_trip_on_both_backends(backend: str, frame: dict[str, object]) -> None:
    text = protocol.dumps(frame)
    assert isinstance(text, str) and '": ' not in text and '", "' not in text  # compact
    assert protocol.decode(text) == frame
    assert protocol.decode(text.encode()) == frame  # a binary frame decodes the same


def test_both_backends_write_the_same_frames() -> None:
    texts = []
    for stdlib in (True, False):
        codec.use_stdlib(stdlib)
        texts.append([protocol.dumps(f) for f in FRAMES])
    codec.use_stdlib(False)
    assert [codec.loads(t) for t in texts[0]] == [codec.loads(t) for t in texts[1]]
    assert '"priority":"urgent"' in texts[0][1] and '"priority":"urgent"' in texts[1][1]


@pytest.mark.parametrize(("raw", "reason"), HOSTILE)
def test_hostile_input_is_the_same_bad_message_on_both(
    backend: str, raw: str | bytes, reason: str
) -> None:
    with pytest.raises(BadMessage) as caught:
        protocol.decode(raw)
    assert caught.value.code == "bad_message" and reason in caught.value.message


def test_values_json_cannot_encode_become_text_on_both(backend: str) -> None:
    at = datetime(2026, 2, 16, 12, 0, tzinfo=UTC)
    frame = codec.loads(protocol.dumps({"type": "x", "at": at, 7: "int key", "huge": 2**70}))
    assert frame == {"type": "x", "at": str(at), "7": "int key", "huge": 2**70}


def test_error_frames_start_with_their_code_on_both(backend: str) -> None:
    text = protocol.error("r1", BadMessage("message is nested too deeply"))
    assert text.startswith('{"code":"bad_message"')  # metrics count errors by this prefix
    assert codec.loads(text)["id"] == "r1"


def test_the_hub_loop_is_uvloop_when_installed_and_asyncio_on_request() -> None:
    async def which() -> str:
        return runtime.loop_name(asyncio.get_running_loop())

    assert runtime.run_process(which()) == "uvloop"  # uvloop is in the test extra
    assert runtime.run_process(which(), loop="asyncio") == "asyncio"
    with pytest.raises(ValueError, match="not one of"):
        runtime.loop_factory("trio")


def test_without_uvloop_the_hub_falls_back_to_asyncio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop now raises ImportError

    async def which() -> str:
        return runtime.loop_name(asyncio.get_running_loop())

    assert runtime.loop_factory("auto") is None
    assert runtime.run_process(which()) == "asyncio"
    with pytest.raises(ImportError):
        runtime.loop_factory("uvloop")  # asked for by name: say it is missing
