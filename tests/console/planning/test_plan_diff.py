"""A plan's change of crew as hub steps (``crew_steps``), checked by hand."""

from __future__ import annotations

from console.planning.diff import crew_steps


def test_a_new_crew_is_one_assignment_per_member() -> None:
    assert crew_steps((), (3, 4)) == [(None, 3), (None, 4)]


def test_a_changed_crew_reassigns_only_the_members_who_change() -> None:
    assert crew_steps((1, 2), (1, 5)) == [(2, 5)]
    assert crew_steps((1, 2), (5, 6)) == [(1, 5), (2, 6)]
    assert crew_steps((1, 2), (2, 1)) == []  # the same crew in another order


def test_a_crew_that_grows_or_shrinks_adds_or_drops_members() -> None:
    assert crew_steps((1,), (1, 2, 3)) == [(None, 2), (None, 3)]
    assert crew_steps((1, 2, 3), (4,)) == [(1, 4), (2, None), (3, None)]
