"""``DispatchActions``: the panels' one door to dispatch commands. Nothing here blocks.

Every command becomes an asyncio task on the Qt loop (qasync); the result comes back as a
signal. A conflict names the winner; a policy refusal lets the panel offer an override; with
the hub unreachable the command is queued and sent, in order, when the client reconnects.
Assignments can be undone (Ctrl+Z) for ten seconds.

Signals: assigned(CallView), conflict(call_id, message, details), refused(call_id, tech_id,
message, problems), failed(message), call_created(CallView), form_error(field, message),
undo_available(description, seconds_left), queued_changed(count), undone(description),
undo_started(description), undo_failed(description, reason), outbox_sent(conflicts).

With an ``outbox`` (console.outbox, set by the window) every command is written to that file
before it is sent, with the command id it keeps: one the link drops under waits there in
its place (never resent under a new id, never only in memory); what waits survives a
restart, goes up in order on reconnect (also what is added during that flush, and at once
while connected), and the refusals come back as conflicts for the reconcile view.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from console.client import HubUnavailable
from console.domain import CallView
from console.errors import (
    Conflict,
    DispatchError,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    Refused,
)
from console.event_source import ConnectionState, DispatchClient
from console.live_state import LiveState
from console.outbox import CONFLICT, Entry, Outbox, send_all
from console.planning.diff import Step, crew_steps
from console.wire import call_from_wire
from ui.crew_steps import send_steps
from ui.dispatch_records import UNDO_SECONDS, Queued, UndoRecord
from ui.dispatch_words import transition_message, winner_message


class DispatchActions(QObject):
    assigned = Signal(object)
    conflict = Signal(int, str, object)
    refused = Signal(int, int, str, object)
    failed = Signal(str)
    call_created = Signal(object)
    form_error = Signal(str, str)
    undo_available = Signal(str, int)
    queued_changed = Signal(int)
    undone = Signal(str)
    undo_started = Signal(str)
    undo_failed = Signal(str, str)
    outbox_sent = Signal(list)  # the outbox entries refused on reconnect (console.outbox)

    def __init__(
        self,
        client: DispatchClient | None,
        state: LiveState,
        parent: QObject | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.state = state
        self.read_only = read_only
        #: Said instead of the role's refusal when set (a replay: "this is a replay")
        self.read_only_reason: str | None = None
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        #: (call after the assignment, technician id) -> a note for the dispatcher, e.g.
        #: "late by 25 min; Wang Wei could be there in time" (the window sets it)
        self.describe_assignment: Callable[[CallView, int], str] | None = None
        self._undo: list[UndoRecord] = []
        self._queue: list[Queued] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._flushing = False
        self.outbox: Outbox | None = None
        self._done_by_command: dict[str, Callable[[Any], None]] = {}
        self._inflight: dict[int, asyncio.Task[None]] = {}  # outbox seq -> its first send

    # --- commands ------------------------------------------------------------------------

    def assign(self, call_id: int, tech_id: int, *, override_reason: str | None = None) -> None:
        if self._refuse_read_only():
            return
        call = self.state.calls.get(call_id)
        version = call.version if call else None

        def make() -> Any:
            return self._remote().assign(
                call_id, tech_id, expected_version=version, override_reason=override_reason
            )

        self._run(
            QCoreApplication.translate("DispatchActions", "Assign call {call}").format(
                call=call_id
            ),
            make,
            lambda view: self._on_assigned(view, tech_id, None),
            call_id=call_id,
            tech_id=tech_id,
            op="assign",
            fields={"call_id": call_id, "technician_id": tech_id, "expected_version": version,
                    "override_reason": override_reason},
        )

    def reassign(
        self,
        call_id: int,
        tech_id: int,
        *,
        from_technician_id: int | None = None,
        override_reason: str | None = None,
    ) -> None:
        if self._refuse_read_only():
            return
        call = self.state.calls.get(call_id)
        version = call.version if call else None
        source = from_technician_id
        if source is None and call and call.technician_ids:
            source = call.technician_ids[0]

        def make() -> Any:
            return self._remote().reassign(
                call_id,
                tech_id,
                from_technician_id=source,
                expected_version=version,
                override_reason=override_reason,
            )

        self._run(
            QCoreApplication.translate("DispatchActions", "Reassign call {call}").format(
                call=call_id
            ),
            make,
            lambda view: self._on_assigned(view, tech_id, source),
            call_id=call_id,
            tech_id=tech_id,
            op="reassign",
            fields={"call_id": call_id, "technician_id": tech_id,
                    "from_technician_id": source, "expected_version": version,
                    "override_reason": override_reason},
        )

    def change_crew(self, call_id: int, before: tuple[int, ...], after: tuple[int, ...]) -> None:
        """Put ``after`` on the call in place of ``before`` (a crew, or a crew change) as
        ordinary steps sent one after another, each expecting the version the last one left:
        a change someone else made first is a conflict, as for a drag. Ctrl+Z takes the
        whole change back; a change stopped half way can be undone the same way."""
        if self._refuse_read_only():
            return
        steps = crew_steps(before, after)
        if not steps:
            return
        description = QCoreApplication.translate("DispatchActions", "Crew for call {call}").format(
            call=call_id
        )
        call = self.state.calls.get(call_id)
        done: list[Step] = []

        async def make() -> CallView:
            try:
                version = call.version if call else None
                return await send_steps(self._remote, call_id, steps, version, done)
            except DispatchError:
                if done:
                    self._record_crew(description, call_id, tuple(done))
                raise

        def finished(view: CallView) -> None:
            self._record_crew(description, call_id, tuple(done))
            self.assigned.emit(view)
            self.undo_available.emit(description, int(UNDO_SECONDS))

        self._run(description, make, finished, call_id=call_id, tech_id=after[0] if after else None)

    def _record_crew(self, description: str, call_id: int, steps: tuple[Step, ...]) -> None:
        first_on = next((on for _off, on in steps if on is not None), 0)
        self._undo.append(
            UndoRecord(description, call_id, first_on, None, time.monotonic(), steps=steps)
        )

    def unassign(self, call_id: int, tech_id: int | None = None) -> None:
        if self._refuse_read_only():
            return
        call = self.state.calls.get(call_id)
        version = call.version if call else None
        self._run(
            QCoreApplication.translate("DispatchActions", "Unassign call {call}").format(
                call=call_id
            ),
            lambda: self._remote().unassign(
                call_id, technician_id=tech_id, expected_version=version
            ),
            lambda _view: None,
            call_id=call_id,
            tech_id=tech_id,
            op="unassign",
            fields={"call_id": call_id, "technician_id": tech_id, "expected_version": version},
        )

    def cancel(self, call_id: int, reason: str) -> None:
        """Expects the version the dispatcher saw: a call someone else changed meanwhile
        (offline, say) is a conflict for the reconcile view, not silently cancelled."""
        if self._refuse_read_only():
            return
        call = self.state.calls.get(call_id)
        version = call.version if call else None
        self._run(
            QCoreApplication.translate("DispatchActions", "Cancel call {call}").format(
                call=call_id
            ),
            lambda: self._remote().cancel(call_id, reason=reason, expected_version=version),
            lambda _view: None,
            call_id=call_id,
            tech_id=None,
            op="cancel",
            fields={"call_id": call_id, "reason": reason, "expected_version": version},
        )

    def create_call(self, fields: dict[str, Any]) -> None:
        """Every call this console creates carries an idempotency key (the form makes it
        when it opens; otherwise one is made here), so a resend never makes a second."""
        if self._refuse_read_only():
            return
        fields = {**fields, "idempotency_key": fields.get("idempotency_key") or uuid.uuid4().hex}
        self._run(
            QCoreApplication.translate("DispatchActions", "New call for {name}").format(
                name=fields.get("customer_name", "?")
            ),
            lambda: self._remote().create_call(**fields),
            self.call_created.emit,
            call_id=None,
            tech_id=None,
            op="create_call",
            fields=fields,
        )

    def add_note(self, call_id: int, text: str) -> None:
        """Notes are open to supervisors too (read-only dispatch still annotates)."""
        self._run(
            QCoreApplication.translate("DispatchActions", "Note on call {call}").format(
                call=call_id
            ),
            lambda: self._remote().add_note(call_id, text),
            lambda _view: None,
            call_id=call_id,
            tech_id=None,
            op="add_note",
            fields={"call_id": call_id, "text": text},
        )

    async def lookup_customer(self, phone: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._remote().lookup_customer(phone)
        return result

    async def call_detail(self, call_id: int) -> dict[str, Any]:
        result: dict[str, Any] = await self._remote().call_detail(call_id)
        return result

    def reapply(self, entry: Entry) -> None:
        """The reconcile view's "Apply mine": do an offline action again on top of how the
        call stands now (an assignment becomes a reassignment from whoever has it)."""
        f = entry.fields
        call = self.state.calls.get(entry.call_id) if entry.call_id is not None else None
        if entry.op in ("assign", "reassign") and entry.call_id and entry.technician_id:
            if call is not None and call.technician_ids:
                self.reassign(entry.call_id, entry.technician_id,
                              from_technician_id=call.technician_ids[0],
                              override_reason=f.get("override_reason"))
            else:
                self.assign(entry.call_id, entry.technician_id,
                            override_reason=f.get("override_reason"))
        elif entry.op == "unassign" and entry.call_id:
            self.unassign(entry.call_id, f.get("technician_id"))
        elif entry.op == "cancel" and entry.call_id:
            self.cancel(entry.call_id, str(f.get("reason", "")))
        elif entry.op == "add_note" and entry.call_id:
            self.add_note(entry.call_id, str(f.get("text", "")))
        elif entry.op == "create_call":
            self.create_call(dict(f))

    # --- undo ------------------------------------------------------------------------------

    def undo(self) -> bool:
        """Take back the last assignment made in the last ten seconds; False if none."""
        now = time.monotonic()
        self._undo = [u for u in self._undo if now - u.at <= UNDO_SECONDS]
        if not self._undo or self.read_only:
            return False
        rec = self._undo.pop()
        call = self.state.calls.get(rec.call_id)
        version = call.version if call else None
        if rec.steps:
            back = [(on, off) for off, on in reversed(rec.steps)]
            make: Callable[[], Awaitable[Any]] = lambda: send_steps(  # noqa: E731
                self._remote, rec.call_id, back, version, [], reason="undo"
            )
        elif rec.previous_tech_id is None:
            make = lambda: self._remote().unassign(  # noqa: E731
                rec.call_id, technician_id=rec.tech_id, expected_version=version, reason="undo"
            )
        else:
            prev = rec.previous_tech_id
            make = lambda: self._remote().reassign(  # noqa: E731
                rec.call_id,
                prev,
                from_technician_id=rec.tech_id,
                expected_version=version,
                override_reason="undo",
            )
        self._run(
            QCoreApplication.translate("DispatchActions", "Undo: {what}").format(
                what=rec.description
            ),
            make,
            lambda _view: self.undone.emit(rec.description),
            call_id=rec.call_id,
            tech_id=rec.tech_id,
            queue_offline=False,
            undo=True,
        )
        self.undo_started.emit(rec.description)
        return True

    def undo_seconds_left(self) -> int:
        if not self._undo:
            return 0
        return max(0, int(UNDO_SECONDS - (time.monotonic() - self._undo[-1].at)))

    # --- offline queue ------------------------------------------------------------------

    @property
    def queued(self) -> int:
        waiting = len(self.outbox.waiting()) if self.outbox is not None else 0
        return len(self._queue) + waiting

    def flush_queue(self) -> None:
        """Send queued commands in order (the shell calls this when the hub is back; an
        action queued while connected calls it too, so nothing waits with the hub up)."""
        if self._flushing:
            return  # the running flush also sends what was added meanwhile
        if self.outbox is not None and self.outbox.waiting():
            self._flushing = True  # now, not when the task starts: one flush at a time
            self._spawn(self._flush_outbox())
        elif self._queue:
            self._flushing = True
            self._spawn(self._flush())

    async def _flush_outbox(self) -> None:
        """The durable queue: in order, with the ids the entries got when they were made;
        first the commands still in flight (older than anything waiting)."""
        assert self.outbox is not None
        self._flushing = True
        try:
            while self._inflight:
                await asyncio.wait(list(self._inflight.values()))
            result = await send_all(self.outbox, self._remote().command, self._on_settled)
        finally:
            self._flushing = False
        self.queued_changed.emit(self.queued)
        if result.conflicts:
            self.outbox_sent.emit(result.conflicts)
        if self._queue:  # crew changes queue in memory (no outbox op)
            self.flush_queue()

    def _on_settled(self, entry: Entry) -> None:
        """One outbox entry answered during a flush: tell the window at once."""
        done = self._done_by_command.pop(entry.command_id, None)
        if entry.state == CONFLICT:  # listed in the reconcile view; said here at once
            self.failed.emit(f"{entry.description}: {entry.reason or entry.code}")
        elif done is not None and "call" in (entry.answer or {}):
            done(call_from_wire((entry.answer or {})["call"]))
        self.queued_changed.emit(self.queued)

    async def _flush(self) -> None:
        self._flushing = True
        try:
            while self._queue:
                item = self._queue[0]
                try:
                    result = await item.make()
                except HubUnavailable:
                    return  # still offline: keep the rest for the next reconnect
                except DispatchError as exc:
                    self._queue.pop(0)
                    self._report(exc, item)
                else:
                    self._queue.pop(0)
                    item.done(result)
                finally:
                    self.queued_changed.emit(self.queued)
        finally:
            self._flushing = False
            if self.outbox is not None and self.outbox.waiting() and self._connected():
                self.flush_queue()  # queued behind this flush: their turn now

    # --- plumbing ---------------------------------------------------------------------------

    def _remote(self) -> DispatchClient:
        """The client commands go to (a window fed without one, the bench, sends none)."""
        if self.client is None:
            raise RuntimeError("this window has no hub client to send commands to")
        return self.client

    def _refuse_read_only(self) -> bool:
        if self.read_only:
            self.failed.emit(
                self.read_only_reason
                or QCoreApplication.translate(
                    "DispatchActions", "Your role can view dispatch but not change it"
                )
            )
        return self.read_only

    def _on_assigned(self, view: CallView, tech_id: int, previous: int | None) -> None:
        description = QCoreApplication.translate("DispatchActions", "Call {call} to {name}").format(
            call=view.id, name=self._tech_name(tech_id)
        )
        self._undo.append(UndoRecord(description, view.id, tech_id, previous, time.monotonic()))
        self.assigned.emit(view)
        note = self.describe_assignment(view, tech_id) if self.describe_assignment else ""
        shown = f"{description} — {note}" if note else description
        self.undo_available.emit(shown, int(UNDO_SECONDS))

    def _tech_name(self, tech_id: int) -> str:
        tech = self.state.technicians.get(tech_id)
        return tech.name if tech else f"#{tech_id}"

    def _run(
        self,
        description: str,
        make: Callable[[], Awaitable[Any]],
        done: Callable[[Any], None],
        *,
        call_id: int | None,
        tech_id: int | None,
        queue_offline: bool = True,
        undo: bool = False,
        op: str = "",
        fields: dict[str, Any] | None = None,
    ) -> None:
        item = Queued(description, make, done, call_id, tech_id, undo, op, dict(fields or {}))
        if self.outbox is not None and op and queue_offline:
            self._run_through_outbox(item)
        elif self.queued and queue_offline:  # keep order: wait behind what is queued
            self._enqueue(item)
        else:
            self._spawn(self._execute(item, queue_offline))

    def _run_through_outbox(self, item: Queued) -> None:
        """Write the command to the outbox before it is sent, so a crash or a long drop
        never loses it: behind what already waits, or ``sending`` with the id it keeps."""
        assert self.outbox is not None
        behind = bool(self.queued) or self._flushing or not self._connected()
        entry = self.outbox.add(
            item.op, {k: v for k, v in item.fields.items() if v is not None},
            description=item.description, call_id=item.call_id, technician_id=item.tech_id,
            at=self.clock(), sending=not behind,
        )
        if behind:
            self._wait_in_outbox(item, entry)
        else:
            self._inflight[entry.seq] = self._spawn(self._send_entry(item, entry))

    async def _send_entry(self, item: Queued, entry: Entry) -> None:
        """Send a ``sending`` entry with its own command id; unanswered, it waits its turn
        with that id (a resend is answered from the hub's record, never done twice)."""
        assert self.outbox is not None
        try:
            answer = await self._remote().command(
                entry.op, command_id=entry.command_id, **entry.fields
            )
        except HubUnavailable:
            self.outbox.mark_waiting(entry.seq)
            self._inflight.pop(entry.seq, None)
            self._wait_in_outbox(item, entry)
        except DispatchError as exc:
            self.outbox.mark_refused(entry.seq, exc)
            self._report(exc, item)
        except Exception as exc:  # a bug must not kill the UI loop, nor be resent for ever
            self.outbox.mark_refused(entry.seq, DispatchError(str(exc)))
            self.failed.emit(f"{item.description}: {exc}")
        else:
            result = dict(answer.get("result") or {})
            self.outbox.mark_sent(entry.seq, result)
            item.done(call_from_wire(result["call"]))
        finally:
            self._inflight.pop(entry.seq, None)

    def _wait_in_outbox(self, item: Queued, entry: Entry) -> None:
        """The entry waits its turn: sent now if the hub is up, else on the reconnect."""
        self._done_by_command[entry.command_id] = item.done
        self.queued_changed.emit(self.queued)
        if self._connected():
            self.flush_queue()
        else:
            self._say_queued(item)

    def _connected(self) -> bool:
        return self.client is not None and self.client.state == ConnectionState.CONNECTED

    async def _execute(self, item: Queued, queue_offline: bool) -> None:
        try:
            result = await item.make()
        except HubUnavailable:
            if queue_offline:
                self._enqueue(item)
            elif item.undo:
                self.undo_failed.emit(
                    item.description,
                    QCoreApplication.translate("DispatchActions", "the hub is unreachable"),
                )
            else:
                self.failed.emit(
                    QCoreApplication.translate(
                        "DispatchActions", "Hub unreachable: {what} was not sent"
                    ).format(what=item.description)
                )
        except DispatchError as exc:
            if item.undo:
                self.undo_failed.emit(item.description, exc.message)
            else:
                self._report(exc, item)
        except Exception as exc:  # a bug or a dropped socket must not kill the UI loop
            self.failed.emit(f"{item.description}: {exc}")
        else:
            item.done(result)

    def _enqueue(self, item: Queued) -> None:
        """The in-memory queue (demo nights, crew changes): sent now if the hub is up."""
        self._queue.append(item)
        self.queued_changed.emit(self.queued)
        if self._connected():
            self.flush_queue()
        else:
            self._say_queued(item)

    def _say_queued(self, item: Queued) -> None:
        self.failed.emit(
            QCoreApplication.translate(
                "DispatchActions", "Hub unreachable: {what} queued ({n} waiting)"
            ).format(what=item.description, n=self.queued)
        )

    def _report(self, exc: DispatchError, item: Queued) -> None:
        details = dict(exc.details)
        if isinstance(exc, Conflict) and item.call_id is not None:
            self.conflict.emit(item.call_id, winner_message(details), details)
        elif isinstance(exc, Refused) and item.call_id is not None:
            raw = details.get("problems")
            problems = [str(p) for p in raw] if isinstance(raw, list) and raw else [exc.message]
            self.refused.emit(item.call_id, item.tech_id or 0, exc.message, problems)
        elif isinstance(exc, IllegalTransition) and details.get("status"):
            self.failed.emit(transition_message(item.call_id, details))
        elif isinstance(exc, InvalidInput) and details.get("field"):
            self.form_error.emit(str(details["field"]), exc.message)
            if item.call_id is not None:  # a new call's form shows it by its field: once
                self.failed.emit(exc.message)
        elif isinstance(exc, Forbidden):
            self.failed.emit(
                QCoreApplication.translate("DispatchActions", "Not allowed: {reason}").format(
                    reason=exc.message
                )
            )
        else:
            self.failed.emit(exc.message)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        task = loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait for commands in flight (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
