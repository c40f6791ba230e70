"""The console's durable outbox: what a dispatcher does while the hub is unreachable.

A small SQLite file in the user's data directory, one per user and hub (database), so a
console that crashes or is restarted offline still has every new call, note, assignment and
cancellation typed meanwhile. Each entry gets its command id when it is made; ``send_all``
sends the waiting entries in order with those ids when the hub is back, so an entry whose
answer was lost in a drop is answered from the hub's record instead of being done twice.

A command sent while the hub is up is written here first too, as ``sending``: if the link
drops and the client's resend window runs out, it becomes ``waiting`` with the same id and
its place in the order, and a console that crashes meanwhile finds it waiting on the next
start. So a command is never only in memory, and never resent under a new id.

An entry the hub refuses (someone else assigned the call meanwhile, the call was closed) is
kept as a conflict with the hub's reason and details until the dispatcher resolves it in
the reconcile view; nothing is retried or overwritten behind their back. No Qt here: the
window reads ``Outbox`` and calls ``send_all``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from console.db.engine import data_dir
from console.domain import SLA_MINUTES, CallStatus, CallView, Channel, Priority
from console.errors import DispatchError
from console.hub.protocol import HubUnavailable
from console.resend import new_command_id

WAITING, SENDING, SENT = "waiting", "sending", "sent"
CONFLICT, RESOLVED = "conflict", "resolved"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id TEXT NOT NULL UNIQUE,
    op TEXT NOT NULL,
    fields TEXT NOT NULL,
    description TEXT NOT NULL,
    call_id INTEGER,
    technician_id INTEGER,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL,
    answer TEXT,
    code TEXT,
    reason TEXT
)
"""


@dataclass(frozen=True, slots=True)
class Entry:
    """One queued command and, once sent, what the hub said."""

    seq: int
    command_id: str
    op: str
    fields: dict[str, Any]
    description: str
    call_id: int | None
    technician_id: int | None
    created_at: datetime
    state: str
    answer: dict[str, Any] | None = None  # the ok result, or the error's details
    code: str | None = None  # the error code of a conflict (conflict, illegal_transition…)
    reason: str | None = None


def outbox_path(username: str, hub: str) -> Path:
    """``<data dir>/outbox/<user>-<hash of hub URL>.sqlite3``: per user and database."""
    user = re.sub(r"[^A-Za-z0-9_.-]", "_", username)[:40] or "user"
    digest = hashlib.sha256(hub.encode()).hexdigest()[:12]
    return data_dir() / "outbox" / f"{user}-{digest}.sqlite3"


class Outbox:
    """The queue file; every change is committed before the method returns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # a queued call survives a power cut
        self._db.execute(_SCHEMA)
        # in flight when an earlier console stopped: the answer is unknown, the id makes
        # resending safe (the hub answers a repeat from its record)
        self._db.execute("UPDATE entries SET state = ? WHERE state = ?", (WAITING, SENDING))

    @classmethod
    def for_user(cls, username: str, hub: str) -> Outbox:
        return cls(outbox_path(username, hub))

    def close(self) -> None:
        self._db.close()

    def add(
        self,
        op: str,
        fields: dict[str, Any],
        *,
        description: str,
        call_id: int | None = None,
        technician_id: int | None = None,
        at: datetime | None = None,
        sending: bool = False,
    ) -> Entry:
        """Queue a command (``waiting``), or record one about to be sent (``sending``)."""
        command_id = new_command_id()
        created = (at or datetime.now(UTC)).isoformat()
        cur = self._db.execute(
            "INSERT INTO entries (command_id, op, fields, description, call_id, technician_id,"
            " created_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (command_id, op, json.dumps(fields, default=str), description, call_id,
             technician_id, created, SENDING if sending else WAITING),
        )
        entry = self.get(int(cur.lastrowid or 0))
        assert entry is not None
        return entry

    def get(self, seq: int) -> Entry | None:
        rows = self._select("WHERE seq = ?", (seq,))
        return rows[0] if rows else None

    def entries(self) -> list[Entry]:
        """Every entry on file, oldest first, whatever its state."""
        return self._select("ORDER BY seq", ())

    def waiting(self) -> list[Entry]:
        """Not yet answered by the hub, oldest first (the order they are sent in)."""
        return self._select("WHERE state = ? ORDER BY seq", (WAITING,))

    def first_waiting(self) -> Entry | None:
        rows = self._select("WHERE state = ? ORDER BY seq LIMIT 1", (WAITING,))
        return rows[0] if rows else None

    def conflicts(self) -> list[Entry]:
        """Refused on reconnect and not yet resolved by the dispatcher."""
        return self._select("WHERE state = ? ORDER BY seq", (CONFLICT,))

    def offline_since(self) -> datetime | None:
        """When the oldest waiting entry was made."""
        first = self.waiting()
        return first[0].created_at if first else None

    def mark_sent(self, seq: int, answer: dict[str, Any]) -> None:
        self._set(seq, SENT, answer, None, None)

    def mark_conflict(self, seq: int, exc: DispatchError) -> None:
        self._set(seq, CONFLICT, dict(exc.details), exc.code, exc.message)

    def mark_waiting(self, seq: int) -> None:
        """A ``sending`` entry the hub did not answer: it waits with its id and its place."""
        self._db.execute("UPDATE entries SET state = ? WHERE seq = ?", (WAITING, seq))

    def mark_refused(self, seq: int, exc: DispatchError) -> None:
        """Refused while the dispatcher watched (said at once, not a reconcile conflict)."""
        self._set(seq, RESOLVED, dict(exc.details), exc.code, exc.message)

    def resolve(self, seq: int) -> None:
        """The dispatcher has dealt with this conflict (kept on file, no longer listed)."""
        self._db.execute("UPDATE entries SET state = ? WHERE seq = ?", (RESOLVED, seq))

    def _set(self, seq: int, state: str, answer: dict[str, Any] | None, code: str | None,
             reason: str | None) -> None:
        self._db.execute(
            "UPDATE entries SET state = ?, answer = ?, code = ?, reason = ? WHERE seq = ?",
            (state, json.dumps(answer, default=str), code, reason, seq),
        )

    def _select(self, where: str, args: tuple[Any, ...]) -> list[Entry]:
        cur = self._db.execute(
            "SELECT seq, command_id, op, fields, description, call_id, technician_id,"
            f" created_at, state, answer, code, reason FROM entries {where}",
            args,
        )
        return [
            Entry(
                seq=r[0], command_id=r[1], op=r[2], fields=json.loads(r[3]), description=r[4],
                call_id=r[5], technician_id=r[6], created_at=datetime.fromisoformat(r[7]),
                state=r[8], answer=json.loads(r[9]) if r[9] else None, code=r[10], reason=r[11],
            )
            for r in cur.fetchall()
        ]


def unsent_call(entry: Entry) -> CallView:
    """A ``create_call`` entry as a provisional call (id ``-seq``) for the queue to show."""
    f = entry.fields
    priority = Priority(f.get("priority") or Priority.NORMAL.value)
    return CallView(
        id=-entry.seq,
        customer_id=0,
        customer_name=str(f.get("customer_name", "")),
        phone=str(f.get("phone", "")),
        address=str(f.get("address", "")),
        district=str(f.get("district", "")),
        lat=float(f.get("lat", 0.0)),
        lon=float(f.get("lon", 0.0)),
        category=str(f.get("category", "")),
        required_skills=tuple(f.get("required_skills") or ()),
        priority=priority,
        channel=Channel(f.get("channel") or Channel.PHONE.value),
        status=CallStatus.NEW,
        created_at=entry.created_at,
        sla_deadline=entry.created_at + timedelta(minutes=SLA_MINUTES[priority]),
        crew_size=int(f.get("crew_size") or 1),
        version=0,
        notes=str(f.get("notes", "")),
        price_quoted=f.get("price_quoted"),
        price_charged=None,
        rating=None,
        feedback=None,
        step_times={"created": entry.created_at},
        technician_ids=(),
        idempotency_key=f.get("idempotency_key"),
    )


def tentative(entries: list[Entry]) -> dict[int, tuple[int, ...]]:
    """call id -> technicians it was assigned to offline (the latest such entry wins)."""
    out: dict[int, tuple[int, ...]] = {}
    for e in entries:
        if e.op in ("assign", "reassign") and e.call_id is not None and e.technician_id:
            out[e.call_id] = (e.technician_id,)
        elif e.op in ("unassign", "cancel") and e.call_id is not None:
            out.pop(e.call_id, None)
    return out


Send = Callable[..., Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Sent:
    """What one ``send_all`` did."""

    sent: list[Entry]
    conflicts: list[Entry]
    still_waiting: int


async def send_all(
    outbox: Outbox, command: Send, settled: Callable[[Entry], None] | None = None
) -> Sent:
    """Send the waiting entries in order through ``command(op, command_id=..., **fields)``
    (``ConsoleClient.command``) until none waits, including those added meanwhile (the
    dispatcher keeps working during a flush). Stops at the first HubUnavailable (the rest
    wait for the next reconnect); a refusal becomes a conflict and the next entry is sent.
    ``settled`` hears of each entry as soon as it is answered (the window updates at once)."""
    sent: list[Entry] = []
    conflicts: list[Entry] = []
    while (entry := outbox.first_waiting()) is not None:
        try:
            answer = await command(entry.op, command_id=entry.command_id, **entry.fields)
        except HubUnavailable:
            break
        except DispatchError as exc:
            outbox.mark_conflict(entry.seq, exc)
            conflicts.append(done := outbox.get(entry.seq) or entry)
        else:
            outbox.mark_sent(entry.seq, dict(answer.get("result") or {}))
            sent.append(done := outbox.get(entry.seq) or entry)
        if settled is not None:
            settled(done)
    return Sent(sent, conflicts, len(outbox.waiting()))
