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
        Setting("replay_window/geometry", bytes, b"", "review window position and size"),
        Setting("replay_window/state", bytes, b"", "dock layout of the review (replay) window"),
        Setting("tables/queue", bytes, b"", "call queue: column widths, order and sort"),
        Setting("tables/board", bytes, b"", "technician board: column widths, order and sort"),
        Setting("tables/recommendations", bytes, b"", "recommendations: column widths"),
        Setting(
            "report/paper", str, "a4", "paper size of the weekly report", choices=("a4", "letter")
        ),
        Setting(
            "map/tile_source",
            str,
            # Nothing loads from the internet unless an administrator chooses a source: the
            # offline vector basemap (and any pre-filled tile cache) is the default.
            "none",
            "basemap tiles: none, osm, amap, tencent, tianditu or custom (then map/tile_url)",
        ),
        Setting("map/tile_url", str, "", "custom source's XYZ URL template ({z} {x} {y}, "
                "{-y}, {s}, {key})"),
        Setting("map/tile_attribution", str, "", "attribution shown for custom tiles"),
        Setting("map/tile_max_zoom", int, 0, "deepest zoom the tiles have (0: the source's)",
                bounds=(0, 22)),
        Setting("map/tile_crs", str, "", "custom source's coordinate system (empty: WGS-84)",
                choices=("", "wgs84", "gcj02")),
        Setting("map/tile_key", str, "", "API key for sources that need one (Tianditu)"),
        Setting("map/service_area", str, "", "GeoJSON of districts and territories (empty: "
                "the imported one, else the demo city)"),
        Setting("hub_url", str, "", "connect to this shared hub (ws:// or wss://) by default"),
        Setting("database", str, "", "database URL by default (empty: the embedded file)"),
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
        #: Defaults from the administrator's config file (``console.config``), by name.
        self.defaults: dict[str, Any] = {}

    def apply_config(self, values: dict[str, Any], where: str = "config file") -> None:
        """Take the config file's values as defaults; the first bad one is refused with
        why, and then none are taken."""
        checked: dict[str, Any] = {}
        for name, value in values.items():
            if name not in DECLARED:
                raise ValueError(f"{where}: unknown setting {name!r}; known: {', '.join(DECLARED)}")
            decl = DECLARED[name]
            if decl.type is bytes or (decl.type is int and isinstance(value, bool)) or not (
                isinstance(value, decl.type)
            ):
                raise ValueError(f"{where}: {name} takes {decl.type.__name__}, not {value!r}")
            if not _valid(decl, value):
                allowed = decl.choices or decl.bounds
                raise ValueError(f"{where}: {name} must be one of {allowed}, not {value!r}")
            checked[name] = value
        self.defaults.update(checked)

    @classmethod
    def in_file(cls, path: str | Path) -> Settings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def user(cls) -> Settings:
        return cls(QSettings(ORGANISATION, APPLICATION))

    def get(self, name: str) -> Any:
        """The stored value converted to the declared type; the default when unset or bad."""
        decl = _declared(name)
        default = self.defaults.get(name, decl.default)
        raw = self._store.value(name, None)
        if raw is None:
            return default
        try:
            value = _convert(decl, raw)
        except (TypeError, ValueError):
            return default
        return value if _valid(decl, value) else default

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
