"""The core loop through the real window with real input, each scenario on Xvfb (xcb).

The scenarios are in real_window_scenarios.py; each runs in its own child process so a
window-system problem in one cannot leak into the next.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

SCENARIOS = (
    "test_ctrl_n_type_enter_makes_one_call_and_ctrl_n_opens_again",
    "test_j_k_and_ctrl_enter_from_a_fresh_window",
    "test_drag_a_call_onto_a_technician_then_ctrl_z",
    "test_review_a_night_with_keys_and_a_click",
)


@pytest.mark.parametrize("name", SCENARIOS)
def test_core_loop_on_a_real_x_display(run_scenario: Callable[[str], None], name: str) -> None:
    run_scenario(name)
