"""The desk's config file (TOML): what an administrator rolls out to every console.

Looked for, later ones winning key by key: the system file
(``/etc/xdg/night-dispatch-console/config.toml`` on Linux, ``%PROGRAMDATA%`` on Windows),
the user's (``~/.config/night-dispatch-console/config.toml``), then ``DISPATCH_CONFIG`` or
``--config FILE`` alone when given. Tables flatten to the settings' names (``[map]
tile_source`` is the setting ``map/tile_source``); the settings declare names, types and
checks once (``ui.settings``), and the file's values become their defaults: a dispatcher's
own choice in Settings still wins, a command-line option wins over both. See
``docs/config.md``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from console.db.engine import APP_NAME

ENV = "DISPATCH_CONFIG"
FILE_NAME = "config.toml"


class BadConfig(ValueError):
    """A config file that cannot be used; the message names the file and the problem."""


def candidates(explicit: str | Path | None = None) -> list[Path]:
    """The files to read, in order (the later wins)."""
    chosen = explicit or os.environ.get(ENV)
    if chosen:
        return [Path(chosen)]
    return [
        Path(platformdirs.site_config_dir(APP_NAME)) / FILE_NAME,
        Path(platformdirs.user_config_dir(APP_NAME)) / FILE_NAME,
    ]


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}/"))
        else:
            out[name] = value
    return out


def read(path: Path) -> dict[str, Any]:
    """One file, flattened; a syntax error names the file and line."""
    try:
        with path.open("rb") as f:
            return flatten(tomllib.load(f))
    except tomllib.TOMLDecodeError as exc:
        raise BadConfig(f"{path}: {exc}") from None
    except OSError as exc:
        raise BadConfig(f"{path}: cannot read it ({exc.strerror})") from None


def load(explicit: str | Path | None = None) -> tuple[dict[str, Any], list[Path]]:
    """Every existing config file merged, and which files those were.

    An explicitly named file (``--config`` or ``DISPATCH_CONFIG``) must exist.
    """
    merged: dict[str, Any] = {}
    used: list[Path] = []
    files = candidates(explicit)
    must_exist = bool(explicit or os.environ.get(ENV))
    for path in files:
        if not path.is_file():
            if must_exist:
                raise BadConfig(f"{path}: no such config file")
            continue
        merged.update(read(path))
        used.append(path)
    return merged, used
