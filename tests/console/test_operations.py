"""The operation table is the one description of a request: the protocol checks, the hub's
dispatch, the role check, the client's methods and docs/protocol.md all agree with it."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console import operations, permissions
from console.client import ConsoleClient
from console.errors import Forbidden
from console.hub import protocol

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_doc_table_is_the_operation_table() -> None:
    found = re.search(r"<!-- operations: begin -->\n(.*?)<!-- operations: end -->", _doc(), re.S)
    assert found, "docs/protocol.md has no operations table"
    assert found.group(1) == operations.markdown_table(), (
        "docs/protocol.md and console/operations.py disagree; paste operations.markdown_table()"
    )


def _section(text: str, title: str) -> str:
    start = text.index(title)
    end = text.find("\n## ", start + len(title))
    return text[start : end if end >= 0 else None]


def test_every_request_has_its_own_documentation_and_nothing_else_does() -> None:
    text = _doc()
    documented: dict[str, set[str]] = {
        "field": set(re.findall(r"^### `(\w+)`", _section(text, "## Field app → hub"), re.M)),
        "intake": set(re.findall(r"^### `(\w+)`", _section(text, "## Intake channel → hub"), re.M)),
        "console": set(re.findall(r"^\| `(\w+)` \|", _section(text, "## Console → hub"), re.M)),
    }
    for kind, names in documented.items():
        table = {t for t, op in operations.by_kind()[kind].items() if op.type != "ping"}
        assert names == table, f"{kind}: documented {sorted(names)}, table {sorted(table)}"
    console_rows = _section(text, "## Console → hub")
    for op in operations.by_kind()["console"].values():
        if op.type in ("ping", "create_call"):  # create_call's fields are new_call's
            continue
        row = re.search(rf"^\| `{op.type}` \|(.*)$", console_rows, re.M)
        assert row is not None
        for f in op.fields:
            assert f"`{f.name}`" in row.group(1), f"{op.type}: field {f.name} is not documented"


def test_protocol_checks_come_from_the_table() -> None:
    for kind in operations.KINDS:
        schemas = operations.schemas_for(kind)
        assert set(schemas) == set(operations.by_kind()[kind])
    assert operations.lookup("intake", "assign") is None
    assert operations.lookup("console", "cancel") is not operations.lookup("intake", "cancel")


def test_role_checks_come_from_the_table() -> None:
    assign = operations.lookup("console", "assign")
    note = operations.lookup("console", "add_note")
    assert assign is not None and note is not None
    assert operations.roles_with(assign.capability) == ("dispatcher", "trainer", "admin")
    permissions.require("supervisor", "add_note", note.capability)
    with pytest.raises(Forbidden, match="dispatch"):
        permissions.require("supervisor", "assign", assign.capability)


def test_every_console_request_has_a_client_method_with_the_tables_fields() -> None:
    for op in operations.by_kind()["console"].values():
        if op.run is None:
            continue
        method = getattr(ConsoleClient, op.type, None)
        assert method is not None, f"ConsoleClient has no method for {op.type}"
        params = inspect.signature(method).parameters
        if any(p.kind is p.VAR_KEYWORD for p in params.values()):
            continue  # create_call passes the form's fields through
        names = [n for n in params if n != "self"]
        assert sorted(names) == sorted(op.field_names()), op.type
        for f in op.fields:
            required = params[f.name].default is inspect.Parameter.empty
            assert required == f.required, f"{op.type}.{f.name}: required differs"


def test_unknown_requests_are_refused_with_the_kinds_list() -> None:
    with pytest.raises(protocol.UnknownType, match="position, shift, step"):
        protocol.check("field", {"type": "assign"}, datetime.now(UTC))
