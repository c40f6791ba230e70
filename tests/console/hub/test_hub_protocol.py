"""Pure checks of the wire protocol: field validation, error shapes, frame splitting and the
token bucket (no network, no database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from console.errors import Conflict, InvalidInput
from console.hub import protocol
from console.hub.connection import EVENTS_FRAME_BYTES, _frames
from console.hub.limits import TokenBucket
from console.hub.relay import MAX_PAYLOAD, chunks

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def test_position_fields_are_checked_by_kind_and_range() -> None:
    ok = protocol.check("field", {"type": "position", "lat": 31, "lon": 121.5,
                                  "time": "2026-11-27T02:03:00Z"}, NOW)
    assert ok["lat"] == 31.0 and ok["time"] == NOW + timedelta(minutes=3)
    bad = [({"lat": 91, "lon": 0}, "lat"), ({"lat": "31", "lon": 0}, "lat"),
           ({"lat": 1, "lon": 0, "speed": -1}, "speed"), ({"lon": 0}, "lat"),
           ({"lat": 1, "lon": 0, "time": "2026-11-27T02:06:00+00:00"}, "time"),
           ({"lat": 1, "lon": 0, "time": "2026-11-27T02:00:00"}, "time"),
           ({"lat": 1, "lon": 0, "colour": "red"}, "colour")]
    for fields, name in bad:
        with pytest.raises(InvalidInput) as exc:
            protocol.check("field", {"type": "position", **fields}, NOW)
        assert exc.value.details["field"] == name


def test_decode_and_unknown_types_have_codes() -> None:
    for raw in ("{", "[1]", '{"type": 3}', '{"type": "x", "id": [1]}'):
        with pytest.raises(protocol.BadMessage):
            protocol.decode(raw)
    with pytest.raises(protocol.UnknownType) as exc:
        protocol.check("intake", {"type": "assign"}, NOW)
    wire = json.loads(protocol.error(7, exc.value))
    assert wire["type"] == "error" and wire["id"] == 7 and wire["code"] == "unknown_type"
    assert wire["message_type"] == "assign"


def test_errors_round_trip_to_the_same_class() -> None:
    sent = Conflict("call 5 was changed", call_id=5, winner={"technician_id": 2})
    back = protocol.error_from_wire(json.loads(protocol.error(1, sent)))
    assert isinstance(back, Conflict) and back.details["winner"] == {"technician_id": 2}
    odd = protocol.error_from_wire({"type": "error", "code": "teapot", "reason": "short"})
    assert odd.code == "teapot" and odd.message == "short"


def test_event_frames_stay_small_but_never_empty() -> None:
    events = ["x" * 1000] * 1000 + ["y" * (EVENTS_FRAME_BYTES * 2)]
    frames = _frames(events)
    assert sum(len(f) for f in frames) == len(events)
    assert all(f for f in frames)
    assert all(sum(len(e) + 1 for e in f) <= EVENTS_FRAME_BYTES + 1 for f in frames[:-1])
    assert frames[-1] == ["y" * (EVENTS_FRAME_BYTES * 2)]


def test_token_bucket_allows_the_burst_then_the_rate() -> None:
    bucket = TokenBucket(rate=0.001, burst=5)
    assert [bucket.take() for _ in range(7)] == [True] * 5 + [False] * 2


def test_relay_chunks_fit_a_notify_payload_and_round_trip() -> None:
    batch = [{"technician_id": i, "lat": 31.123456 + i / 1e6, "lon": 121.654321,
              "at": NOW.isoformat(), "accuracy": 8.0, "heading": 271.5, "speed": 42.25}
             for i in range(2000)]
    payloads = chunks("hub-a", batch)
    assert all(len(p.encode()) <= MAX_PAYLOAD < 8000 for p in payloads)
    rows = [row for p in payloads for row in json.loads(p)["p"]]
    assert [r[0] for r in rows] == list(range(2000)) and rows[5][6] == 42.25
