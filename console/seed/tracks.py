"""Position tracks for the seeded history, sampled like a real field app: a fix every 10–30 s
while a technician is on shift or on a job, parked at home or at the last job between jobs,
driving from where they were to the call between its en-route and on-site times.

Vectorised with numpy (one technician at a time, a few hundred thousand fixes each) and
written with the database's bulk path (SQLite ``executemany`` on the driver connection,
PostgreSQL ``COPY``): a 4-week, 200-technician history is about 8 million fixes. Drawn from
its own generator, so the calls' rows do not change with or without tracks.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy.orm import Session

from console.seed.rows import Row, Rows

MIN_GAP_S, MAX_GAP_S = 10.0, 30.0
_DEG_M = 111_320.0  # metres per degree of latitude
COLUMNS = ("technician_id", "lat", "lon", "accuracy_m", "heading_deg", "speed_kmh", "fixed_at")


def _epoch(value: object) -> float:
    assert isinstance(value, datetime)
    return value.timestamp()


def shift_intervals(shifts: list[Row], start: datetime, end: datetime,
                    zone: ZoneInfo) -> dict[int, list[tuple[float, float]]]:
    """Per technician, the (start, end) POSIX seconds of every shift in ``start``..``end``."""
    out: dict[int, list[tuple[float, float]]] = {}
    days = (end - start).days + 1
    first = start.astimezone(zone).date() - timedelta(days=1)
    for s in shifts:
        tid, weekday = int(str(s["technician_id"])), int(str(s["weekday"]))
        t0, t1 = s["start"], s["end"]
        assert isinstance(t0, time) and isinstance(t1, time)
        for d in range(days + 1):
            day = first + timedelta(days=d)
            if day.weekday() != weekday:
                continue
            lo = datetime.combine(day, t0, zone)
            hi = datetime.combine(day + timedelta(days=1 if t1 <= t0 else 0), t1, zone)
            lo, hi = max(lo, start), min(hi, end)
            if lo < hi:
                out.setdefault(tid, []).append((lo.timestamp(), hi.timestamp()))
    return out


def _knots(home: tuple[float, float], jobs: list[tuple[Row, Row]]) -> np.ndarray:
    """(t, lat, lon) where the technician is known to be: parked at home first, then for
    each job leaving at en-route, arriving on site, staying until the job ends."""
    rows: list[tuple[float, float, float]] = []
    here = home
    for a, call in sorted(jobs, key=lambda j: _epoch(j[0]["assigned_at"])):
        if a["end_reason"] == "reassigned" or call.get("en_route_at") is None:
            continue
        dest = (float(str(call["lat"])), float(str(call["lon"])))
        leave = _epoch(call["en_route_at"])
        ended = _epoch(a["ended_at"]) if a.get("ended_at") else leave + 3600
        if call.get("on_site_at") is None:  # turned back on the way
            mid = ((here[0] + dest[0]) / 2, (here[1] + dest[1]) / 2)
            rows += [(leave, *here), (ended, *mid)]
            here = mid
            continue
        rows += [(leave, *here), (_epoch(call["on_site_at"]), *dest), (ended, *dest)]
        here = dest
    if not rows:
        return np.array([(0.0, *home)])
    arr = np.array([(rows[0][0] - 1, *home), *rows], dtype=float)
    return arr[np.argsort(arr[:, 0], kind="stable")]


def _times(rng: np.random.Generator, spans: list[tuple[float, float]]) -> np.ndarray:
    out = []
    for lo, hi in spans:
        n = int((hi - lo) / MIN_GAP_S) + 2
        t = lo + np.cumsum(rng.uniform(MIN_GAP_S, MAX_GAP_S, n))
        out.append(t[t < hi])
    return np.unique(np.concatenate(out)) if out else np.empty(0)


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def technician_track(rng: np.random.Generator, home: tuple[float, float],
                     jobs: list[tuple[Row, Row]],
                     shifts: list[tuple[float, float]],
                     bounds: tuple[float, float]) -> dict[str, np.ndarray]:
    """One technician's fixes as columns (t, lat, lon, accuracy, heading, speed), on shift
    or on a job within ``bounds`` (POSIX seconds)."""
    job_spans = [(max(_epoch(c["en_route_at"]), bounds[0]), min(_epoch(a["ended_at"]), bounds[1]))
                 for a, c in jobs if c.get("en_route_at") is not None and a.get("ended_at")
                 and a["end_reason"] != "reassigned"]
    t = _times(rng, _merge(shifts + [s for s in job_spans if s[0] < s[1]]))
    knots = _knots(home, jobs)
    lat = np.interp(t, knots[:, 0], knots[:, 1]) + rng.normal(0, 3e-5, t.size)
    lon = np.interp(t, knots[:, 0], knots[:, 2]) + rng.normal(0, 3e-5, t.size)
    dlat = np.diff(lat, prepend=lat[:1]) * _DEG_M
    dlon = np.diff(lon, prepend=lon[:1]) * _DEG_M * np.cos(np.radians(lat))
    dt = np.maximum(np.diff(t, prepend=t[:1] - MIN_GAP_S), 1.0)
    metres = np.hypot(dlat, dlon)
    speed = np.where(metres > 25, metres / dt * 3.6, 0.0)
    heading = np.degrees(np.arctan2(dlon, dlat)) % 360
    return {"t": t, "lat": lat, "lon": lon, "accuracy": rng.uniform(4, 15, t.size),
            "heading": np.round(heading, 1), "speed": np.round(speed, 1)}


def generate(rows: Rows, technicians: list[Row], shifts: list[Row], start: datetime,
             end: datetime, zone: ZoneInfo, seed: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """(technician id, columns) for every technician, in id order."""
    rng = np.random.default_rng(seed + 15)
    calls = {int(str(c["id"])): c for c in rows.calls}
    jobs: dict[int, list[tuple[Row, Row]]] = {}
    for a in rows.assignments:
        jobs.setdefault(int(str(a["technician_id"])), []).append(
            (a, calls[int(str(a["call_id"]))]))
    spans = shift_intervals(shifts, start, end, zone)
    for tech in technicians:
        tid = int(str(tech["id"]))
        home = (float(str(tech["home_lat"])), float(str(tech["home_lon"])))
        track = technician_track(rng, home, jobs.get(tid, []), spans.get(tid, []),
                                 (start.timestamp(), end.timestamp()))
        if track["t"].size:
            yield tid, track


def _stamps(t: np.ndarray, sep: str) -> np.ndarray:
    text = np.datetime_as_string((t * 1e6).astype("datetime64[us]"), unit="us")
    return np.char.replace(text, "T", sep)


def write(session: Session, tracks: Iterator[tuple[int, dict[str, Any]]]) -> int:
    """Bulk-insert the fixes in the caller's transaction; returns how many."""
    conn = session.connection()
    postgres = conn.dialect.name == "postgresql"
    raw: Any = conn.connection.driver_connection
    total = 0
    for tid, tr in tracks:
        n = int(tr["t"].size)
        total += n
        if postgres:
            _copy(raw, tid, tr)
            continue
        stamps = _stamps(tr["t"], " ").tolist()  # SQLAlchemy's SQLite DATETIME text form
        cols = [tr[k].tolist() for k in ("lat", "lon", "accuracy", "heading", "speed")]
        raw.executemany(
            f"INSERT INTO position_fixes ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            zip([tid] * n, *cols, stamps, strict=True))
    return total


def _copy(raw: Any, tid: int, tr: dict[str, Any]) -> None:
    stamps = _stamps(tr["t"], " ")
    buf = io.StringIO()
    for row in zip(tr["lat"].tolist(), tr["lon"].tolist(), tr["accuracy"].tolist(),
                   tr["heading"].tolist(), tr["speed"].tolist(), stamps.tolist(), strict=True):
        buf.write(f"{tid}\t{row[0]}\t{row[1]}\t{row[2]}\t{row[3]}\t{row[4]}\t{row[5]}+00\n")
    with raw.cursor() as cur, cur.copy(
            f"COPY position_fixes ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        copy.write(buf.getvalue())
