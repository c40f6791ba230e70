"""The console's typed requests, one thin method per console operation of the table.

Kept apart from the transport in ``console.client`` (connection, resume, answers): these only
name each request's fields and the type of its result. ``tests/console/test_operations.py``
holds every method's parameters to ``console.operations``.
"""

from __future__ import annotations

import base64
from typing import Any

from console.domain import CallView, TechnicianView
from console.hub.protocol import error_from_wire


class ConsoleRequests:
    """Mixed into ``ConsoleClient``, which provides the three transport methods."""

    async def _request(
        self, op: str, fields: dict[str, Any], timeout: float | None = None
    ) -> dict[str, Any]:
        raise NotImplementedError

    async def command(self, op: str, **fields: Any) -> dict[str, Any]:
        raise NotImplementedError

    async def call(self, op: str, **fields: Any) -> Any:
        raise NotImplementedError

    async def create_call(self, **fields: Any) -> CallView:
        view: CallView = await self.call("create_call", **fields)
        return view

    async def assign(
        self,
        call_id: int,
        technician_id: int,
        *,
        expected_version: int | None = None,
        override_reason: str | None = None,
    ) -> CallView:
        view: CallView = await self.call(
            "assign",
            call_id=call_id,
            technician_id=technician_id,
            expected_version=expected_version,
            override_reason=override_reason,
        )
        return view

    async def reassign(
        self,
        call_id: int,
        technician_id: int,
        *,
        from_technician_id: int | None = None,
        expected_version: int | None = None,
        override_reason: str | None = None,
    ) -> CallView:
        view: CallView = await self.call(
            "reassign",
            call_id=call_id,
            technician_id=technician_id,
            from_technician_id=from_technician_id,
            expected_version=expected_version,
            override_reason=override_reason,
        )
        return view

    async def unassign(
        self,
        call_id: int,
        *,
        technician_id: int | None = None,
        expected_version: int | None = None,
        reason: str = "",
    ) -> CallView:
        view: CallView = await self.call(
            "unassign",
            call_id=call_id,
            technician_id=technician_id,
            expected_version=expected_version,
            reason=reason,
        )
        return view

    async def cancel(
        self, call_id: int, *, reason: str = "", expected_version: int | None = None
    ) -> CallView:
        view: CallView = await self.call(
            "cancel", call_id=call_id, reason=reason, expected_version=expected_version
        )
        return view

    async def pin(self, call_id: int) -> CallView:
        """Keep the call with its technicians in every later plan."""
        view: CallView = await self.call("pin", call_id=call_id)
        return view

    async def unpin(self, call_id: int) -> CallView:
        view: CallView = await self.call("unpin", call_id=call_id)
        return view

    async def add_note(self, call_id: int, text: str) -> CallView:
        view: CallView = await self.call("add_note", call_id=call_id, text=text)
        return view

    async def advance(
        self, call_id: int, to: str, *, expected_version: int | None = None
    ) -> CallView:
        view: CallView = await self.call(
            "advance", call_id=call_id, to=to, expected_version=expected_version
        )
        return view

    async def complete(
        self,
        call_id: int,
        *,
        price_charged: float | None = None,
        notes: str | None = None,
        parts: list[dict[str, Any]] | None = None,
        expected_version: int | None = None,
    ) -> CallView:
        view: CallView = await self.call(
            "complete",
            call_id=call_id,
            price_charged=price_charged,
            notes=notes,
            parts=parts,
            expected_version=expected_version,
        )
        return view

    async def fail(
        self,
        call_id: int,
        reason: str,
        *,
        revisit: bool | None = None,
        expected_version: int | None = None,
    ) -> CallView:
        view: CallView = await self.call(
            "fail",
            call_id=call_id,
            reason=reason,
            revisit=revisit,
            expected_version=expected_version,
        )
        return view

    async def rate(self, call_id: int, rating: int, *, feedback: str | None = None) -> CallView:
        view: CallView = await self.call("rate", call_id=call_id, rating=rating, feedback=feedback)
        return view

    async def set_technician_status(self, technician_id: int, status: str) -> TechnicianView:
        view: TechnicianView = await self.call(
            "set_technician_status", technician_id=technician_id, status=status
        )
        return view

    async def lookup_customer(self, phone: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self.call("lookup_customer", phone=phone)
        return found

    async def weekly_report(
        self,
        *,
        week: str,
        lang: str = "en",
        paper: str = "a4",
        tz: str | None = None,
        timeout: float = 300.0,
    ) -> bytes:
        """The weekly PDF built by the hub (supervisor or admin); a big week takes a while."""
        fields = {"week": week, "lang": lang, "paper": paper, **({"tz": tz} if tz else {})}
        msg = await self._request("weekly_report", fields, timeout)
        if msg.get("type") == "error":
            raise error_from_wire(msg)
        return base64.b64decode(msg["result"]["pdf"])

    async def policies(self) -> dict[str, Any]:
        """``{"policies": [...], "timezone": ...}``: the dispatch policies."""
        return dict((await self.command("policies"))["result"])

    async def set_policy(
        self,
        *,
        mode: str,
        start: str,
        end: str,
        category: str | None = None,
        hold_seconds: int | None = None,
    ) -> dict[str, Any]:
        """Add a dispatch policy (admins): ``mode`` manual/suggest/auto from ``start`` to
        ``end`` (local HH:MM), for one ``category`` or all."""
        fields: dict[str, Any] = {"mode": mode, "start": start, "end": end}
        if category is not None:
            fields["category"] = category
        if hold_seconds is not None:
            fields["hold_seconds"] = hold_seconds
        return dict((await self.command("set_policy", **fields))["result"])

    async def remove_policy(self, *, policy_id: int) -> dict[str, Any]:
        """Remove dispatch policy ``policy_id`` (admins)."""
        return dict((await self.command("remove_policy", policy_id=policy_id))["result"])

    async def call_detail(self, call_id: int) -> dict[str, Any]:
        detail: dict[str, Any] = await self.call("call_detail", call_id=call_id)
        return detail

    # --- accounts and sessions (admins; ``sign_out`` is on ConsoleClient) -------------

    async def users(self) -> list[dict[str, Any]]:
        """Every console user with role, state, lockout and open session count."""
        return list((await self.command("users"))["result"]["users"])

    async def create_user(
        self, username: str, role: str, password: str, *, display_name: str | None = None
    ) -> dict[str, Any]:
        """Add a console login; the password must pass the policy."""
        msg = await self.command("create_user", username=username, role=role,
                                 password=password, display_name=display_name)
        return dict(msg["result"]["user"])

    async def set_user_role(self, user_id: int, role: str) -> dict[str, Any]:
        """Change a role; the user's open sessions are revoked."""
        msg = await self.command("set_user_role", user_id=user_id, role=role)
        return dict(msg["result"]["user"])

    async def deactivate_user(self, user_id: int, *, reason: str = "") -> dict[str, Any]:
        msg = await self.command("deactivate_user", user_id=user_id, reason=reason)
        return dict(msg["result"]["user"])

    async def reset_password(self, user_id: int, password: str) -> dict[str, Any]:
        msg = await self.command("reset_password", user_id=user_id, password=password)
        return dict(msg["result"]["user"])

    async def unlock_user(self, user_id: int) -> dict[str, Any]:
        msg = await self.command("unlock_user", user_id=user_id)
        return dict(msg["result"]["user"])

    async def sessions(
        self, *, user_id: int | None = None, open_only: bool | None = None
    ) -> list[dict[str, Any]]:
        msg = await self.command("sessions", user_id=user_id, open_only=open_only)
        return list(msg["result"]["sessions"])

    async def revoke_session(self, session_id: int, reason: str) -> dict[str, Any]:
        """End a session at once on every hub (its console closes with 1008)."""
        msg = await self.command("revoke_session", session_id=session_id, reason=reason)
        return dict(msg["result"]["session"])
    async def security_report(
        self, *, month: str, lang: str = "en", tz: str | None = None, timeout: float = 300.0
    ) -> bytes:
        """The monthly security PDF built by the hub (supervisor or admin; audited)."""
        fields = {"month": month, "lang": lang, **({"tz": tz} if tz else {})}
        msg = await self._request("security_report", fields, timeout)
        if msg.get("type") == "error":
            raise error_from_wire(msg)
        return base64.b64decode(msg["result"]["pdf"])

    async def audit_trail(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        call_id: int | None = None,
        since: str | None = None,
        until: str | None = None,
        before_id: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """One page of the audit trail, newest first: ``{"rows": [...], "next": id|None}``
        (supervisors and admins; ``since``/``until`` ISO times)."""
        result: dict[str, Any] = await self.call(
            "audit_trail", actor=actor, action=action, call_id=call_id, since=since,
            until=until, before_id=before_id, limit=limit,
        )
        return result

    async def export_calls(
        self, *, first: str, last: str, target: str | None = None
    ) -> dict[str, Any]:
        """Calls of days ``first``..``last`` with customer data, masked by the role; the hub
        audits the export. ``{"header", "rows", "masked"}``."""
        result: dict[str, Any] = await self.call(
            "export_calls", first=first, last=last, target=target
        )
        return result

    async def record_export(
        self, *, kind: str, rows: int | None = None, target: str | None = None
    ) -> dict[str, Any]:
        """Tell the hub's audit trail about an export or print this console made."""
        result: dict[str, Any] = await self.call("record_export", kind=kind, rows=rows,
                                                 target=target)
        return result
    async def record_training(
        self,
        *,
        night_key: str,
        scenario: str,
        seed: int,
        speed: float,
        wall_seconds: float,
        sim_seconds: float,
        calls: int,
        sla_met: int,
        sla_decided: int,
        travel_km: float,
        trainer: str | None = None,
        engine: str | None = None,
        injections: list[str] | None = None,
        mean_min: float | None = None,
        p90_min: float | None = None,
        engine_mean_min: float | None = None,
        engine_p90_min: float | None = None,
        engine_sla_met: int | None = None,
        engine_sla_decided: int | None = None,
        engine_travel_km: float | None = None,
    ) -> dict[str, Any]:
        """Record one ended demo night for the signed-in user (the trainee) on this hub;
        ``console.training.record.request_fields`` builds the arguments."""
        fields = {k: v for k, v in locals().items() if k != "self" and v is not None}
        return dict((await self.command("record_training", **fields))["result"])

    async def training_records(self, *, scenario: str | None = None) -> dict[str, Any]:
        """Every trainee's nights, summaries and readiness (trainers and admins)."""
        fields = {"scenario": scenario} if scenario else {}
        return dict((await self.command("training_records", **fields))["result"])

    async def set_training_rule(
        self, *, nights: int, sla_within_pts: float, scenario: str | None = None
    ) -> dict[str, Any]:
        """Set the center's readiness rule (trainers and admins)."""
        fields: dict[str, Any] = {"nights": nights, "sla_within_pts": sla_within_pts}
        if scenario:
            fields["scenario"] = scenario
        return dict((await self.command("set_training_rule", **fields))["result"])
