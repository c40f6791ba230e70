"""Errors the services raise; each has a stable ``code`` the hub puts on the wire."""

from __future__ import annotations


class DispatchError(Exception):
    """Base of every refusal: a machine code and a sentence a dispatcher can read."""

    code = "error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_wire(self) -> dict[str, object]:
        return {"code": self.code, "reason": self.message, **self.details}

    def __reduce__(self) -> tuple[object, ...]:
        # Refusals raised in a worker process (the report builder) cross back with their
        # details; the default pickling would rebuild them from the message alone.
        return (_rebuild, (type(self), self.message, self.details))


def _rebuild(cls: type[DispatchError], message: str, details: dict[str, object]) -> DispatchError:
    return cls(message, **details)


class NotFound(DispatchError):
    code = "not_found"


class InvalidInput(DispatchError):
    code = "invalid"


class IllegalTransition(DispatchError):
    code = "illegal_transition"


class Conflict(DispatchError):
    """Someone else changed the row first; ``details`` name the winner."""

    code = "conflict"


class Refused(DispatchError):
    """A legal request that policy refuses without an explicit override (off duty, no skill)."""

    code = "refused"


class Forbidden(DispatchError):
    code = "forbidden"
