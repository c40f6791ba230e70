"""The console's picture of tonight, kept current from the hub's snapshot and event stream.

Plain Python, no Qt (napari-style domain state): the Qt models in ``ui/models`` subscribe to
the listeners below and update row by row. It also keeps a few indexes the panels ask for
on every repaint (a technician's current job, tonight's job count, assignment history), so
those answers cost a dict lookup rather than a scan over every call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from console.domain import AssignmentView, CallView, EventView, Position, TechnicianView
from console.listeners import Listeners
from console.wire import call_from_wire, technician_from_wire

#: Assignment end reasons that mean the technician did not do the job.
_NOT_A_JOB = frozenset({"reassigned", "unassigned"})

CallListener = Callable[[int, CallView | None], None]
TechListener = Callable[[int, TechnicianView | None], None]


class SnapshotLike(Protocol):
    """What :meth:`LiveState.apply_snapshot` reads (console.client.Snapshot has it)."""

    @property
    def seq(self) -> int: ...
    @property
    def technicians(self) -> Mapping[int, TechnicianView]: ...
    @property
    def calls(self) -> Mapping[int, CallView]: ...
    @property
    def assignments(self) -> Iterable[AssignmentView]: ...


@dataclass
class PreparedSnapshot:
    """A snapshot turned into LiveState's dicts and indexes: plain data, built off the UI
    thread by :func:`prepare_snapshot`, installed with :meth:`LiveState.install`."""

    seq: int
    technicians: dict[int, TechnicianView]
    calls: dict[int, CallView]
    assignments: dict[int, AssignmentView]
    by_tech: dict[int, list[int]] = field(default_factory=dict)
    by_call: dict[int, list[int]] = field(default_factory=dict)
    open_by_tech: dict[int, set[int]] = field(default_factory=dict)


def prepare_snapshot(snap: SnapshotLike) -> PreparedSnapshot:
    """Everything :meth:`LiveState.install` needs; reads ``snap`` only (thread-safe)."""
    prepared = PreparedSnapshot(
        seq=snap.seq,
        technicians=dict(snap.technicians),
        calls=dict(snap.calls),
        assignments={a.id: a for a in snap.assignments},
    )
    for a in sorted(prepared.assignments.values(), key=lambda a: a.id):
        prepared.by_tech.setdefault(a.technician_id, []).append(a.id)
        prepared.by_call.setdefault(a.call_id, []).append(a.id)
    for call in prepared.calls.values():
        if call.status.is_open:
            for tech_id in call.technician_ids:
                prepared.open_by_tech.setdefault(tech_id, set()).add(call.id)
    return prepared


class LiveState:
    """Technicians, calls and assignments as of ``last_seq``; announces every change."""

    def __init__(self) -> None:
        self.technicians: dict[int, TechnicianView] = {}
        self.calls: dict[int, CallView] = {}
        self.assignments: dict[int, AssignmentView] = {}
        self.last_seq = 0
        self._by_tech: dict[int, list[int]] = {}  # tech id -> assignment ids, oldest first
        self._by_call: dict[int, list[int]] = {}  # call id -> assignment ids, oldest first
        self._open_by_tech: dict[int, set[int]] = {}  # tech id -> open call ids
        self._reset_cbs: Listeners[[]] = Listeners()
        self._call_cbs: Listeners[[int, CallView | None]] = Listeners()
        self._tech_cbs: Listeners[[int, TechnicianView | None]] = Listeners()
        self._pos_cbs: Listeners[[list[int]]] = Listeners()

    # --- listeners -----------------------------------------------------------------------

    def on_reset(self, cb: Callable[[], None]) -> None:
        self._reset_cbs.add(cb)

    def on_call_changed(self, cb: CallListener) -> None:
        self._call_cbs.add(cb)

    def on_technician_changed(self, cb: TechListener) -> None:
        self._tech_cbs.add(cb)

    def on_positions(self, cb: Callable[[list[int]], None]) -> None:
        self._pos_cbs.add(cb)

    # --- input -----------------------------------------------------------------------------

    def apply_snapshot(self, snap: SnapshotLike) -> None:
        """Replace everything (first connect or a resync) and tell listeners to reset."""
        self.install(prepare_snapshot(snap))

    def install(self, prepared: PreparedSnapshot) -> None:
        """Swap in a snapshot built by :func:`prepare_snapshot` (possibly on a worker
        thread) in one go, and tell listeners to reset."""
        self.technicians = prepared.technicians
        self.calls = prepared.calls
        self.assignments = prepared.assignments
        self.last_seq = prepared.seq
        self._by_tech, self._by_call = prepared.by_tech, prepared.by_call
        self._open_by_tech = prepared.open_by_tech
        for cb in self._reset_cbs.alive():
            cb()

    def apply_event(self, ev: EventView) -> None:
        """Apply one event; a repeat (seq already seen) is ignored."""
        if ev.seq <= self.last_seq:
            return
        self.last_seq = ev.seq
        payload = ev.payload
        if ev.type.startswith("call.") and isinstance(payload.get("call"), dict):
            self._apply_call_event(ev, call_from_wire(payload["call"]))
        elif ev.type.startswith("technician.") and isinstance(payload.get("technician"), dict):
            self._apply_technician(technician_from_wire(payload["technician"]))

    def apply_positions(self, fixes: list[tuple[int, Position]]) -> None:
        """A coalesced batch of fixes: one notification naming every technician that moved."""
        moved: list[int] = []
        for tech_id, pos in fixes:
            tech = self.technicians.get(tech_id)
            if tech is None or _older(pos, tech.position):
                continue
            self.technicians[tech_id] = with_position(tech, pos)
            moved.append(tech_id)
        if moved:
            for cb in self._pos_cbs.alive():
                cb(moved)

    # --- queries ---------------------------------------------------------------------------

    def open_calls(self) -> list[CallView]:
        return [c for c in self.calls.values() if c.status.is_open]

    def current_job(self, tech_id: int) -> CallView | None:
        """The technician's open call (the earliest promised one if they hold several)."""
        ids = self._open_by_tech.get(tech_id)
        if not ids:
            return None
        return min((self.calls[i] for i in ids), key=lambda c: (c.sla_deadline, c.id))

    def jobs_tonight(self, tech_id: int) -> int:
        """Calls this technician holds or finished tonight (handed-over ones do not count)."""
        calls = {
            self.assignments[a].call_id
            for a in self._by_tech.get(tech_id, ())
            if self.assignments[a].end_reason not in _NOT_A_JOB
        }
        return len(calls)

    def assignments_for(self, tech_id: int) -> list[AssignmentView]:
        return [self.assignments[a] for a in self._by_tech.get(tech_id, ())]

    def call_assignments(self, call_id: int) -> list[AssignmentView]:
        """Indexed: the timeline asks on every call event, on the UI thread."""
        return [self.assignments[a] for a in self._by_call.get(call_id, ())]

    # --- internals -------------------------------------------------------------------------

    def _apply_call_event(self, ev: EventView, call: CallView) -> None:
        old = self.calls.get(call.id)
        self.calls[call.id] = call
        touched = self._track_assignments(ev, old, call)
        for cb in self._call_cbs.alive():
            cb(call.id, call)
        # A technician's "current job" and "jobs tonight" columns follow their calls.
        for tech_id in sorted(touched):
            tech = self.technicians.get(tech_id)
            if tech is not None:
                for tcb in self._tech_cbs.alive():
                    tcb(tech_id, tech)

    def _track_assignments(self, ev: EventView, old: CallView | None, call: CallView) -> set[int]:
        before = set(old.technician_ids) if old and old.status.is_open else set()
        after = set(call.technician_ids) if call.status.is_open else set()
        for tech_id in before - after:
            self._open_by_tech.get(tech_id, set()).discard(call.id)
        for tech_id in after:
            self._open_by_tech.setdefault(tech_id, set()).add(call.id)
        ended = before - after
        if ended:
            reason = _end_reason(ev.type)
            for tech_id in ended:
                for aid in self._by_tech.get(tech_id, ()):
                    a = self.assignments[aid]
                    if a.call_id == call.id and a.active:
                        self.assignments[aid] = replace(
                            a, active=False, ended_at=ev.at, end_reason=reason
                        )
        new_id = ev.payload.get("assignment_id")
        new_tech = ev.payload.get("technician_id")
        if isinstance(new_id, int) and isinstance(new_tech, int) and new_id not in self.assignments:
            self.assignments[new_id] = AssignmentView(
                id=new_id,
                call_id=call.id,
                technician_id=new_tech,
                assigned_at=ev.at,
                assigned_by=_actor_label(ev.payload.get("actor")),
                active=True,
            )
            self._by_tech.setdefault(new_tech, []).append(new_id)
            self._by_call.setdefault(call.id, []).append(new_id)
        return before | after

    def _apply_technician(self, tech: TechnicianView) -> None:
        old = self.technicians.get(tech.id)
        if old is not None and _older(tech.position, old.position):
            tech = replace(tech, position=old.position)  # the stream is fresher than the row
        self.technicians[tech.id] = tech
        for cb in self._tech_cbs.alive():
            cb(tech.id, tech)


def with_position(tech: TechnicianView, pos: Position | None) -> TechnicianView:
    """``replace(tech, position=pos)``, several times cheaper: a batch of 10,000 fixes goes
    through here on the UI thread, where ``dataclasses.replace``'s generic work dominated."""
    return TechnicianView(  # positional, in field order (tests compare with replace())
        tech.id,
        tech.name,
        tech.phone,
        tech.skills,
        tech.status,
        tech.home_base,
        tech.home_lat,
        tech.home_lon,
        pos,
        tech.version,
        tech.shifts,
    )


def _older(new: Position | None, current: Position | None) -> bool:
    """True when ``new`` is a fix older than ``current`` (so it must not replace it)."""
    if new is None:
        return current is not None
    if current is None or new.at is None or current.at is None:
        return False
    return new.at < current.at


def _end_reason(event_type: str) -> str:
    return {
        "call.reassigned": "reassigned",
        "call.unassigned": "unassigned",
        "call.completed": "completed",
        "call.failed": "failed",
        "call.cancelled": "cancelled",
    }.get(event_type, "ended")


def _actor_label(actor: Any) -> str:
    if isinstance(actor, dict):
        kind, ident, name = actor.get("kind", ""), actor.get("id"), actor.get("name", "")
        who = f"{kind}:{ident}" if ident is not None else str(kind)
        return f"{who} {name}".strip()
    return ""
