"""The core's one listener registry: order, weak bound methods, isolation of a failure."""

from __future__ import annotations

import gc
import logging

import pytest

from console.listeners import Listeners


class Panel:
    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name

    def on_value(self, value: int) -> None:
        self.log.append(f"{self.name}:{value}")


def test_listeners_run_in_order_and_bound_methods_are_weak() -> None:
    log: list[str] = []
    reg: Listeners[[int]] = Listeners()
    first, second = Panel(log, "a"), Panel(log, "b")
    reg.add(first.on_value)
    reg.add(lambda v: log.append(f"fn:{v}"))
    reg.add(second.on_value)
    reg.emit(1)
    assert log == ["a:1", "fn:1", "b:1"]
    del first
    gc.collect()
    reg.emit(2)
    assert log[3:] == ["fn:2", "b:2"] and len(reg) == 2


def test_a_failing_listener_propagates_unless_isolated(caplog: pytest.LogCaptureFixture) -> None:
    log: list[int] = []

    def broken(_v: int) -> None:
        raise ValueError("boom")

    strict: Listeners[[int]] = Listeners()
    strict.add(broken)
    with pytest.raises(ValueError, match="boom"):
        strict.emit(1)
    isolated: Listeners[[int]] = Listeners(isolate=True)
    isolated.add(broken)
    isolated.add(log.append)
    with caplog.at_level(logging.ERROR, logger="console.listeners"):
        isolated.emit(7)
    assert log == [7] and "failed" in caplog.text
