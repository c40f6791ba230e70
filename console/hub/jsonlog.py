"""Structured logs: one JSON object per line, for a log shipper (Loki, ELK, journald).

``dispatch-console hub --log-json``. Fields: ``ts`` (UTC, ISO 8601), ``level``,
``logger``, ``event`` (the message), ``exc`` (the exception type, never its text, which
could quote a customer's data). No personal data: phone numbers and e-mail addresses that
slip into a message are masked before the line is written.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_PHONE = re.compile(r"\+?\d[\d\s-]{6,}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def scrub(text: str) -> str:
    return _EMAIL.sub("[email]", _PHONE.sub("[number]", text))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": scrub(record.getMessage()),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def install(level: int = logging.INFO) -> None:
    """Route the root logger through one JSON-lines handler on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
