"""The console's user settings, declared once and read through one typed accessor.

Every setting has a name, a type, a default and a description (qutebrowser's configdata
shape). Values live in QSettings; tests point the store at a throwaway INI file with
``use(Settings.in_file(path))`` so nothing leaks between tests or into the user's profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QByteArray, QSettings

from console.timezone import CENTER_TZ

ORGANISATION = "NightDispatch"
APPLICATION = "night-dispatch-console"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    description: str
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] | None = None


DECLARED: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "theme",
            str,
            "auto",
            "night, day, or auto (night from 20:00 to 07:00)",
            choices=("auto", "night", "day"),
        ),
        Setting(
            "language",
            str,
            "",
            "interface language; empty follows the system locale",
            choices=("", "en", "zh"),
        ),
        Setting(
            "density",
            str,
            "comfortable",
            "row height and padding of lists",
            choices=("comfortable", "compact"),
        ),
        Setting("last_username", str, "", "the user name the login dialog suggests"),
        Setting("alerts/volume", int, 40, "chime volume in percent", bounds=(0, 100)),
        Setting("alerts/muted", bool, False, "silence every chime (rows still pulse)"),
        Setting("window/geometry", bytes, b"", "main window position and size"),
        Setting("window/state", bytes, b"", "dock layout of the main window"),
        Setting(
            "report/paper", str, "a4", "paper size of the weekly report", choices=("a4", "letter")
        ),
        Setting(
            "timezone",
            str,
            CENTER_TZ,
            "the call centre's time zone: status bar clock and weekly report weeks",
        ),
    )
}


class Settings:
    """Typed access to the declared settings over a QSettings store."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    @classmethod
    def in_file(cls, path: str | Path) -> Settings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def user(cls) -> Settings:
        return cls(QSettings(ORGANISATION, APPLICATION))

    def get(self, name: str) -> Any:
        """The stored value converted to the declared type; the default when unset or bad."""
        decl = _declared(name)
        raw = self._store.value(name, None)
        if raw is None:
            return decl.default
        try:
            value = _convert(decl, raw)
        except (TypeError, ValueError):
            return decl.default
        return value if _valid(decl, value) else decl.default

    def set(self, name: str, value: Any) -> None:
        """Store a value; a wrong type or out-of-range value is refused with the reason."""
        decl = _declared(name)
        if decl.type is bytes and isinstance(value, QByteArray):
            value = bytes(value.data())
        if (decl.type is int and isinstance(value, bool)) or not isinstance(value, decl.type):
            raise TypeError(f"setting {name} takes {decl.type.__name__}, not {value!r}")
        if not _valid(decl, value):
            allowed = decl.choices or decl.bounds
            raise ValueError(f"setting {name} must be one of {allowed}, not {value!r}")
        self._store.setValue(name, QByteArray(cast(bytes, value)) if decl.type is bytes else value)

    def reset(self, name: str) -> None:
        self._store.remove(_declared(name).name)

    def sync(self) -> None:
        self._store.sync()


def _declared(name: str) -> Setting:
    try:
        return DECLARED[name]
    except KeyError:
        raise KeyError(f"no setting named {name!r}; declared: {', '.join(DECLARED)}") from None


def _convert(decl: Setting, raw: Any) -> Any:
    if decl.type is bool:
        if isinstance(raw, str):
            return raw.lower() in ("true", "1", "yes")
        return bool(raw)
    if decl.type is bytes:
        return bytes(raw.data()) if isinstance(raw, QByteArray) else bytes(raw)
    return decl.type(raw)


def _valid(decl: Setting, value: Any) -> bool:
    if decl.choices and value not in decl.choices:
        return False
    return not (decl.bounds and not decl.bounds[0] <= value <= decl.bounds[1])


_current: Settings | None = None


def current() -> Settings:
    """The settings the running console uses (the user's profile unless ``use`` was called)."""
    global _current
    if _current is None:
        _current = Settings.user()
    return _current


def use(settings: Settings | None) -> None:
    """Swap the settings store (tests give each window a fresh one)."""
    global _current
    _current = settings
