"""Re-sending over a dropped link (console.resend): a resend lets the rest of the loop run
first, so a link that died a moment ago is seen as down instead of being spun on."""

from __future__ import annotations

import asyncio

from console.hub.protocol import HubUnavailable
from console.resend import until_answered


def test_a_resend_yields_to_the_loop_so_the_dead_link_can_be_noticed() -> None:
    async def scenario() -> str:
        noticed = asyncio.Event()  # what the client's reader sets when it sees the close

        async def send() -> str:
            if not noticed.is_set():  # the socket is gone but still looks connected
                raise HubUnavailable("connection lost while sending")
            return "answered"

        async def still_online(_timeout: float) -> bool:
            return True  # the state has not caught up with the close yet

        async def reader() -> None:
            noticed.set()

        sending = asyncio.create_task(
            until_answered(send, still_online, window=2.0, command_id="c1")
        )
        noticing = asyncio.create_task(reader())  # runs only if the resend lets it
        answer = await sending
        await noticing
        return answer

    assert asyncio.run(asyncio.wait_for(scenario(), 10)) == "answered"
