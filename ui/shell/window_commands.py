"""What each shortcut-table action does in the main window (one method per action id)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import shiboken6

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from console.recommend import recommend
from ui import theme
from ui.models.labels import label
from ui.panels.new_call_dialog import NewCallDialog
from ui.settings_dialog import SettingsDialog
from ui.shell import shortcuts
from ui.shell.roles import role_name
from ui.shell.window_base import ShellWindow


class Commands:
    def __init__(self, window: ShellWindow) -> None:
        self.w = window
        self.dialogs: dict[str, QWidget] = {}
        #: Audit notes on their way to the hub (record_export), kept until done.
        self.pending: set[asyncio.Future[Any]] = set()

    def handlers(self) -> dict[str, Callable[..., Any]]:
        table: dict[str, Callable[..., Any]] = {}
        for sc in shortcuts.SHORTCUTS:
            if sc.action.startswith("focus_"):
                name = sc.action.removeprefix("focus_")
                table[sc.action] = lambda _c=False, n=name: self.focus(n)
            else:
                method = self.by_action()[sc.action]
                table[sc.action] = lambda _c=False, m=method: m()
        return table

    def by_action(self) -> dict[str, Callable[[], Any]]:
        """Action id (shortcuts.SHORTCUTS) -> what it does; focus_* actions are generic."""
        return {
            "new_call": self.new_call,
            "assign_top": self.assign_top,
            "plan": self.plan,
            "pin_call": self.pin_call,
            "undo": self.undo,
            "next_call": self.next_call,
            "previous_call": self.previous_call,
            "search": self.search,
            "weekly_report": self.weekly_report,
            "api_keys": self.api_keys,
            "admin": self.admin,
            "review_night": self.review_night,
            "security_report": self.security_report,
            "audit_trail": self.audit_trail,
            "trainer_panel": self.trainer_panel,
            "training_records": self.training_records,
            "settings": self.settings,
            "cheat_sheet": self.cheat_sheet,
            "toggle_theme": self.toggle_theme,
            "toggle_density": self.toggle_density,
            "reset_layout": self.reset_layout,
            "full_screen": self.full_screen,
            "mute": self.mute,
            "quit": self.quit,
        }

    # --- dispatch ----------------------------------------------------------------------------

    def new_call(self, lat: float | None = None, lon: float | None = None) -> QWidget | None:
        """Open the call-taking form in its own non-modal window (one, kept for the shift).

        The dialog is hidden on close, never deleted: the window keeps it (and its form's
        idempotency key) here, so the next Ctrl+N shows the same live object again.
        """
        if not self.w.allowed("new_call"):
            return None
        dialog = self.dialogs.get("new_call")
        if not isinstance(dialog, NewCallDialog) or not shiboken6.isValid(dialog):
            dialog = NewCallDialog(self.w)
            dialog.pick_requested.connect(self._on_pick_requested)
            self.dialogs["new_call"] = dialog
        map_view = self.w.panel_set.map
        if map_view is not None and map_view.picking:
            map_view.set_pick_mode(False)
        if lat is not None and lon is not None:
            dialog.form.set_location(lat, lon)
        dialog.open_form()
        return dialog

    def _on_pick_requested(self) -> None:
        """Arm the map for one left click; without a map, say so and bring the form back."""
        map_view = self.w.panel_set.map
        dialog = self.dialogs.get("new_call")
        if map_view is None:
            self.w.toast.show_message(
                QCoreApplication.translate("MainWindow", "There is no map in this window")
            )
            if isinstance(dialog, NewCallDialog):
                dialog.open_form()
            return
        self.focus("map")
        map_view.set_pick_mode(True)
        self.w.toast.show_message(
            QCoreApplication.translate(
                "MainWindow", "Left-click the call's location on the map (Ctrl+N: back to the form)"
            ),
            timeout_ms=20_000,
        )
        self.w.place_toast()

    def location_picked(self, lat: float, lon: float) -> None:
        """The map's pick-mode click (or right-click): into the New call form."""
        self.w.toast.dismiss()
        self.new_call(lat=lat, lon=lon)

    def plan(self) -> None:
        """Ctrl+P: plan the night now, with the keyboard on the plan (Enter accepts)."""
        self.focus("plan")
        self.w.panel_set.plan.replan()

    def pin_call(self) -> None:
        """Ctrl+Shift+P: pin the plan's selected calls to their technicians (or unpin)."""
        self.w.panel_set.plan.toggle_pin_selected()

    def assign_top(self) -> bool:
        """Send the top recommendation to the selected call (not to one already in hand)."""
        p = self.w.panel_set
        if self._already_in_hand():
            return False
        if "recommendations" in self.w.panels:
            return bool(p.recommendations.assign_top() is not False)
        call_id = p.queue.selected_call_id()
        state = self.w.ctx.state
        call = state.calls.get(call_id) if call_id else None
        if call is None:
            self.w.toast.show_message(
                QCoreApplication.translate("MainWindow", "Select a call first")
            )
            return False
        recs = recommend(
            call,
            state.technicians.values(),
            open_calls=state.open_calls(),
            now=self.w.ctx.clock(),
            tz=self.w.ctx.tz,
            limit=1,
        )
        if not recs:
            self.w.toast.show_message(
                QCoreApplication.translate("MainWindow", "No technician can take this call now")
            )
            return False
        self.w.ctx.actions.assign(call.id, recs[0].technician_id)
        return True

    def _already_in_hand(self) -> bool:
        """Say so, in words, when the selected call's crew is complete (Ctrl+Enter again)."""
        call_id = self.w.panel_set.queue.selected_call_id()
        call = self.w.ctx.state.calls.get(call_id) if call_id else None
        if call is None or len(call.technician_ids) < call.crew_size:
            return False
        techs = self.w.ctx.state.technicians
        names = ", ".join(techs[t].name if t in techs else f"#{t}" for t in call.technician_ids)
        self.w.toast.show_message(
            QCoreApplication.translate(
                "MainWindow",
                "Call #{call} already has {names} ({status}). To send someone else, "
                "drag the call onto them.",
            ).format(call=call.id, names=names, status=label(call.status.value))
        )
        self.w.place_toast()
        return True

    def undo(self) -> None:
        if not self.w.ctx.actions.undo():
            self.w.toast.show_message(
                QCoreApplication.translate(
                    "MainWindow", "Nothing to undo (assignments can be undone for 10 s)"
                )
            )
            self.w.place_toast()

    def _step(self, delta: int) -> None:
        view = self.w.panel_set.queue.view
        if view.model() is None or view.model().rowCount() == 0:
            return
        rows = view.model().rowCount()
        chosen = view.selectionModel().selectedRows()
        current = chosen[0].row() if chosen else -1  # a focus-only current row is not a pick
        row = 0 if current < 0 else max(0, min(rows - 1, current + delta))
        index = view.model().index(row, 0)
        view.setCurrentIndex(index)
        view.selectRow(row)
        view.scrollTo(index)

    def next_call(self) -> None:
        self._step(1)

    def previous_call(self) -> None:
        self._step(-1)

    def search(self) -> None:
        self.focus("queue")
        self.w.panel_set.queue.focus_search()

    def focus(self, name: str) -> None:
        dock = self.w.docks.get(name)
        if dock is None:
            return
        dock.show()
        dock.raise_()
        target = self._focus_target(name)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_target(self, name: str) -> QWidget:
        """The widget that takes the keyboard in panel ``name`` (its table, where it has one)."""
        p = self.w.panel_set
        views: dict[str, QWidget] = {
            "queue": p.queue.view,
            "board": p.board.view,
            "recommendations": p.recommendations.view,
            "plan": p.plan.view,
            "timeline": p.timeline.view,
        }
        return views.get(name) or self.w.panels[name]

    def explain_denied(self, action: str) -> str:
        """A shortcut this window does not offer was pressed: say why, never stay silent."""
        role = role_name(self.w.ctx.role)
        if action == "weekly_report" and not self.w.ctx.db_url:
            text = QCoreApplication.translate(
                "MainWindow",
                "Reports read the database, and this console only knows the hub: "
                "start it with --db URL to print reports.",
            )
        elif action == "weekly_report":
            text = QCoreApplication.translate(
                "MainWindow",
                "Weekly reports are for supervisors and admins; you are signed in as {role}.",
            ).format(role=role)
        elif action in ("security_report", "audit_trail"):
            text = QCoreApplication.translate(
                "MainWindow",
                "The audit trail and the security report are for supervisors and admins; "
                "you are signed in as {role}.",
            ).format(role=role)
        elif action == "trainer_panel" and self.w.ctx.demo is None:
            text = QCoreApplication.translate(
                "MainWindow",
                "The trainer panel belongs to demo mode (dispatch-console --demo).",
            )
        elif action == "trainer_panel":
            text = QCoreApplication.translate(
                "MainWindow", "The trainer panel is for trainers; you are signed in as {role}."
            ).format(role=role)
        else:
            text = QCoreApplication.translate(
                "MainWindow", "Your role ({role}) can view dispatch but not change it."
            ).format(role=role)
        self.w.toast.show_message(text)
        self.w.place_toast()
        return text

    # --- windows and dialogs -----------------------------------------------------------------

    def weekly_report(self) -> QWidget | None:
        if not self.w.allowed("weekly_report"):
            return None
        from ui.report_dialog import ReportDialog  # loads reportlab: only when asked for

        dialog = ReportDialog(
            self.w.ctx.db_url or "",
            client=None if self.w.ctx.db_url else self.w.ctx.client,
            settings=self.w.ctx.settings,
            demo=self.w.ctx.demo,
            parent=self.w,
        )
        if self.w.ctx.db_url:  # built here, not by the hub: tell the hub's audit trail
            dialog.delivered.connect(self._on_weekly_report_delivered)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialogs["weekly_report"] = dialog
        return dialog

    def _on_weekly_report_delivered(self, week: str, target: str) -> None:
        client: Any = self.w.ctx.client
        if client is not None:
            task = asyncio.ensure_future(
                client.record_export(kind="weekly_report", target=f"{week} {target}"))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)

    def security_report(self) -> QWidget | None:
        if not self.w.allowed("security_report"):
            return None
        from ui.audit.security_report import SecurityReportDialog

        today = self.w.ctx.clock().date()
        from ui.i18n import resolve_language

        lang = resolve_language(None, str(self.w.ctx.settings.get("language")))
        dialog = SecurityReportDialog(self.w.ctx.client, today=today, lang=lang, parent=self.w)
        return self._show("security_report", dialog)

    def audit_trail(self) -> QWidget | None:
        if not self.w.allowed("audit_trail"):
            return None
        from ui.audit.viewer import AuditViewer

        dialog = AuditViewer(self.w.ctx.client, parent=self.w)
        dialog.search()  # the newest page at once
        return self._show("audit_trail", dialog)

    def _show(self, name: str, dialog: QWidget) -> QWidget:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialogs[name] = dialog
        return dialog

    def api_keys(self) -> QWidget | None:
        if not self.w.allowed("api_keys"):
            return None
        from console.services.actors import Actor
        from ui.api_keys_dialog import ApiKeysDialog

        user = self.w.ctx.user
        actor = Actor("user", user.get("id"), str(user.get("display_name", "admin")), "admin")
        dialog = ApiKeysDialog(self.w.ctx.db_url or "", actor, parent=self.w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialogs["api_keys"] = dialog
        return dialog

    def admin(self) -> QWidget | None:
        """Users, sessions, lockouts (hub requests) and API keys (with a database)."""
        if not self.w.allowed("admin") or self.w.ctx.client is None:
            return None
        from ui.admin.dialog import AdminDialog

        keys = self.api_keys_widget()
        dialog = AdminDialog(self.w.ctx.client, api_keys=keys, parent=self.w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialogs["admin"] = dialog
        return dialog

    def api_keys_widget(self) -> QWidget | None:
        if not self.w.allowed("api_keys"):
            return None
        from console.services.actors import Actor
        from ui.api_keys_dialog import ApiKeysDialog

        user = self.w.ctx.user
        actor = Actor("user", user.get("id"), str(user.get("display_name", "admin")), "admin")
        return ApiKeysDialog(self.w.ctx.db_url or "", actor)

    def review_night(self) -> QWidget | None:
        if not self.w.allowed("review_night"):
            return None
        from ui.replay.window import review_night  # the replay loads only when asked for

        dialog = review_night(self.w, window_class=type(self.w))
        self.dialogs["review_night"] = dialog
        return dialog

    def training_records(self) -> QWidget | None:
        if not self.w.allowed("training_records"):
            return None
        from ui.training.records_view import TrainingRecordsDialog

        dialog = TrainingRecordsDialog(self.w.ctx.client, parent=self.w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialogs["training_records"] = dialog
        return dialog

    def trainer_panel(self) -> None:
        """Ctrl+T: bring the trainer panel to the front; hide it only when it is in front.

        A tabbed dock behind another tab still reports isVisible(); what the trainer sees
        is whether any of it is on screen (its visible region)."""
        dock = self.w.docks.get("trainer")
        if dock is None or not self.w.allowed("trainer_panel"):
            return
        in_front = dock.isVisible() and not dock.visibleRegion().isEmpty()
        if in_front:
            dock.hide()
        else:
            dock.show()
            dock.raise_()

    def settings(self) -> QWidget:
        dialog = SettingsDialog(self.w.ctx.settings, demo=self.w.ctx.demo, parent=self.w)
        dialog.changed.connect(self._on_settings_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialogs["settings"] = dialog
        return dialog

    def _on_settings_changed(self) -> None:
        self.w.actions_by_id["mute"].setChecked(bool(self.w.ctx.settings.get("alerts/muted")))
        self.w.apply_theme()

    def cheat_sheet(self) -> QWidget:
        allowed = {a for a in self.w.actions_by_id if self.w.allowed(a)}
        sheet = shortcuts.CheatSheet(self.w, allowed=allowed)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.w.add_demo_banner(sheet)
        sheet.show()
        self.dialogs["cheat_sheet"] = sheet
        return sheet

    def toggle_theme(self) -> None:
        self.w.ctx.settings.set("theme", "day" if theme.current_name() == "night" else "night")
        self.w.apply_theme()

    def toggle_density(self) -> None:
        current = self.w.ctx.settings.get("density")
        self.w.ctx.settings.set("density", "compact" if current == "comfortable" else "comfortable")
        self.w.apply_theme()

    def reset_layout(self) -> None:
        self.w.reset_layout()

    def full_screen(self) -> None:
        self.w.setWindowState(self.w.windowState() ^ Qt.WindowState.WindowFullScreen)

    def mute(self) -> None:
        muted = not self.w.ctx.settings.get("alerts/muted")
        self.w.ctx.settings.set("alerts/muted", muted)
        self.w.actions_by_id["mute"].setChecked(muted)

    def quit(self) -> None:
        self.w.close()
