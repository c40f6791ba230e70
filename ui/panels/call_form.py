"""The call-taking form for phone calls: look the caller up, type the job, press Enter.

The phone is looked up when the field is left (the caller's history appears while they are
still talking); every field is checked before anything is sent and each problem is shown
next to its field, as is a refusal from the hub (DispatchActions.form_error). A saved call
reaches the queue through the hub's event, like everybody else's.

Signals:
    call_submitted(dict)        the fields sent to DispatchActions.create_call
    pick_on_map_requested()     "Pick on map" pressed (the shell arms the map; the map's
                                new_call_requested(lat, lon) goes to ``set_location``)
    customer_found(object)      the look-up result ({"customer", "calls"}) or None
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.domain import CATEGORY_SKILLS, Priority
from console.wire import call_from_wire
from ui.models.labels import label
from ui.models.palette import color
from ui.models.tasks import spawn

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")
#: Server field names -> the form's error slot.
_FIELD_SLOT = {
    "customer_name": "name",
    "lat": "location",
    "lon": "location",
    "crew_size": "crew",
    "required_skills": "category",
}


class CallForm(QWidget):
    """Phone, name, address, location, category, priority, crew, notes; Enter saves."""

    call_submitted = Signal(dict)
    pick_on_map_requested = Signal()
    customer_found = Signal(object)

    def __init__(self, actions: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callForm")
        self._actions = actions
        self._looked_up = ""
        self._saving = False
        self.errors: dict[str, QLabel] = {}
        self._build()
        if actions is not None:
            actions.form_error.connect(self._on_form_error)
            actions.call_created.connect(self._on_call_created)
            actions.failed.connect(self._on_failed)

    def _build(self) -> None:
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("+86 138 0000 0000"))
        self.phone.editingFinished.connect(self.lookup)
        self.name = QLineEdit(self)
        self.address = QLineEdit(self)
        self.district = QLineEdit(self)
        self.lat = QLineEdit(self)
        self.lat.setPlaceholderText(self.tr("latitude"))
        self.lon = QLineEdit(self)
        self.lon.setPlaceholderText(self.tr("longitude"))
        self.pick = QPushButton(self.tr("Pick on map"), self)
        self.pick.clicked.connect(self.pick_on_map_requested)
        self.category = QComboBox(self)
        for cat in CATEGORY_SKILLS:
            self.category.addItem(label(cat), cat)
        self.priority = QComboBox(self)
        for prio in (Priority.NORMAL, Priority.URGENT, Priority.EMERGENCY):
            self.priority.addItem(label(prio.value), prio.value)
        self.crew = QSpinBox(self)
        self.crew.setRange(1, 4)
        self.notes = QLineEdit(self)
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setObjectName("customerHistory")
        self.status = QLabel(self)
        self.save = QPushButton(self.tr("Save call (Enter)"), self)
        self.save.setDefault(True)
        self.save.clicked.connect(self.submit)
        for edit in (
            self.phone,
            self.name,
            self.address,
            self.district,
            self.lat,
            self.lon,
            self.notes,
        ):
            edit.returnPressed.connect(self.submit)
        form = QFormLayout()
        location = QHBoxLayout()
        for w in (self.lat, self.lon, self.pick):
            location.addWidget(w)
        rows: list[tuple[str, str, Any]] = [
            ("phone", self.tr("Phone"), self.phone),
            ("name", self.tr("Name"), self.name),
            ("address", self.tr("Address"), self.address),
            ("district", self.tr("District"), self.district),
            ("location", self.tr("Location"), location),
            ("category", self.tr("Category"), self.category),
            ("priority", self.tr("Priority"), self.priority),
            ("crew", self.tr("Crew size"), self.crew),
            ("notes", self.tr("Notes"), self.notes),
        ]
        for key, caption, field in rows:
            form.addRow(caption, field)
            error = QLabel(self)
            error.setObjectName(f"error_{key}")
            error.setStyleSheet(f"color: {color('error').name()};")
            error.hide()
            self.errors[key] = error
            form.addRow("", error)
            if key == "phone":
                form.addRow("", self.history)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignRight)

    # --- public API ------------------------------------------------------------------------

    @Slot(float, float)
    def set_location(self, lat: float, lon: float) -> None:
        """Fill the coordinates (from the map's new_call_requested)."""
        self.lat.setText(f"{lat:.6f}")
        self.lon.setText(f"{lon:.6f}")
        self._set_error("location", "")

    def error_text(self, key: str) -> str:
        """The message shown next to a field ("" when none) — what the dispatcher reads."""
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""

    def validate(self) -> dict[str, Any] | None:
        """The fields for create_call, or None after showing what is wrong."""
        problems: dict[str, str] = {}
        phone = self.phone.text().strip()
        if not phone:
            problems["phone"] = self.tr("Enter the caller's phone number")
        elif not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 5:
            problems["phone"] = self.tr("Not a phone number (digits, spaces, + ( ) - only)")
        if not self.name.text().strip():
            problems["name"] = self.tr("Enter the caller's name")
        if not self.address.text().strip():
            problems["address"] = self.tr("Enter the address")
        lat, lon, where = _coordinates(self.lat.text(), self.lon.text())
        if where:
            problems["location"] = self.tr(where)
        for key in self.errors:
            self._set_error(key, problems.get(key, ""))
        if problems:
            self._focus_first(problems)
            return None
        return {
            "customer_name": self.name.text().strip(),
            "phone": phone,
            "address": self.address.text().strip(),
            "district": self.district.text().strip(),
            "lat": lat,
            "lon": lon,
            "category": self.category.currentData(),
            "priority": self.priority.currentData(),
            "crew_size": self.crew.value(),
            "notes": self.notes.text().strip(),
            "channel": "phone",
        }

    @Slot()
    def submit(self) -> bool:
        """Check and send (Enter); False when something needs fixing first."""
        fields = self.validate()
        if fields is None or self._actions is None:
            return False
        self._saving = True
        self.status.setText(self.tr("Saving…"))
        self.call_submitted.emit(fields)
        self._actions.create_call(fields)
        return True

    def clear(self) -> None:
        for edit in (
            self.phone,
            self.name,
            self.address,
            self.district,
            self.lat,
            self.lon,
            self.notes,
        ):
            edit.clear()
        self.category.setCurrentIndex(0)
        self.priority.setCurrentIndex(0)
        self.crew.setValue(1)
        self.history.clear()
        self._looked_up = ""
        for key in self.errors:
            self._set_error(key, "")
        self.phone.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def lookup(self) -> None:
        """Look the caller up by phone (once per number), without blocking typing."""
        phone = self.phone.text().strip()
        if not phone or phone == self._looked_up or self._actions is None:
            return
        if not _PHONE.match(phone):
            return
        self._looked_up = phone
        self.history.setText(self.tr("Looking up…"))
        spawn(
            self._actions.lookup_customer(phone),
            self._on_lookup_done,
            lambda exc: self.history.setText(self.tr("Look-up failed: %1").replace("%1", str(exc))),
            owner=self,
        )

    # --- handlers --------------------------------------------------------------------------

    def _on_lookup_done(self, result: dict[str, Any] | None) -> None:
        self.customer_found.emit(result)
        if not result:
            self.history.setText(self.tr("New caller"))
            return
        cust = result.get("customer") or {}
        for edit, key in (
            (self.name, "name"),
            (self.address, "address"),
            (self.district, "district"),
        ):
            if not edit.text().strip() and cust.get(key):
                edit.setText(str(cust[key]))
        if not self.lat.text().strip() and cust.get("lat") is not None:
            self.set_location(float(cust["lat"]), float(cust["lon"]))
        calls = [call_from_wire(c) for c in result.get("calls", [])]
        lines = [self.tr("%n previous call(s)", "", len(calls))]
        for c in calls[:5]:
            lines.append(
                f"#{c.id} {c.created_at:%Y-%m-%d} {label(c.category)}"
                f" — {label(c.status.value)}" + (f" ★{c.rating}" if c.rating else "")
            )
        self.history.setText("\n".join(lines))

    def _on_form_error(self, field: str, message: str) -> None:
        if not self._saving:
            return
        self._saving = False
        key = _FIELD_SLOT.get(field, field)
        self.status.setText(self.tr("Not saved"))
        if key in self.errors:
            self._set_error(key, message)
            self._focus_first({key: message})

    def _on_call_created(self, call: Any) -> None:
        if not self._saving:
            return
        self._saving = False
        self.clear()
        self.status.setText(self.tr("Call #%1 saved").replace("%1", str(call.id)))

    def _on_failed(self, message: str) -> None:
        if self._saving:
            self.status.setText(message)

    def _set_error(self, key: str, message: str) -> None:
        label = self.errors[key]
        label.setText(message)
        label.setVisible(bool(message))

    def _focus_first(self, problems: dict[str, str]) -> None:
        widgets = {
            "phone": self.phone,
            "name": self.name,
            "address": self.address,
            "location": self.lat,
            "category": self.category,
            "crew": self.crew,
            "notes": self.notes,
            "district": self.district,
            "priority": self.priority,
        }
        for key in widgets:
            if key in problems:
                widgets[key].setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on a combo box or the crew spin box saves too.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)


#: Location messages, marked for lupdate (context "CallForm") and translated when shown.
_NO_COORDS = str(
    QT_TRANSLATE_NOOP("CallForm", "Enter latitude and longitude, or pick the spot on the map")
)
_NOT_NUMBERS = str(
    QT_TRANSLATE_NOOP("CallForm", "Coordinates must be numbers, e.g. 31.2304 and 121.4737")
)
_BAD_LAT = str(QT_TRANSLATE_NOOP("CallForm", "Latitude must be between -90 and 90"))
_BAD_LON = str(QT_TRANSLATE_NOOP("CallForm", "Longitude must be between -180 and 180"))


def _coordinates(lat_text: str, lon_text: str) -> tuple[float, float, str]:
    """Parsed coordinates and "" — or the reason they are not usable (untranslated source)."""
    if not lat_text.strip() or not lon_text.strip():
        return 0.0, 0.0, _NO_COORDS
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        return 0.0, 0.0, _NOT_NUMBERS
    if not -90 <= lat <= 90:  # NaN fails every comparison, so it lands here too
        return 0.0, 0.0, _BAD_LAT
    if not -180 <= lon <= 180:
        return 0.0, 0.0, _BAD_LON
    return lat, lon, ""
