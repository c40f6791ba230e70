"""``dispatch-console bench replay [--json] [--db URL] [--night DATE]``: seek and playback of
a replayed night in the real window.

Without ``--db`` it seeds a 4-week, 200-technician demo database (with tracks) in a temp
folder first. It picks the busiest night (most calls created 18:00–08:00 local), loads it
read-only, then measures ``seek_ms`` (the window's state rebuilt at random moments, snapshot
applied to the window's models) and playback at the bar's top speed: the whole night played
through the bar's ``advance`` in ×120 steps of 100 ms, as fast as the window (panels, and the
map unless ``--no-map``) can draw. ``realtime_factor`` is night seconds per wall second.
Targets: seek p95 < 1,000 ms; playback ≥ 60× real time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from console.replay import night_range, open_read_only
from console.replay.history import reading
from ui import theme
from ui.bench import peak_rss_mb, percentile, spin
from ui.replay.window import build_replay_window, load_timeline
from ui.settings import Settings
from ui.shell.main_window import MainWindow

TARGET_SEEK_P95_MS = 1000.0
TARGET_REALTIME = 60.0
STEP_S = 120 * 0.1  # the bar's top speed, one 100 ms tick


def seed_temp(weeks: int, technicians: int) -> tuple[str, float]:
    from console.db.engine import Database
    from console.db.migrate import upgrade
    from console.seed import seed_demo

    folder = Path(tempfile.mkdtemp(prefix="ndc-replay-bench-"))
    url = f"sqlite:///{folder / 'seeded.sqlite3'}"
    db = Database(url)
    try:
        upgrade(db)
        summary = seed_demo(
            db, weeks=weeks, technicians=technicians, now=datetime(2026, 11, 30, 12, tzinfo=UTC)
        )
    finally:
        db.dispose()
    return url, summary.seconds


def busiest_night(url: str, tz: str) -> date:
    from sqlalchemy import select

    from console.db.models import Call

    zone = ZoneInfo(tz)
    db = open_read_only(url)
    try:
        with reading(db) as s:
            created = s.execute(select(Call.created_at)).scalars().all()
    finally:
        db.dispose()
    nights: Counter[date] = Counter()
    for at in created:
        local = at.astimezone(zone)
        if local.hour >= 18:
            nights[local.date()] += 1
        elif local.hour < 8:
            nights[local.date() - timedelta(days=1)] += 1
    if not nights:
        raise SystemExit("bench replay: the database has no calls")
    return nights.most_common(1)[0][0]


def run(url: str, night: date, *, tz: str, seeks: int, with_map: bool) -> dict[str, Any]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = Settings.in_file(Path(tempfile.mkdtemp(prefix="ndc-bench-")) / "s.ini")
    settings.set("map/tile_source", "none")
    theme.apply(app, "night")  # type: ignore[arg-type]
    start, end = night_range(night, tz)
    t0 = time.perf_counter()
    timeline = load_timeline(url, start, end, tz)
    load_s = time.perf_counter() - t0
    window = build_replay_window(timeline, settings, window_class=MainWindow, with_map=with_map)
    window.show()
    spin(2.0 if with_map else 0.3)
    bar = window.ctx.extras["replay_bar"]
    rng = random.Random(15)
    seek_ms = []
    for _ in range(seeks):
        moment = start + (end - start) * rng.random()
        t = time.perf_counter()
        bar.seek(moment)
        app.processEvents()
        seek_ms.append((time.perf_counter() - t) * 1000)
    bar.seek(start)
    app.processEvents()
    t = time.perf_counter()
    events = 0
    while not bar.source.finished:
        events += bar.advance(STEP_S)
        app.processEvents()  # the window draws each step
    wall = time.perf_counter() - t
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    factor = timeline.duration_s / wall
    return {
        "bench": "replay",
        "night": night.isoformat(),
        "events": len(timeline.events),
        "reconstructed_calls": timeline.history.reconstructed_calls,
        "technicians": len(timeline.history.technicians),
        "position_fixes": sum(len(tr) for tr in timeline.tracks.values()),
        "marks": len(timeline.marks),
        "decisions": len(timeline.decisions),
        "load_s": round(load_s, 2),
        "seek_ms": {
            "p50": round(percentile(seek_ms, 50), 1),
            "p95": round(percentile(seek_ms, 95), 1),
            "max": round(max(seek_ms), 1),
            "samples": len(seek_ms),
        },
        "play_events_per_s": round(events / wall, 1),
        "play_wall_s": round(wall, 2),
        "realtime_factor": round(factor, 1),
        "map": with_map and "map" in window.panels,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "target_seek_p95_ms": TARGET_SEEK_P95_MS,
        "target_realtime_factor": TARGET_REALTIME,
        "ok": percentile(seek_ms, 95) < TARGET_SEEK_P95_MS and factor >= TARGET_REALTIME,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="dispatch-console bench replay", description=__doc__)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--db", metavar="URL", help="a seeded database (default: seed one)")
    p.add_argument("--night", metavar="DATE", help="default: the busiest night")
    p.add_argument("--tz", default="Asia/Shanghai")
    p.add_argument("--weeks", type=int, default=4)
    p.add_argument("--technicians", type=int, default=200)
    p.add_argument("--seeks", type=int, default=40)
    p.add_argument("--no-map", action="store_true", help="leave the map dock out")
    args = p.parse_args(argv)
    seed_s = None
    url = args.db
    if url is None:
        url, seed_s = seed_temp(args.weeks, args.technicians)
    night = date.fromisoformat(args.night) if args.night else busiest_night(url, args.tz)
    result = run(url, night, tz=args.tz, seeks=args.seeks, with_map=not args.no_map)
    if seed_s is not None:
        result["seed_s"] = seed_s
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0
