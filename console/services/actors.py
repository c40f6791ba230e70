"""Who is acting: recorded in every audit row and event."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    kind: str  # "user", "technician", "channel", "system"
    id: int | None
    name: str
    role: str = ""

    @property
    def label(self) -> str:
        who = f"{self.kind}:{self.id}" if self.id is not None else self.kind
        return f"{who} {self.name}".strip()

    def to_wire(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.id, "name": self.name, "role": self.role}


SYSTEM = Actor("system", None, "system")
#: The command line: whoever runs it holds the database's own credentials.
CLI = Actor("system", None, "cli")
