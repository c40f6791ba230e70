"""The capacity benchmark runs end to end at a small size and reports every figure."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
from websockets.asyncio.server import ServerConnection, serve

from console.cli import main
from console.hub.bench_phones import Phone, client_frame, connect_phone


def test_bench_hub_reports_latency_saturation_and_memory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        [
            "bench",
            "hub",
            "--technicians",
            "30",
            "--seconds",
            "1.5",
            "--saturation-seconds",
            "1",
            "--json",
        ]
    )
    result = json.loads(capsys.readouterr().out)
    # judged against issue 20's targets; the exit code says so (speed is not asserted here)
    assert set(result["targets"]) == set(result["worst"]) and code == (0 if result["ok"] else 1)
    lat = result["latency_ms"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["p99"]  # figures, not targets: see the README
    assert result["samples"] > 30 and result["errors"] == 0
    assert result["max_fixes_per_s"] > 0 and result["bare_msgs_per_s"] > 0
    assert (
        0
        < result["ratio"]
        == pytest.approx(result["max_fixes_per_s"] / result["bare_msgs_per_s"], abs=0.01)
    )
    assert result["peak_rss_mb"] > 10
    hub = result["hub"]
    assert hub["accepted"] == hub["written"] > 0  # every accepted fix reached the track
    # the garbage collector's pauses, and one full collection timed with every phone on
    assert hub["gc"]["full_collection_ms"] > 0 and len(hub["gc"]["max_pause_ms"]) == 3
    # the load-independent figures (issue 20): nothing lost, CPU per fix, loop lag in load
    assert result["fixes_lost"] == 0
    assert result["fixes_in_track"] == result["fixes_accepted"] == hub["accepted"]
    assert result["cpu_ms_per_1000_fixes"] > 0 and result["hub_cpu_s_load"] >= 0
    assert result["loop_lag_p99_ms"] is not None and result["loop_lag_p99_ms"] >= 0
    assert result["loop"] == "uvloop" and result["codec"] == "orjson"  # the test extra
    assert set(hub["phases"]) == {"load", "after_load", "saturation"}
    assert "hubs" not in result  # one hub: the per-hub list is for --hubs 2


def test_bench_hub_runs_three_times_and_keeps_the_worst(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--runs 3``: each run's figures under ``runs``, the worst tail at the top level;
    ``--generator websockets`` drives the same bench with websockets clients."""
    code = main(
        [
            "bench",
            "hub",
            "--technicians",
            "20",
            "--seconds",
            "1",
            "--runs",
            "3",
            "--saturation-seconds",
            "0.5",
            "--generator",
            "websockets",
            "--json",
        ]
    )
    result = json.loads(capsys.readouterr().out)
    # judged against issue 20's targets; the exit code says so (speed is not asserted here)
    assert set(result["targets"]) == set(result["worst"]) and code == (0 if result["ok"] else 1)
    runs = result["runs"]
    assert len(runs) == 3
    assert result["latency_ms"]["p99"] == max(r["latency_ms"]["p99"] for r in runs)
    assert result["fixes_lost"] == 0 == sum(r["fixes_lost"] for r in runs)
    assert result["generator"] == "websockets"
    assert all(r["generator_cpu_ms_per_1000_fixes"] > 0 for r in runs)


def test_raw_phones_speak_websocket_to_a_real_server() -> None:
    """The bench's raw phones: a real websockets server reads their frames (masked, of every
    length), gets pongs for its pings and a clean close; an error frame is counted."""
    got: list[str] = []
    done = asyncio.Event()

    async def handler(ws: ServerConnection) -> None:
        hello = json.loads(await ws.recv())
        assert hello == {"type": "hello", "v": 1, "kind": "field", "token": "tok"}
        await ws.send(json.dumps({"type": "welcome", "v": 1, "technician_id": 7}))
        latency = await (await ws.ping(b"are you there"))  # answered with a pong
        assert latency >= 0
        await ws.send(json.dumps({"type": "error", "code": "bad_message"}))
        async for message in ws:
            got.append(str(message))
        done.set()

    at = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)

    async def scenario() -> Phone:
        async with serve(handler, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            phone = await connect_phone(f"ws://127.0.0.1:{port}/", "tok")
            assert phone.welcome["technician_id"] == 7
            phone.position(31.25, 121.5, accuracy=5, heading=90, speed=30.5, at=at)
            phone._write(client_frame(b'"' + b"x" * 70_000 + b'"'))  # a 64-bit length
            await asyncio.sleep(0.3)
            await phone.close()
            await asyncio.wait_for(done.wait(), 5)
            return phone

    phone = asyncio.run(scenario())
    fix = json.loads(got[0])
    assert fix == {
        "type": "position",
        "lat": 31.25,
        "lon": 121.5,
        "accuracy": 5,
        "heading": 90,
        "speed": 30.5,
        "time": at.isoformat(),
    }
    assert got[1] == '"' + "x" * 70_000 + '"'
    assert phone.errors == [{"type": "error", "code": "bad_message"}]
