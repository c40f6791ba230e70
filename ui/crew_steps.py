"""Sending a crew change: ordinary assign / reassign / unassign steps, one after another, each
expecting the version the previous one left (a change someone else made first is a conflict,
as for a drag). ``done`` collects the steps made, so a change stopped half way can be undone."""

from __future__ import annotations

from collections.abc import Callable

from console.domain import CallView
from console.event_source import DispatchClient
from console.planning.diff import Step


async def send_steps(
    remote: Callable[[], DispatchClient],
    call_id: int,
    steps: list[Step],
    version: int | None,
    done: list[Step],
    reason: str | None = None,
) -> CallView:
    """Send ``steps`` in order, each expecting the version the previous one left."""
    view: CallView | None = None
    for off, on in steps:
        client = remote()
        if off is not None and on is not None:
            view = await client.reassign(
                call_id,
                on,
                from_technician_id=off,
                expected_version=version,
                override_reason=reason,
            )
        elif on is not None:
            view = await client.assign(
                call_id, on, expected_version=version, override_reason=reason
            )
        else:
            view = await client.unassign(
                call_id, technician_id=off, expected_version=version, reason=reason or ""
            )
        version = view.version
        done.append((off, on))
    assert view is not None  # steps is never empty
    return view
