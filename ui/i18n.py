"""Interface language (English or Simplified Chinese) and CJK-capable fonts.

The language comes from ``--lang``, then the saved setting, then the system locale. Chinese
loads our compiled ``resources/i18n/dispatch_zh_CN.qm`` plus Qt's own ``qtbase_zh_CN`` (for
standard buttons). Chinese names and addresses appear in English mode too, so a CJK font is
always added as a fallback family: the TTF shipped in ``resources/fonts`` when present,
else one the system has.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

LANGUAGES = ("en", "zh")
#: System CJK families we accept as a fallback when no font is shipped.
SYSTEM_CJK = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)

#: Latin faces to put first when the system default face is a CJK one.
LATIN = ("Noto Sans", "Liberation Sans", "Arial", "Nimbus Sans", "DejaVu Sans")

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` (typed twin of Qt's macro)."""
    return text


def resolve_language(cli: str | None, saved: str, locale: QLocale | None = None) -> str:
    """``--lang`` wins, then the setting, then the system locale; anything else is English."""
    for choice in (cli, saved):
        if choice:
            if choice not in LANGUAGES:
                raise ValueError(f"language must be one of {LANGUAGES}, not {choice!r}")
            return choice
    loc = locale or QLocale.system()
    return "zh" if loc.language() == QLocale.Language.Chinese else "en"


def qm_path() -> Path:
    return Path(str(resources.files("resources.i18n").joinpath("dispatch_zh_CN.qm")))


def install(app: QCoreApplication, lang: str) -> bool:
    """Install translators for ``lang``; returns False when our catalogue is missing."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    ok = ours.load(str(qm_path()))
    if ok:
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return ok


def _font_files() -> list[Path]:
    try:
        root = Path(str(resources.files("resources").joinpath("fonts")))
    except (ModuleNotFoundError, FileNotFoundError):
        return []
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.suffix.lower() in (".ttf", ".otf", ".ttc"))


def cjk_family() -> str | None:
    """Load the shipped CJK font (or find a system one); its family name, or None."""
    for path in _font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            return families[0]
    available = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    return next((f for f in SYSTEM_CJK if f in available), None)


def apply_fonts(app: QApplication) -> str | None:
    """Keep the platform UI font for Latin text and fall back to a CJK family for Chinese.

    Where the system's default face is itself a CJK font (some Linux font configurations),
    Latin text gets a Latin face first: CJK faces draw "…" as centred dots and set Latin
    text loosely.
    """
    family = cjk_family()
    font = QFont(app.font())
    if family:
        resolved = QFontInfo(font).family()  # "Sans Serif" is an alias: name the real face
        base = [resolved]
        if resolved == family or resolved in SYSTEM_CJK:
            available = set(QFontDatabase.families())
            base = [next((f for f in LATIN if f in available), resolved)]
        font.setFamilies([*base, family])
        app.setFont(font)
    return family
