"""docs/protocol.md states what the hub does: its error codes, limits, phone rule, operation
names and conflict details are read back from the document and compared with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from console import operations
from console.db.engine import Database
from console.errors import Conflict
from console.hub import HubLimits, protocol
from console.services import add_note, assign_call
from console.services.actors import Actor
from console.services.validate import PHONE_RULE
from tests.helpers.hub_support import make_center, new_call

DOC = (Path(__file__).resolve().parents[3] / "docs" / "protocol.md").read_text(encoding="utf-8")


def _table(heading: str) -> dict[str, str]:
    """First column (backticked name) -> rest of the row, for the table under ``heading``."""
    section = DOC.split(heading, 1)[1]
    rows: dict[str, str] = {}
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        found = re.match(r"\|\s*`([^`]+)`(?:, `([^`]+)`)?\s*\|(.*)", line)
        if found:
            for name in filter(None, found.group(1, 2)):
                rows[name] = found.group(3)
    return rows


def test_error_codes_are_exactly_those_the_hub_sends() -> None:
    documented = set(_table("## Answers and errors"))
    # "unavailable" is raised by clients when the hub cannot be reached; the hub never sends it
    sent = set(protocol._error_classes()) - {"unavailable"} | {"internal"}
    assert documented == sent


def test_limits_in_the_doc_are_the_hubs_defaults() -> None:
    limits = HubLimits()
    row = _table("## Answers and errors")["rate_limited"]
    assert "per connection" in row
    found = re.search(r"field apps (\d+)/s \(burst (\d+)\), intake (\d+)/s \(burst (\d+)\), "
                      r"consoles (\d+)/s \(burst (\d+)\)", row)
    assert found, row
    assert [int(x) for x in found.groups()] == [
        limits.field_rate, limits.field_burst, limits.intake_rate, limits.intake_burst,
        limits.console_rate, limits.console_burst]
    hello = re.search(r"must be a `hello`, within \*\*(\d+) seconds\*\*", DOC)
    assert hello and float(hello.group(1)) == limits.hello_timeout
    assert f"larger than **{limits.max_message_bytes // 1024} KiB**" in DOC
    assert f"`type` of at\n  most {protocol.MAX_TYPE_LEN} characters" in DOC
    assert f"up to {limits.max_in_flight} requests" in DOC
    assert "**Answers on one connection can arrive out of order.**" in DOC


def test_the_phone_rule_is_the_one_the_services_apply() -> None:
    flat = " ".join(DOC.split())
    assert PHONE_RULE[1:] in flat and "Phone numbers" in flat


def test_every_console_operation_is_documented() -> None:
    ops = _table("## Console → hub")
    assert set(ops) == set(operations.schemas_for("console")) - {"ping"}
    for kind in ("field", "intake"):
        for type_ in set(operations.schemas_for(kind)) - {"ping"}:
            assert f"### `{type_}`" in DOC


@pytest.mark.parametrize("crew", [1, 2])
def test_conflict_details_are_all_documented(db: Database, crew: int) -> None:
    center = make_center(db, technicians=3, channels=0)
    ann = Actor("user", 1, "Ann", "dispatcher")
    call_id = new_call(db, crew_size=crew)
    for tech in center.tech_ids[:crew]:
        assign_call(db, actor=ann, call_id=call_id, technician_id=tech, override_reason="t")
    add_note(db, actor=ann, call_id=call_id, text="moved on")
    documented = _table("### Conflicts")
    for stale in (1, None):
        with pytest.raises(Conflict) as exc:
            assign_call(db, actor=ann, call_id=call_id, technician_id=center.tech_ids[2],
                        expected_version=stale, override_reason="t")
        details = exc.value.details
        assert details["seen_version"] == stale
        assert set(details) <= set(documented)
        assert {f"winner.{k}" for k in details["winner"]} <= set(documented)
        assert re.fullmatch(r"(user|channel|technician):\d+ .+", details["winner"]["assigned_by"])
        assert f'"{details["winner"]["assigned_by"]}"' in documented["winner.assigned_by"]
