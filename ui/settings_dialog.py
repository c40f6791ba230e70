"""Settings: alert volume and mute (with a test chime), theme, density, language.

Changes apply at once (non-modal dialog); the language takes effect at the next start.
Signals: changed() after any setting was written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ui.alerts import GENTLE, ChimePlayer
from ui.settings import Settings


class SettingsDialog(QDialog):
    changed = Signal()

    def __init__(
        self, settings: Settings, *, demo: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self._player: ChimePlayer | None = None
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(settings.get("alerts/volume"))
        self.volume_label = QLabel(self)
        self.muted = QCheckBox(self.tr("Mute all chimes (rows still pulse)"), self)
        self.muted.setChecked(settings.get("alerts/muted"))
        test = QPushButton(self.tr("Test chime"), self)
        test.clicked.connect(self.test_chime)
        self.theme = self._combo(
            "theme",
            (
                ("auto", self.tr("Automatic (night 20:00–07:00)")),
                ("night", self.tr("Night")),
                ("day", self.tr("Day")),
            ),
        )
        self.density = self._combo(
            "density", (("comfortable", self.tr("Comfortable")), ("compact", self.tr("Compact")))
        )
        self.language = self._combo(
            "language", (("", self.tr("System")), ("en", "English"), ("zh", "简体中文"))
        )
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_label)
        volume_row.addWidget(test)
        form = QFormLayout()
        form.addRow(self.tr("Chime volume"), volume_row)
        form.addRow("", self.muted)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Row density"), self.density)
        form.addRow(self.tr("Language (after restart)"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        if demo is not None:
            try:
                from ui.panels.demo_banner import DemoBanner

                layout.addWidget(DemoBanner(demo, parent=self))
            except (ImportError, TypeError):
                pass
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.volume.valueChanged.connect(lambda v: self._write("alerts/volume", int(v)))
        self.muted.toggled.connect(lambda on: self._write("alerts/muted", bool(on)))
        self._show_volume()

    def _combo(self, name: str, items: tuple[tuple[str, str], ...]) -> QComboBox:
        box = QComboBox(self)
        for value, text in items:
            box.addItem(text, value)
        box.setCurrentIndex(max(0, box.findData(self.settings.get(name))))
        box.currentIndexChanged.connect(lambda _i: self._write(name, box.currentData()))
        return box

    def _write(self, name: str, value: Any) -> None:
        self.settings.set(name, value)
        self._show_volume()
        self.changed.emit()

    def _show_volume(self) -> None:
        muted = self.settings.get("alerts/muted")
        self.volume.setEnabled(not muted)
        self.volume_label.setText(self.tr("muted") if muted else f"{self.volume.value()} %")

    def test_chime(self) -> None:
        if self.settings.get("alerts/muted"):
            return
        if self._player is None:
            self._player = ChimePlayer()
        self._player.play(GENTLE, self.settings.get("alerts/volume") / 100)
